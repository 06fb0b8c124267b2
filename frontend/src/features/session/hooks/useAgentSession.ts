import { use } from 'react';

import type { Session } from '../../../api/types';
import { AgentSessionContext } from './agent-session-context';

/**
 * The session, inside <RequireSession>. It comes from context rather than the query, so when the
 * session ends the guard swaps the page for a redirect before anything below reads a null.
 */
export function useAgentSession(): Session {
  const session = use(AgentSessionContext);
  if (!session) throw new Error('useAgentSession is only for pages inside <RequireSession>');
  return session;
}
