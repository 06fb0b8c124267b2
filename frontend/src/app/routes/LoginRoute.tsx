import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';

import { LanguageSwitch } from '../../components/LanguageSwitch';
import { PageHeading } from '../../components/PageHeading';
import { LoginPanel } from '../../features/session/components/LoginPanel';
import { useSession } from '../../features/session/hooks/useSession';
import { useI18n } from '../../i18n/useI18n';
import { safeReturnTo } from '../../lib/return-to';

/** `/login?returnTo=…`: after login the agent lands where they were going. */
export function LoginRoute() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const expired = params.get('reason') === 'expired';
  const ssoFailed = params.has('sso_error');

  if (session.data) return <Navigate to={returnTo} replace />;

  return (
    <main id="main" className="login-page">
      <div className="login-card stack">
        <div className="login-top">
          <p className="brand">{t('app.name')}</p>
          <LanguageSwitch />
        </div>
        <PageHeading title={t('login.title')} focus={false}>
          {t('login.title')}
        </PageHeading>
        <LoginPanel
          returnTo={returnTo}
          expired={expired}
          ssoFailed={ssoFailed}
          onLoggedIn={() => void navigate(returnTo, { replace: true })}
        />
      </div>
    </main>
  );
}
