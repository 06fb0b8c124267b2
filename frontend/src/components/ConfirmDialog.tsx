import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';

import { useI18n } from '../i18n/useI18n';

export const REASON_MAX = 500;

/**
 * Asks once before a change: says what it concerns and what follows, takes an optional reason
 * for the audit trail. A modal <dialog>: focus starts on Cancel and stays inside; Escape
 * cancels; nothing can be done twice while the change is pending.
 */
export function ConfirmDialog({
  summary,
  pending,
  title,
  consequence,
  confirmLabel,
  pendingLabel,
  onConfirm,
  onClose,
}: {
  /** What the change concerns (a device, a list of names, a user). */
  summary: ReactNode;
  pending: boolean;
  title: string;
  consequence: string;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [reason, setReason] = useState('');

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!pending) onConfirm(reason);
  }

  function cancel() {
    if (!pending) onClose();
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-consequence`}
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
      onClose={() => {
        // The browser may close it itself (a second Escape): keep the page in step. The event
        // comes a task later, so a dialog shown again since (React's StrictMode re-runs
        // effects in development) is still open and stays.
        if (!dialogRef.current?.open) onClose();
      }}
    >
      <form onSubmit={submit} className="stack" aria-busy={pending}>
        <h2 id={`${id}-title`} className="dialog-title">
          {title}
        </h2>
        {summary}
        <p id={`${id}-consequence`} className="dialog-consequence">
          {consequence}
        </p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('deleteDialog.reason')}</label>
          <textarea
            id={`${id}-reason`}
            name="reason"
            rows={3}
            maxLength={REASON_MAX}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={`${id}-reason-hint`}
            readOnly={pending}
          />
          <p id={`${id}-reason-hint`} className="small muted">
            {t('deleteDialog.reasonHint', { count: reason.length, max: REASON_MAX })}
          </p>
        </div>
        <div className="dialog-actions">
          <button ref={cancelRef} type="button" className="button" onClick={cancel} aria-disabled={pending}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-danger" aria-disabled={pending}>
            {pending ? pendingLabel : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
