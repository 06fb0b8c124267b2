import { useI18n } from '../../../i18n/useI18n';
import { ssoLoginUrl } from '../api/session';

/** Single sign-on: a plain link, because the provider needs a full-page navigation. */
export function SsoButton({ returnTo, label }: { returnTo: string; label?: string | null }) {
  const { t } = useI18n();
  return (
    <a className="button button-secondary button-block" href={ssoLoginUrl(returnTo)}>
      {label ? t('login.ssoWith', { name: label }) : t('login.sso')}
    </a>
  );
}
