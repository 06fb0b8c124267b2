import type { Device } from '../../../api/types';
import { Dash } from '../../../components/Dash';
import { RelativeTime } from '../../../components/RelativeTime';
import { useI18n } from '../../../i18n/useI18n';
import { MobileAuthBadge } from './MobileAuthBadge';
import { PlatformCell } from './PlatformCell';

/** One device. Every upstream string goes in as text. */
export function DeviceRow({
  device,
  onDelete,
}: {
  device: Device;
  /** Absent when the agent may not delete devices: then there is no button at all. */
  onDelete?: (device: Device, trigger: HTMLButtonElement) => void;
}) {
  const { t } = useI18n();
  return (
    <tr>
      <td className="nowrap">
        <RelativeTime value={device.lastUsedAt} />
      </td>
      <td className="cell-text">{device.application || <Dash />}</td>
      <td className="nowrap">
        <PlatformCell device={device} />
      </td>
      <td className="cell-text">{device.model || <Dash />}</td>
      <td className="cell-text device-name">
        <span className="clamp" title={device.name}>
          {device.name || <Dash />}
        </span>
      </td>
      <td>
        <MobileAuthBadge status={device.mobileAuthentication} />
      </td>
      {onDelete ? (
        <td className="actions">
          <button
            type="button"
            className="button button-danger-quiet"
            aria-label={`${t('devices.delete')} ${device.name}`}
            onClick={(event) => onDelete(device, event.currentTarget)}
          >
            {t('devices.delete')}
          </button>
        </td>
      ) : null}
    </tr>
  );
}
