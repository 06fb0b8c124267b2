import type { Device } from '../../../api/types';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DeviceSummary } from './DeviceSummary';

/**
 * Asks once before devices are changed or deleted: one device in full, several by name, then
 * what follows and an optional reason.
 */
export function DeviceConfirmDialog({
  devices,
  ...rest
}: {
  devices: readonly Device[];
  pending: boolean;
  title: string;
  consequence: string;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const summary =
    devices.length === 1 && devices[0] ? (
      <DeviceSummary device={devices[0]} />
    ) : (
      <ul className="device-names">
        {devices.map((device) => (
          <li key={device.id} className="cell-text">
            {device.name || device.id}
          </li>
        ))}
      </ul>
    );
  return <ConfirmDialog summary={summary} {...rest} />;
}
