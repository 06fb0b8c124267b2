import { useNavigate, useSearchParams } from 'react-router-dom';

import { ForbiddenPage } from '../../components/StatusPage';
import { AuditScreen } from '../../features/audit/components/AuditScreen';
import { type AuditFilters, filtersFromSearch, searchFromFilters } from '../../features/audit/hooks/filters';
import { useAgentSession } from '../../features/session/hooks/useAgentSession';

/**
 * `/audit?agent=&userId=&action=&outcome=&from=&to=`: the audit trail for supervisors
 * (AGENTS_READ). The filters live in the URL, so a view can be shared and Back goes to the last
 * one. Loaded on first visit only (see AppRoutes), so the first screen stays small.
 */
export function AuditRoute() {
  const session = useAgentSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  if (!session.permissions.readAudit) return <ForbiddenPage />;

  function apply(filters: AuditFilters) {
    const search = searchFromFilters(filters);
    void navigate(search ? `/audit?${search}` : '/audit');
  }

  return (
    <AuditScreen
      filters={filtersFromSearch(params)}
      onApply={apply}
      linkUsers={session.permissions.readUsers}
    />
  );
}
