import { isApiError } from '../../../api/errors';
import type { Translate } from '../../../i18n/translate';

export interface Outcome {
  tone: 'success' | 'error';
  text: string;
  detail?: string;
  /** The device is gone (or was already): take it off the list. */
  gone: boolean;
}

/** What to tell the agent after a deletion attempt, in their language. */
export function deleteOutcome(name: string, error: unknown, t: Translate): Outcome {
  if (error === undefined) return { tone: 'success', text: t('devices.deleted', { name }), gone: true };
  if (!isApiError(error) || error.isNetwork) {
    return { tone: 'error', text: t('devices.deleteNetwork', { name }), gone: false };
  }
  const requestId = error.problem?.requestId;
  const detail = requestId ? t('error.requestId', { id: requestId }) : undefined;
  if (error.status === 502 && error.problemKind === 'device-not-removed') {
    return { tone: 'error', text: t('devices.notRemoved', { name }), detail, gone: false };
  }
  if (error.status === 404) {
    return { tone: 'error', text: t('devices.alreadyGone', { name }), gone: true };
  }
  if (error.status === 403) {
    // Also a missing or stale XSRF token: the server's words say which.
    const why = [error.problem?.detail, detail].filter(Boolean).join(' ');
    return { tone: 'error', text: t('devices.deleteForbidden', { name }), detail: why || undefined, gone: false };
  }
  const why = error.problem?.detail ?? t('error.server.body');
  return {
    tone: 'error',
    text: t('devices.deleteFailed', { name, reason: why }),
    detail,
    gone: false,
  };
}
