import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed, always in [0, 1)', () => {
    const a = seededRandom(2026);
    const b = seededRandom(2026);
    const c = seededRandom(2027);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(990);
  });
});
