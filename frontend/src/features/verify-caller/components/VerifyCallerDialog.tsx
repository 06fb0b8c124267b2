import { useId, useState } from 'react';

import type { Device, Verification } from '../../../api/types';
import { Dash } from '../../../components/Dash';
import { Modal } from '../../../components/Modal';
import { useI18n } from '../../../i18n/useI18n';
import { startProblem } from '../hooks/start-problem';
import { useStartVerification } from '../hooks/useStartVerification';
import { VerificationProgress } from './VerificationProgress';
import { VerifyCompose } from './VerifyCompose';

interface Started {
  verification: Verification;
  /** When the server's answer came, by our clock (for the countdown). */
  receivedAt: number;
}

/**
 * "Verify caller": sends a push to one of the user's devices and follows it until the user
 * approves or denies it there, or the time is up. Names the device throughout; says the caller
 * is verified only when the server says `approved`.
 */
export function VerifyCallerDialog({
  userId,
  device,
  returnFocus,
  onChanged,
  onClose,
}: {
  userId: string;
  device: Device;
  /** The button that opened it: focus goes back there. */
  returnFocus?: HTMLElement | null;
  /** A request was sent or answered: the user's events (and devices) are stale. */
  onChanged: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const start = useStartVerification(userId);
  const [message, setMessage] = useState(() => t('verify.defaultMessage'));
  const [started, setStarted] = useState<Started | null>(null);

  function close() {
    // A request on its way cannot be called back: the dialog stays until it is answered.
    if (!start.isPending) onClose();
  }

  function send(text: string) {
    start.mutate(
      { deviceId: device.id, message: text },
      {
        onSuccess: (verification) => {
          setStarted({ verification, receivedAt: Date.now() });
          onChanged();
        },
      },
    );
  }

  return (
    <Modal labelledBy={`${id}-title`} busy={start.isPending} returnFocus={returnFocus} onClose={close}>
      <div className="stack">
        <h2 id={`${id}-title`} className="dialog-title">
          {t('verify.title')}
        </h2>
        <dl className="summary">
          <div>
            <dt>{t('devices.col.name')}</dt>
            <dd className="cell-text verify-device-name">{device.name || <Dash />}</dd>
          </div>
          <div>
            <dt>{t('devices.col.application')}</dt>
            <dd className="cell-text">{device.application || <Dash />}</dd>
          </div>
          <div>
            <dt>{t('devices.col.model')}</dt>
            <dd className="cell-text">{device.model || <Dash />}</dd>
          </div>
        </dl>
        {started ? (
          <VerificationProgress
            key={started.verification.id}
            userId={userId}
            started={started.verification}
            receivedAt={started.receivedAt}
            onOutcome={onChanged}
            onClose={close}
            onRetry={() => {
              start.reset();
              setStarted(null);
            }}
          />
        ) : (
          <>
            <p className="muted">{t('verify.intro')}</p>
            <VerifyCompose
              message={message}
              onMessage={setMessage}
              pending={start.isPending}
              problem={start.isError ? startProblem(device.name, start.error, t) : null}
              onSend={send}
              onCancel={close}
            />
          </>
        )}
      </div>
    </Modal>
  );
}
