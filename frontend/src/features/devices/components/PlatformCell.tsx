import type { Device } from '../../../api/types';
import type { MessageKey } from '../../../i18n/messages/en';
import { useI18n } from '../../../i18n/useI18n';
import { PlatformIcon } from './PlatformIcon';

const NAMES: Record<Device['platform'], MessageKey> = {
  android: 'platform.android',
  ios: 'platform.ios',
  other: 'platform.other',
};

/** Icon, name and version: "iOS 17.4"; a platform we do not know by the Token Server's name for it. */
export function PlatformCell({ device }: { device: Device }) {
  const { t } = useI18n();
  const name =
    device.platform === 'other' && device.platformName
      ? device.platformName
      : t(NAMES[device.platform] ?? 'platform.other');
  return (
    <span className="platform">
      <PlatformIcon platform={device.platform} />
      <span>
        {name}
        {device.osVersion ? ` ${device.osVersion}` : ''}
      </span>
    </span>
  );
}
