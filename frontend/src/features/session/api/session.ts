import { api } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import { request } from '../../../api/request';
import type { LoginOptions, LoginRequest, Session } from '../../../api/types';

/** Who is logged in, or null when nobody is (401). */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return await request(() => api.GET('/api/v1/session', { signal }));
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function logIn(credentials: LoginRequest): Promise<Session> {
  return request(() => api.POST('/api/v1/session', { body: credentials }));
}

export async function logOut(): Promise<void> {
  await request(() => api.DELETE('/api/v1/session'));
}

const PASSWORD_ONLY: LoginOptions = { password: true, oidc: false };

/** How agents can log in here; password only when the server does not say. */
export async function fetchLoginOptions(signal?: AbortSignal): Promise<LoginOptions> {
  try {
    return await request(() => api.GET('/api/v1/session/options', { signal }));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return PASSWORD_ONLY;
  }
}

/** Where single sign-on starts: a full-page navigation, so the provider can redirect back. */
export function ssoLoginUrl(returnTo: string): string {
  return `/api/v1/session/oidc/login?returnTo=${encodeURIComponent(returnTo)}`;
}
