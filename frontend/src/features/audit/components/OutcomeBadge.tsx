import type { AuditOutcome } from '../../../api/types';
import { useI18n } from '../../../i18n/useI18n';
import { OUTCOME_LABELS } from './labels';

const STYLE: Record<AuditOutcome, { className: string; mark: string }> = {
  succeeded: { className: 'badge-ok', mark: '✓' },
  failed: { className: 'badge-danger', mark: '✕' },
  pending: { className: 'badge-neutral', mark: '…' },
};

/** How an action ended: in words, with a mark and a colour that differ too. */
export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  const { t } = useI18n();
  const style = STYLE[outcome] ?? STYLE.pending;
  const label = OUTCOME_LABELS[outcome] ? t(OUTCOME_LABELS[outcome]) : outcome;
  return (
    <span className={`badge ${style.className}`}>
      <span aria-hidden="true">{style.mark}</span>
      {label}
    </span>
  );
}
