import { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router-dom';

import { SkeletonBlock } from '../components/Skeleton';
import { RequireSession } from '../features/session/components/RequireSession';
import { AppLayout } from './layout/AppLayout';
import { HomeRoute } from './routes/HomeRoute';
import { LoginRoute } from './routes/LoginRoute';
import { NotFoundRoute } from './routes/NotFoundRoute';
import { ProfileRoute } from './routes/ProfileRoute';
import { SearchRoute } from './routes/SearchRoute';

// Supervisors' screens load on first visit: the agents' first screen does not carry them.
const AuditRoute = lazy(() => import('./routes/AuditRoute').then((m) => ({ default: m.AuditRoute })));

/** The URLs of the app; every one can be bookmarked and shared. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<HomeRoute />} />
        <Route path="search" element={<SearchRoute />} />
        <Route path="users/:userId" element={<ProfileRoute />} />
        <Route
          path="audit"
          element={
            <Suspense fallback={<SkeletonBlock lines={6} />}>
              <AuditRoute />
            </Suspense>
          }
        />
        <Route path="*" element={<NotFoundRoute />} />
      </Route>
    </Routes>
  );
}
