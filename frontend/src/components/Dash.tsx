import { useI18n } from '../i18n/useI18n';

/** A missing value: a muted dash on screen, "not known" to a screen reader. */
export function Dash() {
  const { t } = useI18n();
  return (
    <span className="muted">
      <span aria-hidden="true">—</span>
      <span className="sr-only">{t('common.notKnown')}</span>
    </span>
  );
}
