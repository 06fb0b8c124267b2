import createClient, { type Middleware } from 'openapi-fetch';

import { readCookie } from './cookies';
import type { paths } from './schema';
import { reportUnauthorized } from './unauthorized';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SESSION_PATH = '/api/v1/session';

/** Every changing request carries the XSRF cookie's value back in a header (double submit). */
export const xsrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
    const token = readCookie('XSRF-TOKEN');
    if (token) request.headers.set('X-XSRF-TOKEN', token);
    return request;
  },
};

/** A 401 anywhere but the session endpoints themselves means the session has ended. */
export const sessionExpiryMiddleware: Middleware = {
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && !schemaPath.startsWith(SESSION_PATH)) reportUnauthorized();
    return undefined;
  },
};

export function createApiClient() {
  const client = createClient<paths>({
    baseUrl: globalThis.location.origin,
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json' },
    // Look fetch up on every call: the tests' mock API (MSW) patches fetch when it starts, which
    // is after this module was imported.
    fetch: (request) => globalThis.fetch(request),
  });
  client.use(xsrfMiddleware, sessionExpiryMiddleware);
  return client;
}

/** The one API client of the app. */
export const api = createApiClient();
