import { isApiError } from '../../../api/errors';
import type { SignOutResult } from '../../../api/types';
import type { Translate } from '../../../i18n/translate';

export interface SignOutOutcome {
  tone: 'success' | 'error';
  text: string;
  detail?: string;
}

/** What to tell the agent after signing a user out everywhere, in their language. */
export function signOutOutcome(result: SignOutResult | undefined, error: unknown, t: Translate): SignOutOutcome {
  if (result) return { tone: 'success', text: t('signOut.done', { count: result.ended }) };
  if (!isApiError(error) || error.isNetwork) return { tone: 'error', text: t('signOut.network') };
  const requestId = error.problem?.requestId;
  const detail = requestId ? t('error.requestId', { id: requestId }) : undefined;
  if (error.status === 502 && error.problemKind === 'sessions-not-ended') {
    return { tone: 'error', text: t('signOut.notEnded'), detail };
  }
  if (error.status === 409) return { tone: 'error', text: t('signOut.none') };
  const why = error.problem?.detail ?? t('error.server.body');
  return { tone: 'error', text: t('signOut.failed', { reason: why }), detail };
}
