import { describe, expect, it } from 'vitest';
import { formatElapsed } from './duration';
import { epochMs, parseIsoInstant, toIsoUtc, utcYear } from './instant';

describe('instants', () => {
  it('round-trip through ISO-8601 UTC with a Z', () => {
    const at = epochMs(Date.UTC(2026, 2, 29, 1, 0, 0));
    expect(toIsoUtc(at)).toBe('2026-03-29T01:00:00.000Z');
    expect(parseIsoInstant('2026-03-29T01:00:00Z')).toBe(at);
  });

  it('accept explicit offsets but refuse local times without one', () => {
    expect(parseIsoInstant('2026-03-29T03:00:00+02:00')).toBe(Date.UTC(2026, 2, 29, 1));
    expect(parseIsoInstant('2026-03-29T03:00:00')).toBeUndefined();
    expect(parseIsoInstant('yesterday')).toBeUndefined();
  });

  it('number incidents by the UTC year, not the host zone', () => {
    expect(utcYear(epochMs(Date.UTC(2026, 11, 31, 23, 30)))).toBe(2026);
    expect(utcYear(epochMs(Date.UTC(2027, 0, 1, 0, 0)))).toBe(2027);
  });
});

describe('elapsed time', () => {
  it.each([
    [0, '0s'],
    [-5000, '0s'],
    [59_000, '59s'],
    [60_000, '1m'],
    [61_000, '1m 1s'],
    [3_600_000, '1h'],
    [3_660_000, '1h 1m'],
    [90_000_000, '1d 1h'],
    [86_400_000, '1d'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
