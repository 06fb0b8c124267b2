import { isApiError } from '../../../api/errors';
import { Notice } from '../../../components/Notice';
import { useI18n } from '../../../i18n/useI18n';
import type { Translate } from '../../../i18n/translate';
import type { AuditFilters } from '../hooks/filters';
import type { AuditExport } from '../hooks/useAuditExport';

/** Why the file was not made, in the agent's language; the server's own words below it. */
function failure(error: unknown, t: Translate): { message: string; detail?: string } {
  if (!isApiError(error)) return { message: t('audit.csv.failed') };
  if (error.isNetwork) return { message: t('audit.csv.network') };
  const detail = error.problem?.detail;
  if (error.status === 400) return { message: t('audit.csv.invalid'), detail };
  if (error.status === 403) return { message: t('audit.csv.forbidden') };
  return { message: t('audit.csv.failed'), detail };
}

/** "Download CSV": every record the applied filters select, as a file. */
export function ExportCsvButton({ exporter, filters }: { exporter: AuditExport; filters: AuditFilters }) {
  const { t } = useI18n();
  const busy = exporter.isPending;
  return (
    <button
      type="button"
      className="button button-secondary"
      aria-disabled={busy}
      onClick={() => {
        if (!busy) exporter.mutate(filters);
      }}
    >
      {busy ? t('audit.csv.busy') : t('audit.csv')}
    </button>
  );
}

/** Why the last download failed, as an alert; the browser shows a download that worked. */
export function ExportCsvNotice({ exporter }: { exporter: AuditExport }) {
  const { t } = useI18n();
  if (exporter.isError) {
    const { message, detail } = failure(exporter.error, t);
    return (
      <Notice tone="error" onDismiss={() => exporter.reset()}>
        <p>{message}</p>
        {detail ? <p className="small">{detail}</p> : null}
      </Notice>
    );
  }
  return null;
}
