import { useEffect, useId, useRef, useState } from 'react';

import type { Device, Unavailable } from '../../../api/types';
import { Notice } from '../../../components/Notice';
import { UnavailableBanners } from '../../../components/UnavailableBanners';
import { useI18n } from '../../../i18n/useI18n';
import { type Outcome, deleteOutcome } from '../hooks/delete-outcome';
import { sortDevices } from '../hooks/sort-devices';
import { useDeleteDevice } from '../hooks/useDeleteDevice';
import { DeleteDeviceDialog } from './DeleteDeviceDialog';
import { DevicesTable } from './DevicesTable';

/**
 * The user's devices with, for agents who may, a Delete button per row. After a deletion the row
 * goes and a notice says so; when it failed, the row stays and the notice says why.
 */
export function DevicesSection({
  userId,
  devices,
  unavailable,
  canDelete,
  onDeleted,
}: {
  userId: string;
  devices: readonly Device[];
  unavailable: readonly Unavailable[];
  canDelete: boolean;
  /** The device is gone: update whatever lists it. */
  onDeleted: (deviceId: string) => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const triggerRef = useRef<HTMLElement | null>(null);
  const focusAfterClose = useRef<HTMLElement | null>(null);
  const [target, setTarget] = useState<Device | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const deletion = useDeleteDevice(userId);
  const devicesDown = unavailable.some((u) => u.source === 'token_server_devices');
  const sorted = sortDevices(devices);

  // Focus goes back where it came from once the dialog is gone (or to the heading, if the row is).
  useEffect(() => {
    if (target || !focusAfterClose.current) return;
    const element = focusAfterClose.current;
    focusAfterClose.current = null;
    (element.isConnected ? element : headingRef.current)?.focus();
  }, [target]);

  function open(device: Device, trigger: HTMLButtonElement) {
    triggerRef.current = trigger;
    setOutcome(null);
    deletion.reset();
    setTarget(device);
  }

  function close(to: HTMLElement | null) {
    focusAfterClose.current = to;
    setTarget(null);
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
        <DevicesTable devices={sorted} captionId={headingId} onDelete={canDelete ? open : undefined} />
      )}
      {target ? (
        <DeleteDeviceDialog
          key={target.id}
          device={target}
          pending={deletion.isPending}
          onConfirm={(reason) => confirm(target, reason)}
          onClose={() => {
            if (!deletion.isPending) close(triggerRef.current);
          }}
        />
      ) : null}
    </section>
  );
}
