import { isApiError } from '../../../api/errors';
import type { MessageKey } from '../../../i18n/messages/en';
import type { Translate } from '../../../i18n/translate';

/** Why a verification did not start, in the agent's language, with the request id when known. */
export interface StartProblem {
  text: string;
  detail?: string;
}

/** Problems the server names whose meaning the agent needs in their own words. */
const KNOWN: Record<string, MessageKey> = {
  'device-not-verifiable': 'verify.notVerifiable',
  'audit-unavailable': 'verify.auditUnavailable',
  'database-unavailable': 'verify.stateUnavailable',
  'upstream-unavailable': 'verify.upstreamUnavailable',
  'upstream-timeout': 'verify.upstreamTimeout',
  'upstream-error': 'verify.upstreamError',
  'upstream-configuration': 'verify.upstreamError',
};

/** What to tell the agent when starting a verification of `name` failed. */
export function startProblem(name: string, error: unknown, t: Translate): StartProblem {
  if (!isApiError(error) || error.isNetwork) return { text: t('verify.network') };
  const requestId = error.problem?.requestId;
  const detail = requestId ? t('error.requestId', { id: requestId }) : undefined;
  const known = error.problemKind ? KNOWN[error.problemKind] : undefined;
  if (known) return { text: t(known), detail };
  if (error.status === 404) return { text: t('devices.alreadyGone', { name }), detail };
  if (error.status === 403) return { text: t('verify.forbidden'), detail };
  const reason = error.problem?.detail ?? t('error.server.body');
  if (error.status === 400) return { text: t('verify.invalid', { reason }), detail };
  return { text: t('verify.startFailed', { reason }), detail };
}
