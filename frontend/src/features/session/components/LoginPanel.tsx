import { Banner } from '../../../components/Banner';
import { SkeletonBlock } from '../../../components/Skeleton';
import { useI18n } from '../../../i18n/useI18n';
import { useLoginOptions } from '../hooks/useLoginOptions';
import { LoginForm } from './LoginForm';
import { SsoButton } from './SsoButton';

/** The ways to log in this server offers: a password form, single sign-on, or both. */
export function LoginPanel({
  returnTo,
  expired,
  ssoFailed = false,
  onLoggedIn,
}: {
  returnTo: string;
  expired: boolean;
  /** The server sent the agent back from a single sign-on that did not complete. */
  ssoFailed?: boolean;
  onLoggedIn: () => void;
}) {
  const { t } = useI18n();
  const options = useLoginOptions();
  return (
    <div className="stack">
      {expired ? <Banner tone="info" title={t('login.expired')} /> : null}
      {ssoFailed ? <Banner tone="error" urgent title={t('login.ssoFailed')} /> : null}
      {options.isPending ? (
        <SkeletonBlock lines={3} />
      ) : (
        <>
          {options.data?.password !== false ? <LoginForm onLoggedIn={onLoggedIn} /> : null}
          {options.data?.password !== false && options.data?.oidc ? (
            <p className="divider">
              <span>{t('login.or')}</span>
            </p>
          ) : null}
          {options.data?.oidc ? <SsoButton returnTo={returnTo} label={options.data.oidcLabel} /> : null}
        </>
      )}
    </div>
  );
}
