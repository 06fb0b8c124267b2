import { useOnline } from '../hooks/useOnline';
import { useI18n } from '../i18n/useI18n';
import { Banner } from './Banner';

/** Says so while the browser is offline. */
export function OfflineBanner() {
  const online = useOnline();
  const { t } = useI18n();
  if (online) return null;
  return <Banner tone="error" urgent title={t('offline.title')}>{t('offline.body')}</Banner>;
}
