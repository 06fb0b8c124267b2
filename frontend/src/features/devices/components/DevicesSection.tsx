import { useEffect, useId, useRef, useState } from 'react';

import type { Device, DeviceAction, Unavailable } from '../../../api/types';
import { Notice } from '../../../components/Notice';
import { UnavailableBanners } from '../../../components/UnavailableBanners';
import { useI18n } from '../../../i18n/useI18n';
import { changeOutcome } from '../hooks/change-outcome';
import { type Outcome, deleteOutcome } from '../hooks/delete-outcome';
import { sortDevices } from '../hooks/sort-devices';
import { useChangeDevice } from '../hooks/useChangeDevice';
import { useDeleteDevice } from '../hooks/useDeleteDevice';
import { DeleteDeviceDialog } from './DeleteDeviceDialog';
import { DeviceConfirmDialog } from './DeviceConfirmDialog';
import { DevicesTable } from './DevicesTable';

/** What the agent is about to do to a device. */
type Pending = { device: Device; action: 'delete' | DeviceAction };

/**
 * The user's devices with, for agents who may, a Delete button per row and a button for each
 * change that would change something (disable push, mobile authentication, fingerprint). After
 * a deletion the row goes and a notice says so; after a change the row shows the device as the
 * Token Server lists it now; when either failed, the row stays and the notice says why.
 */
export function DevicesSection({
  userId,
  devices,
  unavailable,
  canDelete,
  onDeleted,
  onChanged,
}: {
  userId: string;
  devices: readonly Device[];
  unavailable: readonly Unavailable[];
  canDelete: boolean;
  /** The device is gone: update whatever lists it. */
  onDeleted: (deviceId: string) => void;
  /** The device changed: update whatever lists it. */
  onChanged: (device: Device) => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const triggerRef = useRef<HTMLElement | null>(null);
  const focusAfterClose = useRef<HTMLElement | null>(null);
  const [target, setTarget] = useState<Pending | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const deletion = useDeleteDevice(userId);
  const change = useChangeDevice(userId);
  const pending = deletion.isPending || change.isPending;
  const devicesDown = unavailable.some((u) => u.source === 'token_server_devices');
  const sorted = sortDevices(devices);

  // Focus goes back where it came from once the dialog is gone (or to the heading, if the row is).
  useEffect(() => {
    if (target || !focusAfterClose.current) return;
    const element = focusAfterClose.current;
    focusAfterClose.current = null;
    (element.isConnected ? element : headingRef.current)?.focus();
  }, [target]);

  function open(device: Device, action: Pending['action'], trigger: HTMLButtonElement) {
    triggerRef.current = trigger;
    setOutcome(null);
    deletion.reset();
    change.reset();
    setTarget({ device, action });
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
          {outcome.detail ? <p className="small">{outcome.detail}</p> : null}
        </Notice>
      ) : null}
      {sorted.length === 0 ? (
        devicesDown ? null : <p className="empty">{t('devices.empty')}</p>
      ) : (
        <DevicesTable
          devices={sorted}
          captionId={headingId}
          onDelete={canDelete ? (device, trigger) => open(device, 'delete', trigger) : undefined}
          onAction={canDelete ? open : undefined}
        />
      )}
      {target?.action === 'delete' ? (
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
      {target && target.action !== 'delete' ? (
        <DeviceConfirmDialog
          key={`${target.device.id}-${target.action}`}
          device={target.device}
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
