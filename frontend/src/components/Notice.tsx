import type { ReactNode } from 'react';

import { useI18n } from '../i18n/useI18n';

/** A dismissable outcome notice: success politely, failure as an alert. */
export function Notice({
  tone,
  children,
  onDismiss,
}: {
  tone: 'success' | 'error';
  children: ReactNode;
  onDismiss: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="notice-text">{children}</div>
      <button type="button" className="button-quiet" onClick={onDismiss}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
