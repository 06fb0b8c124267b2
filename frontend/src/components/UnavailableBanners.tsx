import type { SourceName, Unavailable } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import type { MessageKey } from '../i18n/messages/en';
import { Banner } from './Banner';

const TITLES: Record<SourceName, MessageKey> = {
  cim_persons: 'unavailable.cim_persons',
  cim_events: 'unavailable.cim_events',
  token_server_devices: 'unavailable.token_server_devices',
  token_server_events: 'unavailable.token_server_events',
};

/** One banner per upstream source that could not be read, for the sources this section shows. */
export function UnavailableBanners({
  unavailable,
  sources,
}: {
  unavailable: readonly Unavailable[];
  sources: readonly SourceName[];
}) {
  const { t } = useI18n();
  const seen = new Set<SourceName>();
  const shown = unavailable.filter((u) => {
    if (!sources.includes(u.source) || seen.has(u.source)) return false;
    seen.add(u.source);
    return true;
  });
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((u) => (
        <Banner key={u.source} tone="warning" title={t(TITLES[u.source] ?? 'unavailable.unknown')}>
          <p className="banner-detail">{u.reason}</p>
        </Banner>
      ))}
    </>
  );
}
