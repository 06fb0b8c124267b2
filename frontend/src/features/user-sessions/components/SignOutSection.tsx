import { useEffect, useId, useRef, useState } from 'react';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Notice } from '../../../components/Notice';
import { useI18n } from '../../../i18n/useI18n';
import { type SignOutOutcome, signOutOutcome } from '../hooks/sign-out-outcome';
import { useSignOut } from '../hooks/useSignOut';

/**
 * "Sign out everywhere": ends every session of the user at the Token Server and revokes their
 * tokens, after a dialog that says what it means. For agents who may change devices only.
 */
export function SignOutSection({
  userId,
  displayName,
  onSignedOut,
}: {
  userId: string;
  displayName: string;
  /** The user's sessions ended: whatever shows their events is stale. */
  onSignedOut: () => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<SignOutOutcome | null>(null);
  const signOut = useSignOut(userId);

  // Back to the button once the dialog is gone: while the modal is open, the page behind it
  // cannot take focus.
  const wasAsking = useRef(false);
  useEffect(() => {
    if (wasAsking.current && !asking) buttonRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  function close() {
    setAsking(false);
  }

  function confirm(reason: string) {
    signOut.mutate(reason, {
      onSettled: (data, error) => {
        setOutcome(signOutOutcome(data, error ?? undefined, t));
        if (data) onSignedOut();
        close();
      },
    });
  }

  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('signOut.title')}</h2>
      {outcome ? (
        <Notice tone={outcome.tone} onDismiss={() => setOutcome(null)}>
          <p>{outcome.text}</p>
          {outcome.detail ? <p className="small">{outcome.detail}</p> : null}
        </Notice>
      ) : null}
      <p className="muted">{t('signOut.explain')}</p>
      <button
        ref={buttonRef}
        type="button"
        className="button button-danger-quiet"
        onClick={() => {
          setOutcome(null);
          signOut.reset();
          setAsking(true);
        }}
      >
        {t('signOut.button')}
      </button>
      {asking ? (
        <ConfirmDialog
          summary={<p className="cell-text">{displayName}</p>}
          pending={signOut.isPending}
          title={t('signOut.dialogTitle')}
          consequence={t('signOut.consequence')}
          confirmLabel={t('signOut.button')}
          pendingLabel={t('signOut.working')}
          onConfirm={confirm}
          onClose={() => {
            if (!signOut.isPending) close();
          }}
        />
      ) : null}
    </section>
  );
}
