// The mock API of the tests: MSW intercepts fetch, so the app's own client (src/api/client.ts,
// with its middleware) runs as it does in the browser. Each test gives its handlers to mockApi;
// setup.ts starts the server once and resets it after every test.
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

/** One request the app made, as it left the client. */
export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  credentials: RequestCredentials;
  /** The parsed JSON body, or undefined without one; read from a copy, so the handler still can. */
  body: Promise<unknown>;
}

const server = setupServer();
const calls: Recorded[] = [];
const failures: string[] = [];

const routeOf = (method: string, url: URL) => `${method} ${url.pathname}`;
const describeRequest = (request: Request) => routeOf(request.method, new URL(request.url));

server.events.on('request:start', ({ request }) => {
  const body = request
    .clone()
    .text()
    .then((text) => (text ? (JSON.parse(text) as unknown) : undefined));
  // Most tests never look at the body: a failed read only fails the tests that await it.
  body.catch(() => {});
  calls.push({
    method: request.method,
    url: new URL(request.url),
    headers: new Headers(request.headers),
    credentials: request.credentials,
    body,
  });
});
// MSW answers these with a network error (unhandled) or a 500 (a handler threw, e.g. a failed
// expect), which a test may not notice: resetApiServer fails the test with them instead.
server.events.on('request:unhandled', ({ request }) => {
  failures.push(`no handler for ${describeRequest(request)}`);
});
server.events.on('unhandledException', ({ request, error }) => {
  failures.push(`the handler for ${describeRequest(request)} threw: ${String(error)}`);
});

export function startApiServer(): void {
  server.listen({ onUnhandledRequest: 'error' });
}

export function stopApiServer(): void {
  server.close();
}

/** Forgets the test's handlers and requests; throws when a request found no handler or its handler threw. */
export function resetApiServer(): void {
  server.resetHandlers();
  calls.length = 0;
  const failed = failures.splice(0);
  if (failed.length > 0) throw new Error(`The mock API could not answer: ${failed.join('; ')}`);
}

/**
 * Answers the app's requests with these handlers (from the typed `http` of ./api-handlers) for
 * this test, and returns what the app asked. Every handler returns a reply: MSW lets a request
 * whose handler returns nothing through to the network, which nothing here can tell apart from
 * a network error reply.
 */
export function mockApi(...handlers: RequestHandler[]) {
  server.use(...handlers);
  return {
    calls,
    /** Requests to one "METHOD /path", e.g. "DELETE /api/v1/users/u1/devices/dev-1". */
    to: (route: string) => calls.filter((call) => routeOf(call.method, call.url) === route),
  };
}
