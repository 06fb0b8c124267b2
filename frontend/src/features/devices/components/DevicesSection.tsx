import { useEffect, useId, useRef, useState } from 'react';

import type { Device, DeviceAction, Unavailable } from '../../../api/types';
import { Notice } from '../../../components/Notice';
import { UnavailableBanners } from '../../../components/UnavailableBanners';
import { useI18n } from '../../../i18n/useI18n';
import { type BulkOutcome, bulkOutcome } from '../hooks/bulk-outcome';
import { changeOutcome } from '../hooks/change-outcome';
import { type Outcome, deleteOutcome } from '../hooks/delete-outcome';
import { sortDevices } from '../hooks/sort-devices';
import { useChangeDevice } from '../hooks/useChangeDevice';
import { useDeleteDevice } from '../hooks/useDeleteDevice';
import { useDeleteDevices } from '../hooks/useDeleteDevices';
import { BulkDeleteToolbar } from './BulkDeleteToolbar';
import { DeleteDeviceDialog } from './DeleteDeviceDialog';
import { DeviceConfirmDialog } from './DeviceConfirmDialog';
import { DevicesTable } from './DevicesTable';

/** What the agent is about to do: to one device, or delete several (the selection, or all). */
type Pending =
  | { device: Device; action: 'delete' | DeviceAction }
  | { devices: readonly Device[]; action: 'deleteSelected' | 'deleteAll' };

/**
 * The user's devices with, for agents who may, a Delete button per row and a button for each
 * change that would change something (disable push, mobile authentication, fingerprint). After
 * a deletion the row goes and a notice says so; after a change the row shows the device as the
 * Token Server lists it now; when either failed, the row stays and the notice says why. Devices
 * that can receive a push get "Verify caller" for agents who may verify; the page composes its
 * dialog (another feature).
 */
