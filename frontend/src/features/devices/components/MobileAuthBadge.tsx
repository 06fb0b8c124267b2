import type { MobileAuthentication } from '../../../api/types';
import type { MessageKey } from '../../../i18n/messages/en';
import { useI18n } from '../../../i18n/useI18n';

const STYLES: Record<MobileAuthentication, { label: MessageKey; className: string; mark: string }> = {
  not_activated: { label: 'mobileAuth.not_activated', className: 'mobile-auth-off', mark: '○' },
  activated: { label: 'mobileAuth.activated', className: 'mobile-auth-on', mark: '✓' },
  activated_with_push: { label: 'mobileAuth.activated_with_push', className: 'mobile-auth-push', mark: '✓✓' },
};

/** Three clearly different looks (not only colour): outline, tinted, solid. */
export function MobileAuthBadge({ status }: { status: MobileAuthentication }) {
  const { t } = useI18n();
  const style = STYLES[status] ?? STYLES.not_activated;
  return (
    <span className={`mobile-auth ${style.className}`}>
      <span aria-hidden="true" className="mobile-auth-mark">
        {style.mark}
      </span>
      {t(style.label)}
    </span>
  );
}
