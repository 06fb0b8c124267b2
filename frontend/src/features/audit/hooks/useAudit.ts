import { useInfiniteQuery } from '@tanstack/react-query';

import { queryKeys } from '../../../lib/query-keys';
import { listAudit } from '../api/list-audit';
import { type AuditFilters, activeFilters, toQuery } from './filters';

/** The audit trail under these filters, newest first, a page at a time. */
export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit(activeFilters(filters)),
    queryFn: ({ pageParam, signal }) => listAudit(toQuery(filters), pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    staleTime: 30_000,
  });
}
