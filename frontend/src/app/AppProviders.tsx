import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import { I18nProvider } from '../i18n/I18nProvider';
import type { Language } from '../i18n/languages';

/** Everything a screen needs around it, but the router (the app and tests pick their own). */
export function AppProviders({
  queryClient,
  language,
  children,
}: {
  queryClient: QueryClient;
  language?: Language;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider language={language}>{children}</I18nProvider>
    </QueryClientProvider>
  );
}
