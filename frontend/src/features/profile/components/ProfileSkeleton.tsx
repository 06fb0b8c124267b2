import { SkeletonBlock } from '../../../components/Skeleton';
import { useI18n } from '../../../i18n/useI18n';

/** The profile's shape while it loads: header, devices, events. */
export function ProfileSkeleton() {
  const { t } = useI18n();
  return (
    <div className="stack" aria-busy="true">
      <SkeletonBlock lines={2} label={t('profile.loading')} />
      <div className="skeleton-table" aria-hidden="true">
        {Array.from({ length: 4 }, (_, i) => (
          <span key={i} className="skeleton-line" />
        ))}
      </div>
      <div className="skeleton-table" aria-hidden="true">
        {Array.from({ length: 5 }, (_, i) => (
          <span key={i} className="skeleton-line" />
        ))}
      </div>
    </div>
  );
}
