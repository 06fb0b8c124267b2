import { api } from '../../../api/client';
import { request } from '../../../api/request';
import type { EventSource, EventsPage } from '../../../api/types';

export const EVENTS_PAGE_SIZE = 20;

export function listEvents(
  userId: string,
  options: { source?: EventSource; before?: string; limit?: number },
  signal?: AbortSignal,
): Promise<EventsPage> {
  return request(() =>
    api.GET('/api/v1/users/{userId}/events', {
      params: {
        path: { userId },
        query: {
          limit: options.limit ?? EVENTS_PAGE_SIZE,
          source: options.source,
          before: options.before,
        },
      },
      signal,
    }),
  );
}
