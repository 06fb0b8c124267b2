import { Outlet } from 'react-router-dom';

import { OfflineBanner } from '../../components/OfflineBanner';
import { AppHeader } from './AppHeader';
import { SkipLink } from './SkipLink';

/** Header with the search field, then the page. */
export function AppLayout() {
  return (
    <>
      <SkipLink />
      <AppHeader />
      <main id="main" className="page" tabIndex={-1}>
        <OfflineBanner />
        <Outlet />
      </main>
    </>
  );
}
