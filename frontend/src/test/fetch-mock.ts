// A tiny fake server: routes "METHOD /path" to handlers, records every request. Replaces the
// global fetch for one test (the API client looks fetch up on every call).
import { vi } from 'vitest';

export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials;
}

type Reply = Response | Promise<Response>;
type Handler = (request: Recorded) => Reply;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function problem(status: number, detail: string, kind = 'problem', headers: Record<string, string> = {}) {
  return new Response(
    JSON.stringify({
      type: `https://customer-service.dev/problems/${kind}`,
      title: kind,
      status,
      detail,
      requestId: 'req-123',
    }),
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
  );
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** A reply that never comes, until `release` is called. */
export function deferred() {
  let release: (response: Response) => void = () => {};
  const promise = new Promise<Response>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

export function mockApi(routes: Record<string, Handler>) {
  const calls: Recorded[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const request = input instanceof Request ? input : new Request(input);
    const url = new URL(request.url);
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const recorded: Recorded = {
      method: request.method,
      url,
      headers: request.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      credentials: request.credentials,
    };
    calls.push(recorded);
    const handler = routes[`${request.method} ${url.pathname}`];
    if (!handler) return problem(404, `No mock for ${request.method} ${url.pathname}`, 'not-found');
    return handler(recorded);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    /** Requests to one "METHOD /path". */
    to: (route: string) => calls.filter((c) => `${c.method} ${c.url.pathname}` === route),
  };
}

/** The session endpoints of a logged-in agent (or of nobody, with `null`). */
export function sessionRoutes(session: unknown, options: unknown = { password: true, oidc: false }) {
  return {
    'GET /api/v1/session': () => (session ? json(session) : problem(401, 'Log in first.', 'unauthorized')),
    'GET /api/v1/session/options': () => json(options),
  } satisfies Record<string, Handler>;
}
