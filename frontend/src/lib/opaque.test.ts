import { describe, expect, it } from 'vitest';

import { isJsonObject, opaqueText } from './opaque';

describe('opaqueText', () => {
  it('shows scalars as they are', () => {
    expect(opaqueText('NL-42')).toBe('NL-42');
    expect(opaqueText(42)).toBe('42');
    expect(opaqueText(false)).toBe('false');
    expect(opaqueText(null)).toBe('—');
  });

  it('shows an object as its fields and a list as its items, nesting in brackets', () => {
    expect(opaqueText({ street: 'Stationsplein 1', city: 'Utrecht', tags: ['HOME', 'MAIL'] })).toBe(
      'street: Stationsplein 1, city: Utrecht, tags: [HOME, MAIL]',
    );
    expect(opaqueText([{ a: 1 }, 'two', [3, 4]])).toBe('{a: 1}; two; [3, 4]');
    expect(opaqueText([])).toBe('');
  });

  it('stops at a depth no real data has', () => {
    expect(opaqueText([[[[[[[['deep']]]]]]]])).toBe('[[[[[…]]]]]');
  });

  it('tells objects from lists and null', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
    expect(isJsonObject('x')).toBe(false);
  });
});
