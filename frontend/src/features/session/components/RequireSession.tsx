import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';

import { ErrorState } from '../../../components/ErrorState';
import { SkeletonBlock } from '../../../components/Skeleton';
import { loginPath } from '../../../lib/return-to';
import { AgentSessionContext } from '../hooks/agent-session-context';
import { useSession } from '../hooks/useSession';
import { useSessionExpiry } from '../hooks/useSessionExpiry';

/** Shows its children to a logged-in agent; sends anyone else to the login page and back. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const expired = useSessionExpiry();

  if (session.isPending) {
    return (
      <main className="page page-narrow" id="main">
        <SkeletonBlock lines={2} />
      </main>
    );
  }
  if (session.isError) {
    return (
      <main className="page page-narrow" id="main">
        <ErrorState
          error={session.error}
          onRetry={() => void session.refetch()}
          retrying={session.isFetching}
        />
      </main>
    );
  }
  if (!session.data) {
    return (
      <Navigate to={loginPath(location.pathname + location.search, expired ? 'expired' : undefined)} replace />
    );
  }
  return <AgentSessionContext value={session.data}>{children}</AgentSessionContext>;
}
