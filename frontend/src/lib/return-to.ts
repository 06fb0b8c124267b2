/**
 * A path inside this app to go to after login, or `/`. Only same-origin absolute paths pass:
 * never `//host`, a scheme, a backslash trick, or the login page itself.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  try {
    const url = new URL(value, 'http://app.invalid');
    if (url.origin !== 'http://app.invalid') return '/';
    if (url.pathname === '/login') return '/';
    return url.pathname + url.search + url.hash;
  } catch {
    return '/';
  }
}

/** The login URL that brings the agent back to `path` afterwards. */
export function loginPath(path: string, reason?: 'expired'): string {
  const params = new URLSearchParams();
  const target = safeReturnTo(path);
  if (target !== '/') params.set('returnTo', target);
  if (reason) params.set('reason', reason);
  const query = params.toString();
  return query ? `/login?${query}` : '/login';
}
