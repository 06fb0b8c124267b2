/** The languages of the UI, each with the locale its dates and numbers are formatted in. */
export const LANGUAGES = {
  en: { locale: 'en-GB', name: 'English' },
  nl: { locale: 'nl-NL', name: 'Nederlands' },
} as const;

export type Language = keyof typeof LANGUAGES;

export const STORAGE_KEY = 'cs.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'nl';
}

/** The stored choice, else the browser's preference, else English. */
export function initialLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage may be blocked; fall through.
  }
  const preferred = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en'];
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}
