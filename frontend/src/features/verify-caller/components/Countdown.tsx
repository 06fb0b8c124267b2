import { useNow } from '../../../hooks/useNow';
import { formatCountdown } from '../../../i18n/format';
import { useI18n } from '../../../i18n/useI18n';
import { secondsLeft } from '../hooks/countdown';

/**
 * "1:42 left", ticking every second by the local clock (corrected by the server's offset). A
 * timer: screen readers read it when asked, never on every tick.
 */
export function Countdown({ expiresAt, offsetMs }: { expiresAt: string; offsetMs: number }) {
  const { t } = useI18n();
  const now = useNow(1000);
  const left = secondsLeft(expiresAt, now, offsetMs);
  return (
    <span role="timer" aria-live="off" className="verify-countdown">
      {t('verify.timeLeft', { time: formatCountdown(left) })}
    </span>
  );
}
