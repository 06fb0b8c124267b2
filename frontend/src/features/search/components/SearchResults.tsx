import { Navigate } from 'react-router-dom';

import { Banner } from '../../../components/Banner';
import { PageHeading } from '../../../components/PageHeading';
import { QueryError } from '../../../components/QueryError';
import { SkeletonBlock } from '../../../components/Skeleton';
import { UnavailableBanners } from '../../../components/UnavailableBanners';
import { useI18n } from '../../../i18n/useI18n';
import { looksLikeEmail } from '../../../lib/email';
import { useUserSearch } from '../hooks/useUserSearch';
import { ResultsTable } from './ResultsTable';

/** The answer to a search: the profile for one match, a list for several, a message for none. */
export function SearchResults({ email }: { email: string }) {
  const { t } = useI18n();
  const search = useUserSearch(email);

  if (!looksLikeEmail(email)) {
    return (
      <>
        <PageHeading title={t('search.title')}>{t('search.title')}</PageHeading>
        <Banner tone="info" title={t('search.invalid')}>
          <p>{t('search.hint')}</p>
        </Banner>
      </>
    );
  }
  if (search.isPending) return <SkeletonBlock lines={4} label={t('search.searching')} />;
  if (search.isError) {
    return (
      <QueryError error={search.error} onRetry={() => void search.refetch()} retrying={search.isFetching} />
    );
  }
  const { users, unavailable } = search.data;
  const only = users.length === 1 ? users[0] : undefined;
  if (only) return <Navigate to={`/users/${encodeURIComponent(only.personId)}`} replace />;

  return (
    <section className="stack">
      <PageHeading title={t('search.title')}>
        {users.length === 0 ? t('search.none.title') : t('search.results.title', { count: users.length })}
      </PageHeading>
      <UnavailableBanners unavailable={unavailable} sources={['cim_persons', 'token_server_devices']} />
      {users.length === 0 ? (
        <p className="empty">{t('search.none.body', { email })}</p>
      ) : (
        <>
          <p className="muted">{t('search.results.body', { email })}</p>
          <ResultsTable users={users} />
        </>
      )}
    </section>
  );
}
