import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

import { isApiError } from '../../../api/errors';
import { Banner } from '../../../components/Banner';
import type { Translate } from '../../../i18n/translate';
import { useI18n } from '../../../i18n/useI18n';
import { useLogin } from '../hooks/useLogin';

function failureText(error: unknown, t: Translate): string {
  if (!isApiError(error) || error.isNetwork) return t('error.network.body');
  if (error.status === 401) return t('login.failed');
  if (error.status === 429) {
    return error.retryAfterSeconds !== undefined
      ? t('login.rateLimitedFor', { seconds: error.retryAfterSeconds })
      : t('login.rateLimited');
  }
  return error.problem?.detail ?? t('error.server.body');
}

/** Username and password. Calls `onLoggedIn` once the server accepted them. */
export function LoginForm({ onLoggedIn }: { onLoggedIn: () => void }) {
  const { t } = useI18n();
  const login = useLogin();
  const id = useId();
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username: boolean; password: boolean }>({
    username: false,
    password: false,
  });

  useEffect(() => {
    usernameRef.current?.focus();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (login.isPending) return;
    const next = { username: username.trim() === '', password: password === '' };
    setMissing(next);
    if (next.username || next.password) {
      (next.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    login.mutate(
      { username: username.trim(), password },
      {
        onSuccess: onLoggedIn,
        onError: () => {
          setPassword('');
          passwordRef.current?.focus();
        },
      },
    );
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-describedby={login.isError ? `${id}-error` : undefined}>
      {login.isError ? (
        <div id={`${id}-error`}>
          <Banner tone="error" urgent title={failureText(login.error, t)} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-username`}>{t('login.username')}</label>
        <input
          ref={usernameRef}
          id={`${id}-username`}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          aria-invalid={missing.username}
          aria-describedby={missing.username ? `${id}-username-error` : undefined}
        />
        {missing.username ? (
          <p id={`${id}-username-error`} className="field-error">
            {t('login.usernameRequired')}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('login.password')}</label>
        <input
          ref={passwordRef}
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={missing.password}
          aria-describedby={missing.password ? `${id}-password-error` : undefined}
        />
        {missing.password ? (
          <p id={`${id}-password-error`} className="field-error">
            {t('login.passwordRequired')}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button-primary button-block" aria-disabled={login.isPending}>
        {login.isPending ? t('login.signingIn') : t('login.submit')}
      </button>
    </form>
  );
}
