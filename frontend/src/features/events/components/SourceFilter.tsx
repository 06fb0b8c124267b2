import { useId } from 'react';

import type { EventFilter } from '../../../lib/query-keys';
import { useI18n } from '../../../i18n/useI18n';

const FILTERS: EventFilter[] = ['all', 'cim', 'token_server'];

export function SourceFilter({ value, onChange }: { value: EventFilter; onChange: (value: EventFilter) => void }) {
  const { t } = useI18n();
  const id = useId();
  const label = (f: EventFilter) =>
    f === 'all' ? t('events.filter.all') : f === 'cim' ? t('source.cim') : t('source.token_server');
  return (
    <div className="inline-field">
      <label htmlFor={id}>{t('events.filter.label')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as EventFilter)}>
        {FILTERS.map((f) => (
          <option key={f} value={f}>
            {label(f)}
          </option>
        ))}
      </select>
    </div>
  );
}
