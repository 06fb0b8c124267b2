import type { Device, DeviceAction } from '../../../api/types';
import { Dash } from '../../../components/Dash';
import { RelativeTime } from '../../../components/RelativeTime';
import { useI18n } from '../../../i18n/useI18n';
import { MobileAuthBadge } from './MobileAuthBadge';
import { PlatformCell } from './PlatformCell';

/**
 * One device. Every upstream string goes in as text. Only the changes that would change
 * something (the device's `availableActions`) are offered, and "Verify caller" only on a device
 * that can receive a push.
 */
export function DeviceRow({
  device,
  onDelete,
  onAction,
  onVerify,
  selected,
  onSelect,
}: {
  device: Device;
  /** Whether the row is selected for a deletion of several; absent: no checkbox. */
  selected?: boolean;
  onSelect?: (device: Device, selected: boolean) => void;
  /** Absent when the agent may not delete devices: then there is no button at all. */
  onDelete?: (device: Device, trigger: HTMLButtonElement) => void;
  /** Absent when the agent may not change devices. */
  onAction?: (device: Device, action: DeviceAction, trigger: HTMLButtonElement) => void;
  /** Absent when the agent may not verify callers (permissions are independent of deleting). */
  onVerify?: (device: Device, trigger: HTMLButtonElement) => void;
}) {
  const { t } = useI18n();
  const verifiable = device.mobileAuthentication === 'activated_with_push';
  return (
    <tr>
      {onSelect ? (
        <td className="select">
          <input
            type="checkbox"
            checked={selected ?? false}
            aria-label={t('bulkDelete.select', { name: device.name || device.id })}
            onChange={(event) => onSelect(device, event.currentTarget.checked)}
          />
        </td>
      ) : null}
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
      {onDelete || onVerify ? (
        <td className="actions">
          <div className="action-buttons">
            {onVerify && verifiable ? (
              <button
                type="button"
                className="button"
                aria-label={`${t('verify.button')} ${device.name}`}
                onClick={(event) => onVerify(device, event.currentTarget)}
              >
                {t('verify.button')}
              </button>
            ) : null}
            {onAction
              ? (device.availableActions ?? []).map((action) => (
                  <button
                    key={action}
                    type="button"
                    className="button"
                    aria-label={`${t(`deviceAction.${action}`)} ${device.name}`}
                    onClick={(event) => onAction(device, action, event.currentTarget)}
                  >
                    {t(`deviceAction.${action}`)}
                  </button>
                ))
              : null}
            {onDelete ? (
              <button
                type="button"
                className="button button-danger-quiet"
                aria-label={`${t('devices.delete')} ${device.name}`}
                onClick={(event) => onDelete(device, event.currentTarget)}
              >
                {t('devices.delete')}
              </button>
            ) : null}
          </div>
        </td>
      ) : null}
    </tr>
  );
}
