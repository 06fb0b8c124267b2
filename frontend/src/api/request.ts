import { ApiError, asProblem, retryAfter } from './errors';

type Outcome<T> = { data?: T; error?: unknown; response: Response };

/**
 * Runs one openapi-fetch call and returns its data, or throws an {@link ApiError}: with the
 * problem body for an HTTP error, with status 0 when the server could not be reached.
 */
export async function request<T>(call: () => Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, undefined, undefined, error);
  }
  const { data, error, response } = outcome;
  if (!response.ok) {
    throw new ApiError(response.status, asProblem(error), retryAfter(response));
  }
  return data as T;
}
