import { isApiError } from '../../../api/errors';
import type { DeleteDevicesResult } from '../../../api/types';
import type { Translate } from '../../../i18n/translate';

/** What to tell the agent after deleting several devices: a summary and a line per device. */
export interface BulkOutcome {
  tone: 'success' | 'error';
  text: string;
  lines: string[];
  detail?: string;
  /** The devices no longer there (removed, or not found): take them off the list. */
  gone: string[];
}

export function bulkOutcome(
  result: DeleteDevicesResult | undefined,
  error: unknown,
  t: Translate,
): BulkOutcome {
  if (result) {
    const removed = result.results.filter((r) => r.outcome === 'removed').length;
    const lines = result.results.map((r) =>
      t(`bulkDelete.line.${r.outcome}`, { name: r.name ?? r.deviceId }),
    );
    return {
      tone: result.allRemoved ? 'success' : 'error',
      text: t('bulkDelete.summary', { removed, count: result.results.length }),
      lines,
      gone: result.results.filter((r) => r.outcome !== 'not_removed').map((r) => r.deviceId),
    };
  }
  if (!isApiError(error) || error.isNetwork) {
    return { tone: 'error', text: t('bulkDelete.network'), lines: [], gone: [] };
  }
  const requestId = error.problem?.requestId;
  const why = error.problem?.detail ?? t('error.server.body');
  return {
    tone: 'error',
    text: t('bulkDelete.failed', { reason: why }),
    lines: [],
    detail: requestId ? t('error.requestId', { id: requestId }) : undefined,
    gone: [],
  };
}
