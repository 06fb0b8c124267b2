import { createContext } from 'react';

import type { Language } from './languages';
import type { Translate } from './translate';

export interface I18n {
  language: Language;
  /** The BCP 47 locale dates and numbers are formatted in. */
  locale: string;
  t: Translate;
  setLanguage: (language: Language) => void;
}

export const I18nContext = createContext<I18n | null>(null);
