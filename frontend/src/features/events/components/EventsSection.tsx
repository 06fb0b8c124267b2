import { useId, useState } from 'react';

import type { EventsPage, SourceName } from '../../../api/types';
import { ErrorState } from '../../../components/ErrorState';
import { SkeletonBlock } from '../../../components/Skeleton';
import { UnavailableBanners } from '../../../components/UnavailableBanners';
import { useI18n } from '../../../i18n/useI18n';
import type { EventFilter } from '../../../lib/query-keys';
import { useEvents } from '../hooks/useEvents';
import { EventsTable } from './EventsTable';
import { SourceFilter } from './SourceFilter';

const SOURCES: Record<EventFilter, SourceName[]> = {
  all: ['cim_events', 'token_server_events'],
  cim: ['cim_events'],
  token_server: ['token_server_events'],
};

/** The latest events of both products in one list: filter by source, load older ones. */
export function EventsSection({
  userId,
  firstPage,
}: {
  userId: string;
  firstPage?: { page: EventsPage; updatedAt: number };
}) {
  const { t } = useI18n();
  const headingId = useId();
  const [source, setSource] = useState<EventFilter>('all');
  const events = useEvents(userId, source, firstPage);
  const pages = events.data?.pages ?? [];
  const list = pages.flatMap((p) => p.events);
  const unavailable = pages.flatMap((p) => p.unavailable);

  return (
    <section className="section" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{t('events.title')}</h2>
        <SourceFilter value={source} onChange={setSource} />
      </div>
      <UnavailableBanners unavailable={unavailable} sources={SOURCES[source]} />
      {events.isPending ? (
        <SkeletonBlock lines={5} label={t('events.loading')} />
      ) : events.isError && list.length === 0 ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} retrying={events.isFetching} />
      ) : list.length === 0 ? (
        <p className="empty">{t('events.empty')}</p>
      ) : (
        <>
          <EventsTable events={list} captionId={headingId} />
          {events.isFetchNextPageError ? (
            <ErrorState
              error={events.error}
              onRetry={() => void events.fetchNextPage()}
              retrying={events.isFetchingNextPage}
            />
          ) : null}
          {events.hasNextPage && !events.isFetchNextPageError ? (
            <p className="load-more">
              <button
                type="button"
                className="button"
                onClick={() => {
                  if (!events.isFetchingNextPage) void events.fetchNextPage();
                }}
                aria-disabled={events.isFetchingNextPage}
              >
                {events.isFetchingNextPage ? t('common.loading') : t('events.loadMore')}
              </button>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
