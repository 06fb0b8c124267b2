import { LANGUAGES, type Language } from '../i18n/languages';
import { useI18n } from '../i18n/useI18n';

const ORDER: Language[] = ['en', 'nl'];

/** EN | NL: two toggle buttons, the current one pressed. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {ORDER.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={language === code}
          aria-label={`${code.toUpperCase()} ${LANGUAGES[code].name}`}
          onClick={() => setLanguage(code)}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
