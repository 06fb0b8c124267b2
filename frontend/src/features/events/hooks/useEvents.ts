import { type InfiniteData, useInfiniteQuery } from '@tanstack/react-query';

import type { EventsPage } from '../../../api/types';
import { type EventFilter, queryKeys } from '../../../lib/query-keys';
import { listEvents } from '../api/list-events';

/**
 * The events of one source (or all), page by page. The profile already holds the first page of
 * all sources: passed as `firstPage`, it is shown without asking again.
 */
export function useEvents(
  userId: string,
  source: EventFilter,
  firstPage?: { page: EventsPage; updatedAt: number },
) {
  const initial: InfiniteData<EventsPage, string | undefined> | undefined =
    source === 'all' && firstPage ? { pages: [firstPage.page], pageParams: [undefined] } : undefined;
  return useInfiniteQuery({
    queryKey: queryKeys.events(userId, source),
    queryFn: ({ pageParam, signal }) =>
      listEvents(userId, { source: source === 'all' ? undefined : source, before: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    initialData: initial,
    initialDataUpdatedAt: initial ? firstPage?.updatedAt : undefined,
    staleTime: 30_000,
  });
}
