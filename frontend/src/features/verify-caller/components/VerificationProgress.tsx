import { useEffect, useId, useRef } from 'react';

import { isApiError } from '../../../api/errors';
import type { Verification } from '../../../api/types';
import { useI18n } from '../../../i18n/useI18n';
import { clockOffset } from '../hooks/countdown';
import { type StateView, stateView } from '../hooks/outcome';
import { useVerification } from '../hooks/useVerification';
import { Countdown } from './Countdown';

/**
 * The second step: where the verification stands, live. Pending shows a countdown and a way to
 * stop waiting; an outcome shows in words and colour, and only `approved` says the caller is
 * verified. State changes are announced politely; the countdown is not.
 */
export function VerificationProgress({
  userId,
  started,
  receivedAt,
  onOutcome,
  onClose,
  onRetry,
}: {
  userId: string;
  /** The verification as the server started it. */
  started: Verification;
  /** When that answer came, by our clock. */
  receivedAt: number;
  /** The verification has an outcome (called once). */
  onOutcome: () => void;
  onClose: () => void;
  /** Back to the message, for another request. */
  onRetry: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const reported = useRef(false);
  const query = useVerification(userId, started, receivedAt);
  const verification = query.data;
  // The server will not answer about it any more (forgotten, or no longer allowed): not verified.
  const refused =
    verification.state === 'pending' && isApiError(query.error) && query.error.status >= 400 && query.error.status < 500;
  const pending = verification.state === 'pending' && !refused;
  const view: StateView = refused
    ? { tone: 'error', mark: '✕', text: t('verify.lost') }
    : stateView(verification.state, verification.deviceName, t);
  const note = pending
    ? verification.checkFailing
      ? t('verify.checkFailing')
      : query.isError
        ? t('verify.pollFailing')
        : null
    : null;

  useEffect(() => {
    closeRef.current?.focus();
  }, []);

  useEffect(() => {
    if (pending || reported.current) return;
    reported.current = true;
    onOutcome();
  }, [pending, onOutcome]);

  return (
    <div className="stack">
      <div className={`banner banner-${view.tone} verify-state`}>
        <span className="verify-mark" aria-hidden="true">
          {view.mark}
        </span>
        <div id={`${id}-state`} className="banner-text" role="status">
          <p className="banner-title">
            {view.text}
            {pending ? (
              <>
                {' — '}
                <Countdown expiresAt={verification.expiresAt} offsetMs={clockOffset(started, receivedAt)} />
              </>
            ) : null}
          </p>
          {note ? <p className="small">{note}</p> : null}
        </div>
      </div>
      <dl className="summary">
        <div>
          <dt>{t('verify.sentMessage')}</dt>
          <dd className="verify-message">{verification.message}</dd>
        </div>
      </dl>
      {pending ? (
        <p id={`${id}-hint`} className="small muted">
          {t('verify.stopHint')}
        </p>
      ) : null}
      <div className="dialog-actions">
        {pending || verification.state === 'approved' ? null : (
          <button type="button" className="button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        )}
        {/* One button, Stop waiting then Close, so focus stays on it when the outcome comes. */}
        <button
          ref={closeRef}
          type="button"
          className={pending ? 'button' : 'button button-primary'}
          aria-describedby={pending ? `${id}-state ${id}-hint` : undefined}
          onClick={onClose}
        >
          {pending ? t('verify.stop') : t('verify.close')}
        </button>
      </div>
    </div>
  );
}
