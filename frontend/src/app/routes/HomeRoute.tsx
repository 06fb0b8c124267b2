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
    </section>
  );
}
