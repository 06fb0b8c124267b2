import { useI18n } from '../i18n/useI18n';

/** Grey placeholder lines while data loads; announced once as "Loading". */
export function SkeletonBlock({ lines = 3, label }: { lines?: number; label?: string }) {
  const { t } = useI18n();
  return (
    <div className="skeleton" role="status">
      <span className="sr-only">{label ?? t('common.loading')}</span>
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="skeleton-line" aria-hidden="true" />
      ))}
    </div>
  );
}
