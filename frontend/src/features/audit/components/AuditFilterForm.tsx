import { type FormEvent, useId, useState } from 'react';

import { useI18n } from '../../../i18n/useI18n';
import { type AuditFilters, NO_FILTERS, datesOutOfOrder } from '../hooks/filters';
import { ACTIONS, ACTION_LABELS, OUTCOMES, OUTCOME_LABELS } from './labels';

/**
 * The filters in one row (wrapping when narrow). They apply on submit, not per keystroke, so
 * each applied set is one step in the browser's history. Keyed by the applied filters by its
 * parent, so Back and Forward show what the URL holds.
 */
export function AuditFilterForm({
  applied,
  onApply,
}: {
  applied: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<AuditFilters>(applied);
  const [outOfOrder, setOutOfOrder] = useState(false);

  function set<K extends keyof AuditFilters>(name: K, value: AuditFilters[K]) {
    setDraft((d) => ({ ...d, [name]: value }));
    if (outOfOrder && (name === 'from' || name === 'to')) setOutOfOrder(false);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (datesOutOfOrder(draft)) {
      setOutOfOrder(true);
      return;
    }
    onApply(draft);
  }

  function clear() {
    setDraft(NO_FILTERS);
    setOutOfOrder(false);
    onApply(NO_FILTERS);
  }

  const field = (name: keyof AuditFilters) => `${id}-${name}`;
  const errorId = `${id}-dates-error`;

  return (
    <form className="filters" aria-label={t('audit.filters')} onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={field('agent')}>{t('audit.filter.agent')}</label>
        <input
          id={field('agent')}
          name="agent"
          autoComplete="off"
          spellCheck={false}
          value={draft.agent}
          onChange={(e) => set('agent', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={field('userId')}>{t('audit.filter.userId')}</label>
        <input
          id={field('userId')}
          name="userId"
          autoComplete="off"
          spellCheck={false}
          value={draft.userId}
          onChange={(e) => set('userId', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={field('action')}>{t('audit.filter.action')}</label>
        <select id={field('action')} name="action" value={draft.action} onChange={(e) => set('action', e.target.value)}>
          <option value="">{t('audit.filter.anyAction')}</option>
          {ACTIONS.map((action) => (
            <option key={action} value={action}>
              {t(ACTION_LABELS[action])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('outcome')}>{t('audit.filter.outcome')}</label>
        <select
          id={field('outcome')}
          name="outcome"
          value={draft.outcome}
          onChange={(e) => set('outcome', e.target.value)}
        >
          <option value="">{t('audit.filter.anyOutcome')}</option>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {t(OUTCOME_LABELS[outcome])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('from')}>{t('audit.filter.from')}</label>
        <input
          id={field('from')}
          name="from"
          type="date"
          value={draft.from}
          max={draft.to || undefined}
          onChange={(e) => set('from', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={field('to')}>{t('audit.filter.to')}</label>
        <input
          id={field('to')}
          name="to"
          type="date"
          value={draft.to}
          min={draft.from || undefined}
          onChange={(e) => set('to', e.target.value)}
          aria-invalid={outOfOrder}
          aria-describedby={outOfOrder ? errorId : undefined}
        />
      </div>
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          {t('audit.apply')}
        </button>
        <button type="button" className="button" onClick={clear}>
          {t('audit.clear')}
        </button>
      </div>
      {outOfOrder ? (
        <p id={errorId} className="field-error filters-error" role="alert">
          {t('audit.filter.datesOutOfOrder')}
        </p>
      ) : null}
    </form>
  );
}
