import { type ApiError, isApiError } from '../api/errors';
import { useI18n } from '../i18n/useI18n';

/** A failed load with what went wrong and a Retry button. */
export function ErrorState({
  error,
  onRetry,
  retrying = false,
}: {
  error: unknown;
  onRetry: () => void;
  retrying?: boolean;
}) {
  const { t } = useI18n();
  const apiError: ApiError | undefined = isApiError(error) ? error : undefined;
  const network = !apiError || apiError.isNetwork;
  return (
    <div className="error-state" role="alert">
      <p className="error-state-title">
        {network ? t('error.network.title') : t('error.server.title')}
      </p>
      <p>{network ? t('error.network.body') : apiError.problem?.detail ?? t('error.server.body')}</p>
      {apiError?.problem?.requestId ? (
        <p className="muted small">{t('error.requestId', { id: apiError.problem.requestId })}</p>
      ) : null}
      <button type="button" className="button" onClick={onRetry} aria-disabled={retrying}>
        {retrying ? t('common.retrying') : t('common.retry')}
      </button>
    </div>
  );
}
