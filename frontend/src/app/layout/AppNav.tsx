import { NavLink } from 'react-router-dom';

import { useAgentSession } from '../../features/session/hooks/useAgentSession';
import { useI18n } from '../../i18n/useI18n';

/** The screens beyond search, each shown only to agents who may use it. */
export function AppNav() {
  const { t } = useI18n();
  const { permissions } = useAgentSession();
  if (!permissions.readAudit) return null;
  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      <NavLink to="/audit">{t('nav.audit')}</NavLink>
    </nav>
  );
}
