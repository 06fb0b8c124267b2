import { isApiError } from '../../../api/errors';
import type { Device, DeviceAction } from '../../../api/types';
import type { Translate } from '../../../i18n/translate';
import type { Outcome } from './delete-outcome';

/** The outcome of a change, and the device as it is now when the server said so. */
export interface ChangeOutcome extends Outcome {
  device?: Device;
}

/** What to tell the agent after an attempt to change a device, in their language. */
export function changeOutcome(
  name: string,
  action: DeviceAction,
  result: Device | undefined,
  error: unknown,
  t: Translate,
): ChangeOutcome {
  if (error === undefined && result) {
    return { tone: 'success', text: t(`deviceAction.done.${action}`, { name }), gone: false, device: result };
  }
  if (!isApiError(error) || error.isNetwork) {
    return { tone: 'error', text: t('deviceAction.network', { name }), gone: false };
  }
  const requestId = error.problem?.requestId;
  const detail = requestId ? t('error.requestId', { id: requestId }) : undefined;
  if (error.status === 502 && error.problemKind === 'device-not-changed') {
    return { tone: 'error', text: t('deviceAction.notChanged', { name }), detail, gone: false };
  }
  if (error.status === 409) {
    return { tone: 'error', text: t('deviceAction.nothingToChange', { name }), gone: false };
  }
  if (error.status === 404) {
    return { tone: 'error', text: t('devices.alreadyGone', { name }), gone: true };
  }
  if (error.status === 403) {
    const why = [error.problem?.detail, detail].filter(Boolean).join(' ');
    return { tone: 'error', text: t('deviceAction.forbidden', { name }), detail: why || undefined, gone: false };
  }
  const why = error.problem?.detail ?? t('error.server.body');
  return { tone: 'error', text: t('deviceAction.failed', { name, reason: why }), detail, gone: false };
}
