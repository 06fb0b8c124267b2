import { createContext } from 'react';

import type { Session } from '../../../api/types';

/** The session of the logged-in agent, provided by <RequireSession> to the pages inside it. */
export const AgentSessionContext = createContext<Session | null>(null);
