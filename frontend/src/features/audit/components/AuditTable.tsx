import { Link } from 'react-router-dom';

import type { AuditRecord } from '../../../api/types';
import { Dash } from '../../../components/Dash';
import { RelativeTime } from '../../../components/RelativeTime';
import { useI18n } from '../../../i18n/useI18n';
import { ACTION_LABELS } from './labels';
import { OutcomeBadge } from './OutcomeBadge';

/**
 * Audit records newest first. Every value but the action and outcome comes from a person or an
 * upstream (names, ids, reasons): all of it is rendered as text.
 */
export function AuditTable({
  records,
  linkUsers,
}: {
  records: readonly AuditRecord[];
  /** Whether the agent may open a user's profile: the user id is then a link to it. */
  linkUsers: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="table-box">
      <table className="table audit-table">
        <caption className="sr-only">{t('audit.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.col.time')}</th>
            <th scope="col">{t('audit.col.agent')}</th>
            <th scope="col">{t('audit.col.action')}</th>
            <th scope="col">{t('audit.col.user')}</th>
            <th scope="col">{t('audit.col.device')}</th>
            <th scope="col">{t('audit.col.reason')}</th>
            <th scope="col">{t('audit.col.outcome')}</th>
            <th scope="col">{t('audit.col.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id}>
              <td className="nowrap">
                <RelativeTime value={record.occurredAt} />
              </td>
              <td className="cell-text cell-id">{record.agent || <Dash />}</td>
              <td className="cell-text">
                {ACTION_LABELS[record.action] ? t(ACTION_LABELS[record.action]) : record.action}
              </td>
              <td className="cell-text cell-id">
                {record.userId ? (
                  linkUsers ? (
                    <Link to={`/users/${encodeURIComponent(record.userId)}`}>{record.userId}</Link>
                  ) : (
                    record.userId
                  )
                ) : (
                  <Dash />
                )}
              </td>
              <td className="cell-text cell-id">
                {record.deviceId || record.application ? (
                  <>
                    {record.deviceId ? <span className="mono">{record.deviceId}</span> : null}
                    {record.application ? <span className="block small muted">{record.application}</span> : null}
                  </>
                ) : (
                  <Dash />
                )}
              </td>
              <td className="cell-text">{record.reason || <Dash />}</td>
              <td className="nowrap">
                <OutcomeBadge outcome={record.outcome} />
              </td>
              <td className="cell-text">{record.detail || <Dash />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
