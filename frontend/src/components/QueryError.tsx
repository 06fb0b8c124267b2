import { isApiError } from '../api/errors';
import { ErrorState } from './ErrorState';
import { ForbiddenPage, NotFoundPage } from './StatusPage';

/** The page for a failed query: 403 and 404 get their own pages, the rest a retry. */
export function QueryError({
  error,
  onRetry,
  retrying,
  notFound,
}: {
  error: unknown;
  onRetry: () => void;
  retrying?: boolean;
  notFound?: { title: string; body: string };
}) {
  if (isApiError(error) && error.status === 403) {
    return <ForbiddenPage detail={error.problem?.detail} />;
  }
  if (isApiError(error) && error.status === 404) {
    return <NotFoundPage title={notFound?.title} body={notFound?.body} />;
  }
  return <ErrorState error={error} onRetry={onRetry} retrying={retrying} />;
}
