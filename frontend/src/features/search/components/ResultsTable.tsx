import { Link } from 'react-router-dom';

import type { UserSummary } from '../../../api/types';
import { Dash } from '../../../components/Dash';
import { useI18n } from '../../../i18n/useI18n';

/** Several people share the address: name, primary e-mail and device count of each. */
export function ResultsTable({ users }: { users: readonly UserSummary[] }) {
  const { t } = useI18n();
  return (
    <div className="table-box">
      <table className="table">
        <caption className="sr-only">{t('search.results.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('search.results.name')}</th>
            <th scope="col">{t('search.results.email')}</th>
            <th scope="col" className="num">
              {t('search.results.devices')}
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.personId}>
              <td className="cell-text">
                <Link to={`/users/${encodeURIComponent(user.personId)}`}>
                  {user.displayName || t('person.unnamed')}
                </Link>
              </td>
              <td className="cell-text">{user.primaryEmail ?? <Dash />}</td>
              <td className="num">{user.deviceCount ?? <Dash />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
