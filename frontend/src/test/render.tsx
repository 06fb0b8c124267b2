import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';

import { AppProviders } from '../app/AppProviders';
import { AppRoutes } from '../app/AppRoutes';
import { createQueryClient } from '../app/query-client';
import type { Language } from '../i18n/languages';

/** Shows the current URL, so tests can assert where the app went. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export function renderApp(path: string, options: { language?: Language } = {}) {
  const queryClient = createQueryClient({ retry: false });
  const user = userEvent.setup();
  const view = render(
    <AppProviders queryClient={queryClient} language={options.language ?? 'en'}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
        <LocationProbe />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...view, user, queryClient };
}

/** One component with the app's providers, at a route when it reads params. */
export function renderWithProviders(
  ui: ReactElement,
  options: { language?: Language; path?: string; route?: string } = {},
) {
  const queryClient = createQueryClient({ retry: false });
  const user = userEvent.setup();
  const path = options.path ?? '/';
  const view = render(
    <AppProviders queryClient={queryClient} language={options.language ?? 'en'}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={options.route ?? '*'} element={ui} />
        </Routes>
        <LocationProbe />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...view, user, queryClient };
}
