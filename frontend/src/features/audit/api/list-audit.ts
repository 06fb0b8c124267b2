import { api } from '../../../api/client';
import { request } from '../../../api/request';
import type { operations } from '../../../api/schema';
import type { AuditPage } from '../../../api/types';

/** The query of `GET /api/v1/audit`. */
export type AuditQuery = NonNullable<operations['listAudit']['parameters']['query']>;

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit trail, newest first; `before` is the `nextBefore` of the page before. */
export function listAudit(
  query: Omit<AuditQuery, 'limit' | 'before'>,
  before: number | undefined,
  signal?: AbortSignal,
): Promise<AuditPage> {
  return request(async () => {
    const outcome = await api.GET('/api/v1/audit', {
      params: { query: { ...query, limit: AUDIT_PAGE_SIZE, before } },
      signal,
    });
    // The client asks for JSON, so the answer is a page, not this operation's CSV form.
    return { ...outcome, data: outcome.data as AuditPage | undefined };
  });
}
