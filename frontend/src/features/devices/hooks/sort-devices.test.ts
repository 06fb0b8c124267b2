import { describe, expect, it } from 'vitest';

import { aDevice } from '../../../test/fixtures';
import { sortDevices } from './sort-devices';

describe('sortDevices', () => {
  it('puts the most recent use first and never-used devices last', () => {
    const sorted = sortDevices([
      aDevice({ id: 'never', lastUsedAt: null }),
      aDevice({ id: 'old', lastUsedAt: '2025-01-01T00:00:00Z' }),
      aDevice({ id: 'new', lastUsedAt: '2026-11-27T00:00:00Z' }),
    ]);
    expect(sorted.map((d) => d.id)).toEqual(['new', 'old', 'never']);
  });
});
