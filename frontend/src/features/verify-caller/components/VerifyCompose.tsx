import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';

import { useI18n } from '../../../i18n/useI18n';
import { MESSAGE_MAX, type MessageProblem, messageLength, messageProblem, withoutLineBreaks } from '../hooks/message';
import type { StartProblem } from '../hooks/start-problem';

/**
 * The first step: the message the phone shows, checked as the server will (one line, not empty,
 * at most 200 characters). Enter sends; a line break pasted in becomes a space.
 */
export function VerifyCompose({
  message,
  onMessage,
  pending,
  problem,
  onSend,
  onCancel,
}: {
  message: string;
  onMessage: (message: string) => void;
  pending: boolean;
  /** Why the last attempt did not start, if it did not. */
  problem: StartProblem | null;
  onSend: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const [invalid, setInvalid] = useState<MessageProblem | null>(null);
  const count = messageLength(message);

  useEffect(() => {
    fieldRef.current?.focus();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    const why = messageProblem(message);
    setInvalid(why);
    if (why) {
      fieldRef.current?.focus();
      return;
    }
    onSend(message);
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }

  return (
    <form onSubmit={submit} className="stack" noValidate>
      <div className="field">
        <label htmlFor={`${id}-message`}>{t('verify.messageLabel')}</label>
        <textarea
          ref={fieldRef}
          id={`${id}-message`}
          name="message"
          rows={3}
          value={message}
          onChange={(event) => {
            const next = withoutLineBreaks(event.target.value);
            onMessage(next);
            if (invalid) setInvalid(messageProblem(next));
          }}
          onKeyDown={keyDown}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? `${id}-error ${id}-hint` : `${id}-hint`}
          readOnly={pending}
        />
        <p id={`${id}-hint`} className={count > MESSAGE_MAX ? 'small field-error' : 'small muted'}>
          {t('verify.messageHint', { count, max: MESSAGE_MAX })}
        </p>
        {invalid ? (
          <p id={`${id}-error`} className="field-error">
            {t(`verify.messageProblem.${invalid}`, { max: MESSAGE_MAX })}
          </p>
        ) : null}
      </div>
      {problem ? (
        <div className="banner banner-error" role="alert">
          <div className="banner-text">
            <p>{problem.text}</p>
            {problem.detail ? <p className="small">{problem.detail}</p> : null}
          </div>
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} aria-disabled={pending}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" aria-disabled={pending}>
          {pending ? t('verify.sending') : t('verify.send')}
        </button>
      </div>
    </form>
  );
}
