// Query keys shared by the features, so the app can invalidate what a change touched.
import type { EventSource } from '../api/types';

export type EventFilter = EventSource | 'all';

export const queryKeys = {
  session: ['session'] as const,
  loginOptions: ['session', 'options'] as const,
  search: (email: string) => ['search', email.toLowerCase()] as const,
  user: (userId: string) => ['users', userId] as const,
  profile: (userId: string) => ['users', userId, 'profile'] as const,
  events: (userId: string, source: EventFilter) => ['users', userId, 'events', source] as const,
  // Not under `user`: refreshing the profile after an outcome does not read the verification again.
  verification: (userId: string, verificationId: string) => ['verifications', userId, verificationId] as const,
  /** The audit trail under one set of filters (as they stand in the URL). */
  audit: (filters: Readonly<Record<string, string>>) => ['audit', filters] as const,
};
