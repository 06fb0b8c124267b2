import type { Device, DeviceAction } from '../../../api/types';
import { useI18n } from '../../../i18n/useI18n';
import { DeviceRow } from './DeviceRow';

/** The devices, most recently used first; the table scrolls inside its box on narrow screens. */
export function DevicesTable({
  devices,
  onDelete,
  onAction,
  onVerify,
  selected,
  onSelect,
  captionId,
}: {
  /** The ids selected for a deletion of several; absent: no selection column. */
  selected?: ReadonlySet<string>;
  onSelect?: (device: Device, selected: boolean) => void;
  devices: readonly Device[];
  onDelete?: (device: Device, trigger: HTMLButtonElement) => void;
  onAction?: (device: Device, action: DeviceAction, trigger: HTMLButtonElement) => void;
  /** Absent when the agent may not verify callers: no "Verify caller" buttons. */
  onVerify?: (device: Device, trigger: HTMLButtonElement) => void;
  captionId: string;
}) {
  const { t } = useI18n();
  return (
    <div className="table-box">
      <table className="table devices-table" aria-labelledby={captionId}>
        <thead>
          <tr>
            {onSelect ? (
              <th scope="col" className="select">
                <span className="sr-only">{t('devices.col.select')}</span>
              </th>
            ) : null}
            <th scope="col">{t('devices.col.lastUsed')}</th>
            <th scope="col">{t('devices.col.application')}</th>
            <th scope="col">{t('devices.col.platform')}</th>
            <th scope="col">{t('devices.col.model')}</th>
            <th scope="col">{t('devices.col.name')}</th>
            <th scope="col">{t('devices.col.mobileAuth')}</th>
            {onDelete || onVerify ? (
              <th scope="col" className="actions-head">
                <span className="sr-only">{t('devices.col.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <DeviceRow
              key={device.id}
              device={device}
              onDelete={onDelete}
              onAction={onAction}
              onVerify={onVerify}
              selected={selected?.has(device.id)}
              onSelect={onSelect}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
