import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';

import { I18nContext } from './context';
import { type Language, LANGUAGES, STORAGE_KEY, initialLanguage } from './languages';
import { en } from './messages/en';
import { nl } from './messages/nl';
import { translator } from './translate';

const MESSAGES = { en, nl } as const;

export function I18nProvider({ children, language: fixed }: { children: ReactNode; language?: Language }) {
  const [language, setState] = useState<Language>(() => fixed ?? initialLanguage());

  const setLanguage = useCallback((next: Language) => {
    setState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage may be blocked: the choice then lasts until reload.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo(
    () => ({
      language,
      locale: LANGUAGES[language].locale,
      t: translator(MESSAGES[language]),
      setLanguage,
    }),
    [language, setLanguage],
  );
  return <I18nContext value={value}>{children}</I18nContext>;
}
