import { isApiError } from '../../../api/errors';
import { Banner } from '../../../components/Banner';
import { ErrorState } from '../../../components/ErrorState';
import { PageHeading } from '../../../components/PageHeading';
import { QueryError } from '../../../components/QueryError';
import { SkeletonBlock } from '../../../components/Skeleton';
import { useI18n } from '../../../i18n/useI18n';
import { type AuditFilters, searchFromFilters } from '../hooks/filters';
import { useAudit } from '../hooks/useAudit';
import { useAuditExport } from '../hooks/useAuditExport';
import { AuditFilterForm } from './AuditFilterForm';
import { AuditTable } from './AuditTable';
import { ChainStatus } from './ChainStatus';
import { ExportCsvButton, ExportCsvNotice } from './ExportCsv';

/**
 * The audit trail for supervisors: filters in one row, the records newest first with Load more,
 * the hash chain's verdict, and the same selection as a CSV file.
 */
export function AuditScreen({
  filters,
  onApply,
  linkUsers,
}: {
  /** The applied filters, as the URL holds them. */
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  linkUsers: boolean;
}) {
  const { t } = useI18n();
  const audit = useAudit(filters);
  const exporter = useAuditExport();
  const pages = audit.data?.pages ?? [];
  const records = pages.flatMap((page) => page.records);
  const chain = pages.at(-1)?.chain;
  const problem = isApiError(audit.error) ? audit.error : undefined;

  // The server refused the agent: the whole page says so, as any other forbidden page.
  if (audit.isError && pages.length === 0 && problem?.status === 403) {
    return <QueryError error={audit.error} onRetry={() => void audit.refetch()} />;
  }

  function apply(next: AuditFilters) {
    // A failed download's notice was about the filters before.
    exporter.reset();
    // The same filters again: read the trail again rather than change nothing.
    if (searchFromFilters(next) === searchFromFilters(filters)) void audit.refetch();
    else onApply(next);
  }

  return (
    <section className="audit stack">
      <div className="section-head">
        <PageHeading title={t('audit.title')}>{t('audit.title')}</PageHeading>
        <ExportCsvButton exporter={exporter} filters={filters} />
      </div>
      <p className="muted">{t('audit.intro')}</p>
      <AuditFilterForm key={searchFromFilters(filters)} applied={filters} onApply={apply} />
      <ExportCsvNotice exporter={exporter} />
      {chain ? <ChainStatus chain={chain} /> : null}
      {audit.isPending ? (
        <SkeletonBlock lines={6} label={t('audit.loading')} />
      ) : audit.isError && pages.length === 0 ? (
        problem?.status === 400 ? (
          <Banner tone="error" urgent title={t('audit.invalid')}>
            {problem.problem?.detail ? <p>{problem.problem.detail}</p> : null}
          </Banner>
        ) : (
          <QueryError error={audit.error} onRetry={() => void audit.refetch()} retrying={audit.isFetching} />
        )
      ) : records.length === 0 ? (
        <p className="empty">{t('audit.empty')}</p>
      ) : (
        <>
          <AuditTable records={records} linkUsers={linkUsers} />
          {audit.isFetchNextPageError ? (
            <ErrorState
              error={audit.error}
              onRetry={() => void audit.fetchNextPage()}
              retrying={audit.isFetchingNextPage}
            />
          ) : null}
          {audit.hasNextPage && !audit.isFetchNextPageError ? (
            <p className="load-more">
              <button
                type="button"
                className="button"
                onClick={() => {
                  if (!audit.isFetchingNextPage) void audit.fetchNextPage();
                }}
                aria-disabled={audit.isFetchingNextPage}
              >
                {audit.isFetchingNextPage ? t('common.loading') : t('audit.loadMore')}
              </button>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
