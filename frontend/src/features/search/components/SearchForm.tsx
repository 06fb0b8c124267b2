import { type FormEvent, useId, useRef, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';

import { useI18n } from '../../../i18n/useI18n';
import { looksLikeEmail } from '../../../lib/email';
import { useSlashShortcut } from '../hooks/useSlashShortcut';

/** The header's one search field: an e-mail address; Enter searches; `/` focuses it. */
export function SearchForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const current = location.pathname === '/search' ? (params.get('email') ?? '') : '';
  const [value, setValue] = useState(current);
  const [shown, setShown] = useState(current);
  const [invalid, setInvalid] = useState(false);
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  useSlashShortcut(inputRef);

  // Follow the URL when it changes (back/forward, a shared link), without an effect.
  if (current !== shown) {
    setShown(current);
    if (current) setValue(current);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const email = value.trim();
    if (!looksLikeEmail(email)) {
      setInvalid(true);
      inputRef.current?.focus();
      return;
    }
    setInvalid(false);
    void navigate(`/search?email=${encodeURIComponent(email)}`);
  }

  return (
    <form role="search" className="search-form" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-email`} className="sr-only">
        {t('search.label')}
      </label>
      <div className="search-input">
        <input
          ref={inputRef}
          id={`${id}-email`}
          type="email"
          name="email"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('search.placeholder')}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            if (invalid) setInvalid(!looksLikeEmail(e.target.value.trim()));
          }}
          aria-invalid={invalid}
          aria-describedby={`${id}-hint${invalid ? ` ${id}-error` : ''}`}
        />
        <kbd className="search-kbd" aria-hidden="true">
          /
        </kbd>
      </div>
      <span id={`${id}-hint`} className="sr-only">
        {t('search.hint')}
      </span>
      <button type="submit" className="button button-primary">
        {t('search.submit')}
      </button>
      {invalid ? (
        <p id={`${id}-error`} className="field-error search-error" role="alert">
          {t('search.invalid')}
        </p>
      ) : null}
    </form>
  );
}
