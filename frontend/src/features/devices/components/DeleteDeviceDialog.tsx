import type { Device } from '../../../api/types';
import { useI18n } from '../../../i18n/useI18n';
import { DeviceConfirmDialog } from './DeviceConfirmDialog';

/** Asks once before a device goes: the user must register the app again. */
export function DeleteDeviceDialog({
  device,
  pending,
  onConfirm,
  onClose,
}: {
  device: Device;
  pending: boolean;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <DeviceConfirmDialog
      devices={[device]}
      pending={pending}
      title={t('deleteDialog.title')}
      consequence={t('deleteDialog.consequence')}
      confirmLabel={t('deleteDialog.confirm')}
      pendingLabel={t('deleteDialog.deleting')}
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}
