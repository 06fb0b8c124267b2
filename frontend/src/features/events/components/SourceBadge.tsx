import type { EventSource } from '../../../api/types';
import { useI18n } from '../../../i18n/useI18n';

/** Which product recorded the event. */
export function SourceBadge({ source }: { source: EventSource }) {
  const { t } = useI18n();
  return (
    <span className={`source-badge source-${source === 'cim' ? 'cim' : 'ts'}`}>
      {source === 'cim' ? t('source.cim') : t('source.token_server')}
    </span>
  );
}
