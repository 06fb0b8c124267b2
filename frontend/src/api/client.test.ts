import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';

import { http, problemJson } from '../test/api-handlers';
import { mockApi } from '../test/api-server';
import { aProblem } from '../test/fixtures';
import { api } from './client';
import { ApiError } from './errors';
import { request } from './request';
import { onUnauthorized } from './unauthorized';

describe('the API client', () => {
  it('sends the XSRF cookie back in a header on changing requests only', async () => {
    document.cookie = 'XSRF-TOKEN=tok%2Fen-1; path=/';
    const server = mockApi(
      http.get('/api/v1/users', ({ response }) => response(200).json({ users: [], unavailable: [] })),
      http.delete('/api/v1/users/{userId}/devices/{deviceId}', ({ params, response }) => {
        expect(params).toEqual({ userId: 'u1', deviceId: 'd1' });
        return response(204).empty();
      }),
    );

    await request(() => api.GET('/api/v1/users', { params: { query: { email: 'a@b.nl' } } }));
    await request(() =>
      api.DELETE('/api/v1/users/{userId}/devices/{deviceId}', { params: { path: { userId: 'u1', deviceId: 'd1' } } }),
    );

    const [get, del] = server.calls;
    expect(get?.headers.get('X-XSRF-TOKEN')).toBeNull();
    expect(del?.headers.get('X-XSRF-TOKEN')).toBe('tok/en-1');
    expect(get?.credentials).toBe('same-origin');
    expect(del?.credentials).toBe('same-origin');
  });

  it('turns a problem answer into an ApiError carrying the problem', async () => {
    mockApi(
      http.delete('/api/v1/users/{userId}/devices/{deviceId}', ({ params, response }) => {
        expect(params).toEqual({ userId: 'u1', deviceId: 'd1' });
        return response(502).json(
          aProblem(502, 'The Token Server accepted the delete request, but the device is still registered.', 'device-not-removed'),
          problemJson(),
        );
      }),
    );
    const error = await request(() =>
      api.DELETE('/api/v1/users/{userId}/devices/{deviceId}', { params: { path: { userId: 'u1', deviceId: 'd1' } } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    expect((error as ApiError).problemKind).toBe('device-not-removed');
    expect((error as ApiError).problem?.requestId).toBe('req-123');
  });

  it('reports no answer at all as a network error', async () => {
    mockApi(http.get('/api/v1/users', () => HttpResponse.error()));
    const error = await request(() => api.GET('/api/v1/users', { params: { query: { email: 'a@b.nl' } } })).catch(
      (e: unknown) => e,
    );
    expect((error as ApiError).isNetwork).toBe(true);
  });

  it('announces an expired session on a 401, except from the session endpoints', async () => {
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    mockApi(
      http.get('/api/v1/users', ({ response }) => response(401).json(aProblem(401, 'Log in first.'), problemJson())),
      http.get('/api/v1/session', ({ response }) => response(401).json(aProblem(401, 'Log in first.'), problemJson())),
    );
    await request(() => api.GET('/api/v1/session')).catch(() => undefined);
    expect(listener).not.toHaveBeenCalled();
    await request(() => api.GET('/api/v1/users', { params: { query: { email: 'a@b.nl' } } })).catch(() => undefined);
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
  });

  it('reads Retry-After on a 429', async () => {
    mockApi(
      http.post('/api/v1/session', ({ response }) =>
        response(429).json(aProblem(429, 'Slow down.', 'rate-limited'), problemJson({ 'Retry-After': '30' })),
      ),
    );
    const error = await request(() => api.POST('/api/v1/session', { body: { username: 'a', password: 'b' } })).catch(
      (e: unknown) => e,
    );
    expect((error as ApiError).retryAfterSeconds).toBe(30);
  });
});
