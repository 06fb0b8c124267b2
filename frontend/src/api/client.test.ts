import { describe, expect, it, vi } from 'vitest';

import { mockApi, noContent, problem, json } from '../test/fetch-mock';
import { api } from './client';
import { ApiError } from './errors';
import { request } from './request';
import { onUnauthorized } from './unauthorized';

describe('the API client', () => {
  it('sends the XSRF cookie back in a header on changing requests only', async () => {
    document.cookie = 'XSRF-TOKEN=tok%2Fen-1; path=/';
    const server = mockApi({
      'GET /api/v1/users': () => json({ users: [], unavailable: [] }),
      'DELETE /api/v1/users/u1/devices/d1': () => noContent(),
    });

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
    mockApi({
      'DELETE /api/v1/users/u1/devices/d1': () =>
        problem(502, 'The Token Server accepted the delete request, but the device is still registered.', 'device-not-removed'),
    });
    const error = await request(() =>
      api.DELETE('/api/v1/users/{userId}/devices/{deviceId}', { params: { path: { userId: 'u1', deviceId: 'd1' } } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    expect((error as ApiError).problemKind).toBe('device-not-removed');
    expect((error as ApiError).problem?.requestId).toBe('req-123');
  });

  it('reports no answer at all as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const error = await request(() => api.GET('/api/v1/users', { params: { query: { email: 'a@b.nl' } } })).catch(
      (e: unknown) => e,
    );
    expect((error as ApiError).isNetwork).toBe(true);
  });

  it('announces an expired session on a 401, except from the session endpoints', async () => {
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    mockApi({
      'GET /api/v1/users': () => problem(401, 'Log in first.'),
      'GET /api/v1/session': () => problem(401, 'Log in first.'),
    });
    await request(() => api.GET('/api/v1/session')).catch(() => undefined);
    expect(listener).not.toHaveBeenCalled();
    await request(() => api.GET('/api/v1/users', { params: { query: { email: 'a@b.nl' } } })).catch(() => undefined);
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
  });

  it('reads Retry-After on a 429', async () => {
    mockApi({ 'POST /api/v1/session': () => problem(429, 'Slow down.', 'rate-limited', { 'Retry-After': '30' }) });
    const error = await request(() => api.POST('/api/v1/session', { body: { username: 'a', password: 'b' } })).catch(
      (e: unknown) => e,
    );
    expect((error as ApiError).retryAfterSeconds).toBe(30);
  });
});
