import { describe, expect, it } from 'vitest';

import { en } from './messages/en';
import { nl } from './messages/nl';
import { interpolate } from './translate';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('has every English key in Dutch, and no Dutch key that English lacks', () => {
    const missing = Object.keys(en).filter((key) => !(key in nl));
    const extra = Object.keys(nl).filter((key) => !(key in en));
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
  });

  it('has no empty message in either language', () => {
    for (const messages of [en, nl]) {
      const empty = Object.entries(messages).filter(([, text]) => text.trim() === '');
      expect(empty).toEqual([]);
    }
  });

  it('uses the same placeholders in Dutch as in English', () => {
    const differ = Object.keys(en).filter((key) => {
      const k = key as keyof typeof en;
      return placeholders(en[k]).join() !== placeholders(nl[k]).join();
    });
    expect(differ).toEqual([]);
  });

  it('translates what the agent reads all day (not a copy of English)', () => {
    const same = Object.keys(en).filter((key) => {
      const k = key as keyof typeof en;
      return en[k] === nl[k];
    });
    // Product names and words Dutch shares with English may stay; everything else is translated.
    expect(same.sort()).toEqual(
      [
        'app.name',
        'person.emails',
        'platform.android',
        'platform.ios',
        'devices.col.platform',
        'devices.col.model',
        'source.cim',
        'source.token_server',
      ].sort(),
    );
  });
});

describe('interpolate', () => {
  it('fills placeholders as text and leaves unknown ones', () => {
    expect(interpolate('Delete “{name}” {x}', { name: '<img src=x onerror=alert(1)>' })).toBe(
      'Delete “<img src=x onerror=alert(1)>” {x}',
    );
  });
});
