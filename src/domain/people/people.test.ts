import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIanaZone, normalizeE164 } from './contact';
import { formatLocalTime, isQuietAt, parseLocalTime } from './quiet-hours';
import type { LocalTime } from './quiet-hours';

describe('time zones', () => {
  it.each(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Pacific/Chatham', 'Australia/Lord_Howe', 'UTC', 'Etc/UTC'])('accepts %s', (zone) => {
    expect(isIanaZone(zone)).toBe(true);
  });

  it.each(['+02:00', 'UTC+2', 'GMT-5', 'Etc/GMT+5', 'CET+1', 'Mars/Olympus_Mons', 'berlin', ''])('refuses %j: not a zone of the IANA database', (zone) => {
    expect(isIanaZone(zone)).toBe(false);
  });
});

describe('phone numbers', () => {
  it('normalize what people type to E.164', () => {
    expect(normalizeE164('+1 (415) 555-0123')).toBe('+14155550123');
    expect(normalizeE164('+49 170 1234567')).toBe('+491701234567');
  });

  it('refuse national formats, a leading zero country code and too many digits', () => {
    expect(normalizeE164('0170 1234567')).toBeUndefined();
    expect(normalizeE164('+0170 1234567')).toBeUndefined();
    expect(normalizeE164('+1234567890123456')).toBeUndefined();
  });
});

describe('quiet hours', () => {
  const at = (text: string) => parseLocalTime(text)!;

  it('parse and format HH:MM', () => {
    expect(formatLocalTime(at('07:05'))).toBe('07:05');
    expect(parseLocalTime('24:00')).toBeUndefined();
    expect(parseLocalTime('7:00')).toBeUndefined();
  });

  it('include the start and exclude the end, wrapping midnight when end is before start', () => {
    const night = { start: at('22:00'), end: at('07:00') };
    expect(['21:59', '22:00', '03:00', '06:59', '07:00'].map((t) => isQuietAt(night, at(t)))).toEqual([false, true, true, true, false]);
    const early = { start: at('02:00'), end: at('07:00') };
    expect(['01:59', '02:00', '06:59', '07:00', '23:00'].map((t) => isQuietAt(early, at(t)))).toEqual([false, true, true, false, false]);
  });

  it('cover exactly end − start minutes of the day (mod 24 h)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 }), (start, end) => {
        fc.pre(start !== end);
        const quiet = { start: start as LocalTime, end: end as LocalTime };
        let minutes = 0;
        for (let m = 0; m < 1440; m++) if (isQuietAt(quiet, m as LocalTime)) minutes++;
        expect(minutes).toBe((end - start + 1440) % 1440);
      }),
      { numRuns: 200 },
    );
  });
});
