import { Link } from 'react-router-dom';

import { Banner } from '../../components/Banner';
import { PageHeading } from '../../components/PageHeading';
import { useAgentSession } from '../../features/session/hooks/useAgentSession';
import { useI18n } from '../../i18n/useI18n';

/** The start: where to type, and the shortcut. */
export function HomeRoute() {
  const { t } = useI18n();
  const session = useAgentSession();
  return (
    <section className="home stack">
      <PageHeading title={t('home.title')}>{t('home.title')}</PageHeading>
      <p>{t('home.body')}</p>
      <p className="muted">
        {t('home.shortcutBefore')} <kbd>/</kbd> {t('home.shortcutAfter')}
      </p>
      {session.permissions.readUsers ? null : <Banner tone="info" title={t('home.noReadUsers')} />}
      {/* Supervisors may have the audit trail without reading users: the way there is right here. */}
      {session.permissions.readAudit ? (
        <p>
          <Link to="/audit">{t('home.audit')}</Link>
        </p>
      ) : null}
    </section>
  );
}