export function DevicesSection({
  userId,
  devices,
  unavailable,
  canDelete,
  onDeleted,
  onChanged,
  onVerify,
}: {
  userId: string;
  devices: readonly Device[];
  unavailable: readonly Unavailable[];
  canDelete: boolean;
  /** The device is gone: update whatever lists it. */
  onDeleted: (deviceId: string) => void;
  /** The device changed: update whatever lists it. */
  onChanged: (device: Device) => void;
  /** Verify the caller by a push to this device; absent when the agent may not. */
  onVerify?: (device: Device, trigger: HTMLButtonElement) => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const triggerRef = useRef<HTMLElement | null>(null);
  const focusAfterClose = useRef<HTMLElement | null>(null);
  const [target, setTarget] = useState<Pending | null>(null);
  const [outcome, setOutcome] = useState<Outcome | BulkOutcome | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const deletion = useDeleteDevice(userId);
  const change = useChangeDevice(userId);
  const bulk = useDeleteDevices(userId);
  const pending = deletion.isPending || change.isPending || bulk.isPending;
  const devicesDown = unavailable.some((u) => u.source === 'token_server_devices');
  const sorted = sortDevices(devices);

  // Focus goes back where it came from once the dialog is gone (or to the heading, if the row is).
  useEffect(() => {
    if (target || !focusAfterClose.current) return;
    const element = focusAfterClose.current;
    focusAfterClose.current = null;
    (element.isConnected ? element : headingRef.current)?.focus();
  }, [target]);

  function open(device: Device, action: 'delete' | DeviceAction, trigger: HTMLButtonElement) {
    openPending({ device, action }, trigger);
  }

  function openPending(pending: Pending, trigger: HTMLElement) {
    triggerRef.current = trigger;
    setOutcome(null);
    deletion.reset();
    change.reset();
    bulk.reset();
    setTarget(pending);
  }

  function select(device: Device, on: boolean) {
    setSelected((old) => {
      const next = new Set(old);
      if (on) next.add(device.id);
      else next.delete(device.id);
      return next;
    });
  }

  function confirmBulk(devices: readonly Device[], all: boolean, reason: string) {
    bulk.mutate(
      { selection: all ? { all: true } : { deviceIds: devices.map((d) => d.id) }, reason },
      {
        onSettled: (data, error) => {
          const result = bulkOutcome(data, error ?? undefined, t);
          setOutcome(result);
          for (const id of result.gone) onDeleted(id);
          setSelected((old) => new Set([...old].filter((id) => !result.gone.includes(id))));
          close(result.gone.length > 0 ? headingRef.current : triggerRef.current);
        },
      },
    );
  }

  function close(to: HTMLElement | null) {
    focusAfterClose.current = to;
    setTarget(null);
  }

  function confirmChange(device: Device, action: DeviceAction, reason: string) {
    change.mutate(
      { device, action, reason },
      {
        onSettled: (data, error) => {
          const result = changeOutcome(device.name, action, data, error ?? undefined, t);
          setOutcome(result);
          if (result.device) onChanged(result.device);
          if (result.gone) onDeleted(device.id);
          close(result.gone ? headingRef.current : triggerRef.current);
        },
      },
    );
  }

  function confirm(device: Device, reason: string) {
    deletion.mutate(
      { device, reason },
      {
        onSettled: (_data, error) => {
          const result = deleteOutcome(device.name, error ?? undefined, t);
          setOutcome(result);
          if (result.gone) onDeleted(device.id);
          close(result.gone ? headingRef.current : triggerRef.current);
        },
      },
    );
  }

  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('devices.title')} {devicesDown ? null : <span className="count">({devices.length})</span>}
      </h2>
      <UnavailableBanners unavailable={unavailable} sources={['token_server_devices']} />
      {outcome ? (
        <Notice tone={outcome.tone} onDismiss={() => setOutcome(null)}>
          <p>{outcome.text}</p>
          {'lines' in outcome && outcome.lines.length > 0 ? (
            <ul className="small">
              {outcome.lines.map((line, index) => (
                // The same line may repeat (two devices of one name): the index tells them apart.
                <li key={index}>{line}</li>
              ))}
            </ul>
          ) : null}
          {outcome.detail ? <p className="small">{outcome.detail}</p> : null}
        </Notice>
      ) : null}
      {sorted.length === 0 ? (
        devicesDown ? null : <p className="empty">{t('devices.empty')}</p>
      ) : (
        <>
          {canDelete ? (
            <BulkDeleteToolbar
              devices={sorted}
              selected={selected}
              onDelete={(devices, all, trigger) =>
                openPending({ devices, action: all ? 'deleteAll' : 'deleteSelected' }, trigger)
              }
            />
          ) : null}
          <DevicesTable
            devices={sorted}
            captionId={headingId}
            selected={canDelete ? selected : undefined}
            onSelect={canDelete ? select : undefined}
            onDelete={canDelete ? (device, trigger) => open(device, 'delete', trigger) : undefined}
            onAction={canDelete ? open : undefined}
            onVerify={onVerify}
          />
        </>
      )}
      {target && 'devices' in target ? (
        <DeviceConfirmDialog
          key={target.action}
          devices={target.devices}
          pending={pending}
          title={
            target.action === 'deleteAll'
              ? t('bulkDelete.titleAll', { count: target.devices.length })
              : t('bulkDelete.titleSelected', { count: target.devices.length })
          }
          consequence={t('bulkDelete.consequence')}
          confirmLabel={t('bulkDelete.confirm', { count: target.devices.length })}
          pendingLabel={t('deleteDialog.deleting')}
          onConfirm={(reason) => confirmBulk(target.devices, target.action === 'deleteAll', reason)}
          onClose={() => {
            if (!pending) close(triggerRef.current);
          }}
        />
      ) : null}
      {target && 'device' in target && target.action === 'delete' ? (
        <DeleteDeviceDialog
          key={target.device.id}
          device={target.device}
          pending={pending}
          onConfirm={(reason) => confirm(target.device, reason)}
          onClose={() => {
            if (!pending) close(triggerRef.current);
          }}
        />
      ) : null}
      {target && 'device' in target && target.action !== 'delete' ? (
        <DeviceConfirmDialog
          key={`${target.device.id}-${target.action}`}
          devices={[target.device]}
          pending={pending}
          title={t(`deviceAction.title.${target.action}`)}
          consequence={t(`deviceAction.consequence.${target.action}`)}
          confirmLabel={t(`deviceAction.confirm.${target.action}`)}
          pendingLabel={t('deviceAction.working')}
          onConfirm={(reason) => confirmChange(target.device, target.action as DeviceAction, reason)}
          onClose={() => {
            if (!pending) close(triggerRef.current);
          }}
        />
      ) : null}
    </section>
  );
}
