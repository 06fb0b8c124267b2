// Request handlers typed by the OpenAPI schema (openapi-msw over MSW): a path the API does not
// have, a status it does not answer with, or a body that does not match, does not compile.
import { createOpenApiHttp, type OpenApiHttpHandlers } from 'openapi-msw';

import type { paths } from '../api/schema';
import type { LoginOptions, Session } from '../api/types';
import { aProblem, passwordOnly } from './fixtures';

/** MSW's `http` for our API, without its `untyped` escape hatch. */
export const http: Omit<OpenApiHttpHandlers<paths>, 'untyped'> = createOpenApiHttp<paths>();

/** The init of a problem+json reply, as the server sends every error. */
export function problemJson(headers: Record<string, string> = {}) {
  return { headers: { 'Content-Type': 'application/problem+json', ...headers } };
}

/** The session endpoints of a logged-in agent (or of nobody, with `null`). */
export function sessionHandlers(session: Session | null, options: LoginOptions = passwordOnly) {
  return [
    http.get('/api/v1/session', ({ response }) =>
      session
        ? response(200).json(session)
        : response(401).json(aProblem(401, 'Log in first.', 'unauthorized'), problemJson()),
    ),
    http.get('/api/v1/session/options', ({ response }) => response(200).json(options)),
  ];
}
