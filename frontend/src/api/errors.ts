import type { Problem } from './types';

/** Why an API call failed: an HTTP answer with a problem body, or no answer at all (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  /** From `Retry-After` (seconds) on a 429 or 503, when the server sent it. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, problem?: Problem, retryAfterSeconds?: number, cause?: unknown) {
    super(problem?.detail ?? (status === 0 ? 'Network error' : `HTTP ${status}`), { cause });
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The server could not be reached (offline, connection refused, CORS, DNS). */
  get isNetwork(): boolean {
    return this.status === 0;
  }

  /** The last segment of the problem `type` URI, e.g. `device-not-removed`. */
  get problemKind(): string | undefined {
    const type = this.problem?.type;
    if (!type) return undefined;
    return type.replace(/\/+$/, '').split('/').pop();
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Reads a problem+json body the client already parsed; anything else yields undefined. */
export function asProblem(body: unknown): Problem | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.detail !== 'string' || typeof b.status !== 'number') return undefined;
  return {
    type: typeof b.type === 'string' ? b.type : 'about:blank',
    title: typeof b.title === 'string' ? b.title : '',
    status: b.status,
    detail: b.detail,
    instance: typeof b.instance === 'string' ? b.instance : null,
    requestId: typeof b.requestId === 'string' ? b.requestId : null,
  };
}

export function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('Retry-After');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
