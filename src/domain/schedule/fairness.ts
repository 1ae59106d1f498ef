import { dailyWindowInstants } from '../time/daily-window';
import { HOUR_MS } from '../time/instant';
import { clip, intersect, totalLength } from '../time/interval';
import type { Interval } from '../time/interval';
import { parseTimeOfDay } from '../time/zoned';

/** What counts as night, in each person's own zone, and how far from the mean is unfair. */
export type FairnessOptions = { nightStart: string; nightEnd: string; tolerance: number };

/** Night is 22:00–07:00 local; more than 20 % away from the mean is flagged. */
export const DEFAULT_FAIRNESS: FairnessOptions = { nightStart: '22:00', nightEnd: '07:00', tolerance: 0.2 };

/** One person's share of on-call time within the window. */
export type FairnessRow = {
  userId: string;
  zone: string;
  onCallHours: number;
  /** On-call hours inside night time in the person's own zone. */
  nightHours: number;
  /** On-call hours on local Saturdays and Sundays (midnight to midnight) in the person's own zone. */
  weekendHours: number;
  /** (onCallHours − mean) / mean; 0 when the mean is 0. */
  deviation: number;
  /** |deviation| > tolerance: this person carries notably more or less than the others. */
  flagged: boolean;
};

/** The mean on-call hours over the people listed, and one row per person in the order given. */
export type FairnessReport = { meanHours: number; people: FairnessRow[] };

/**
 * Per person listed: on-call, night and weekend hours within `window` (segments clipped to it,
 * overlaps of one person counted once), in the listed order. The mean is over the people listed,
 * including those with no time at all; segments of people not listed are ignored. Night and weekend
 * follow each person's own zone with the time module's DST rules, so a night across a DST change
 * is 8 or 10 real hours long.
 */
export function fairness(
  segments: ReadonlyArray<{ start: number; end: number; userId: string }>,
  people: ReadonlyArray<{ id: string; zone: string }>,
  window: Interval,
  options: Partial<FairnessOptions> = {},
): FairnessReport {
  const { nightStart, nightEnd, tolerance } = { ...DEFAULT_FAIRNESS, ...options };
  const night = { start: parseTimeOfDay(nightStart), end: parseTimeOfDay(nightEnd) };
  if (night.start === undefined || night.end === undefined) throw new RangeError(`night must be HH:MM–HH:MM: ${nightStart}–${nightEnd}`);
  const nightWindow = { start: night.start, end: night.end };
  const rows = people.map((person) => {
    const own = clip(
      segments.filter((s) => s.userId === person.id).map((s) => ({ start: s.start, end: s.end }) as Interval),
      window,
    );
    const nights = night.start === night.end ? [] : dailyWindowInstants(person.zone, nightWindow, window);
    const weekends = dailyWindowInstants(person.zone, { start: 0, end: 0 }, window, [6, 0]);
    return {
      userId: person.id,
      zone: person.zone,
      onCallHours: totalLength(own) / HOUR_MS,
      nightHours: totalLength(intersect(own, nights)) / HOUR_MS,
      weekendHours: totalLength(intersect(own, weekends)) / HOUR_MS,
    };
  });
  const meanHours = rows.length === 0 ? 0 : rows.reduce((sum, r) => sum + r.onCallHours, 0) / rows.length;
  return {
    meanHours,
    people: rows.map((row) => {
      const deviation = meanHours === 0 ? 0 : (row.onCallHours - meanHours) / meanHours;
      // A hair of slack so that exactly `tolerance` away (20 %) is not flagged through rounding.
      return { ...row, deviation, flagged: Math.abs(deviation) > tolerance + 1e-9 };
    }),
  };
}
