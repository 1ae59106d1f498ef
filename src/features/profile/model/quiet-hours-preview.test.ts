import { describe, expect, it } from 'vitest';
import { quietHoursPreview, wallClockToInstant } from './quiet-hours-preview';

const at = (iso: string) => Date.parse(iso);

describe('quiet hours preview', () => {
  it('follows daylight saving time: the same local rule is a different UTC span in winter and summer', () => {
    expect(quietHoursPreview({ start: '02:00', end: '07:00', zone: 'America/Los_Angeles', now: at('2026-01-15T20:00:00Z') })).toBe(
      '02:00–07:00 America/Los_Angeles = 10:00–15:00 UTC today, 5 h',
    );
    expect(quietHoursPreview({ start: '02:00', end: '07:00', zone: 'America/Los_Angeles', now: at('2026-07-15T20:00:00Z') })).toBe(
      '02:00–07:00 America/Los_Angeles = 09:00–14:00 UTC today, 5 h',
    );
  });

  it('is an hour shorter on the night the clocks spring forward', () => {
    // 8 March 2026, 02:00 does not exist in Los Angeles: quiet hours start at 03:00 PDT (10:00 UTC).
    expect(quietHoursPreview({ start: '02:00', end: '07:00', zone: 'America/Los_Angeles', now: at('2026-03-08T12:00:00Z') })).toBe(
      '02:00–07:00 America/Los_Angeles = 10:00–14:00 UTC today, 4 h',
    );
  });

  it('places a time that does not exist after the gap, and a repeated time at its first occurrence', () => {
    expect(new Date(wallClockToInstant('2026-03-08', '02:30', 'America/Los_Angeles')).toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(new Date(wallClockToInstant('2026-11-01', '01:30', 'America/Los_Angeles')).toISOString()).toBe('2026-11-01T08:30:00.000Z');
    expect(new Date(wallClockToInstant('2026-11-01', '03:00', 'America/Los_Angeles')).toISOString()).toBe('2026-11-01T11:00:00.000Z');
  });

  it('wraps midnight into the next local day', () => {
    expect(quietHoursPreview({ start: '22:00', end: '07:00', zone: 'Europe/Berlin', now: at('2026-01-15T12:00:00Z') })).toBe(
      '22:00–07:00 Europe/Berlin = 21:00–06:00 (next day) UTC today, 9 h',
    );
  });

  it('has nothing to say about times that are not HH:MM or an unknown zone', () => {
    expect(quietHoursPreview({ start: '25:00', end: '07:00', zone: 'Europe/Berlin', now: 0 })).toBeUndefined();
    expect(quietHoursPreview({ start: '02:00', end: '02:00', zone: 'Europe/Berlin', now: 0 })).toBeUndefined();
    expect(quietHoursPreview({ start: '02:00', end: '07:00', zone: 'Mars/Olympus', now: 0 })).toBeUndefined();
  });
});
