import { describe, expect, it } from 'vitest';

import { loginPath, safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it('keeps paths inside the app', () => {
    expect(safeReturnTo('/users/abc?x=1#events')).toBe('/users/abc?x=1#events');
    expect(safeReturnTo('/search?email=a%40b.nl')).toBe('/search?email=a%40b.nl');
  });

  it('refuses anything that could leave the app, and the login page itself', () => {
    for (const bad of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', null, '/login?returnTo=/x']) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
});

describe('loginPath', () => {
  it('carries where to come back to, and why', () => {
    expect(loginPath('/users/abc', 'expired')).toBe('/login?returnTo=%2Fusers%2Fabc&reason=expired');
    expect(loginPath('/')).toBe('/login');
  });
});
