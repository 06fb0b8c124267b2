import { describe, expect, it } from 'vitest';

import { looksLikeEmail } from './email';

describe('looksLikeEmail', () => {
  it('accepts addresses and refuses what is clearly not one', () => {
    expect(looksLikeEmail('joe.doe@example.com')).toBe(true);
    expect(looksLikeEmail('Familie.De-Vries+x@example.nl')).toBe(true);
    for (const bad of ['', 'joe', 'joe@', '@example.com', 'joe@example', 'joe doe@example.com', 'joe@example.']) {
      expect(looksLikeEmail(bad)).toBe(false);
    }
  });
});
