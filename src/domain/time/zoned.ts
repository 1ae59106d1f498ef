import { DAY_MS, HOUR_MS, MINUTE_MS, epochMs } from './instant';
import type { EpochMs } from './instant';

/**
 * Wall-clock time in an IANA zone, and the way back to instants.
 *
 * A wall-clock reading is represented as `WallMs`: the milliseconds since 1970-01-01T00:00 *as
 * read on a clock in the zone*, i.e. the local date and time encoded as if it were UTC. It is not
 * an instant and must never be passed where an `EpochMs` is expected (the brands keep them apart).
 * A `LocalDay` is a calendar date with no zone: days since 1970-01-01.
 *
 * The zone rules come from the runtime's Intl time-zone data (never the host zone: every call names
 * its zone). Offsets are looked up once per zone and UTC year by sampling every 24 h and bisecting
 * each change to the second, then memoized; this misses only a zone that changes its offset twice
 * within one UTC day and returns to the first offset, which no zone has done. The memo is a cache of
 * a pure function and never observable except as speed.
 *
 * DST semantics (one rule covers both cases): the instant of a local time `L` is the first instant
 * at which the zone's clock reads `L` or later. So a local time that occurs twice (fall back)
 * happens at its first occurrence, and a local time that does not exist (inside a spring-forward
 * gap, e.g. 02:30 on 2026-03-08 in America/Los_Angeles) happens at the first instant after the
 * gap (the transition itself, 03:00 PDT = 10:00Z).
 */
export type WallMs = number & { readonly __brand: 'WallMs' };

/** A calendar date without a zone, as days since 1970-01-01 (negative before). */
export type LocalDay = number & { readonly __brand: 'LocalDay' };

/** Day of the week, 0 = Sunday … 6 = Saturday (as in JavaScript and cron). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A change of a zone's UTC offset: from `at` on, the clock reads `at + offsetAfter`. Offsets in ms, east positive. */
export type ZoneTransition = { at: EpochMs; offsetBefore: number; offsetAfter: number };

// ---------------------------------------------------------------------------------------------
// Offsets from Intl, memoized per zone and UTC year

type YearRules = { offset0: number; changes: Array<{ at: number; offset: number }> };

const formatters = new Map<string, Intl.DateTimeFormat>();
const yearRules = new Map<string, YearRules>();
const MAX_MEMO_YEARS = 20_000;

function formatterFor(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    // Throws RangeError for a zone the runtime does not know.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  return format;
}

function utcFromFields(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return date.getTime();
}

/** The offset straight from Intl (slow: about a microsecond); `at` is taken to the whole second. */
function intlOffset(zone: string, at: number): number {
  const whole = Math.floor(at / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of formatterFor(zone).formatToParts(whole)) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value); break;
      case 'minute': minute = Number(part.value); break;
      case 'second': second = Number(part.value); break;
      case 'era': bc = /^B/i.test(part.value); break;
      default: break;
    }
  }
  if (bc) year = 1 - year;
  return utcFromFields(year, month, day, hour, minute, second) - whole;
}

function rulesFor(zone: string, year: number): YearRules {
  const key = `${zone}|${year}`;
  const known = yearRules.get(key);
  if (known) return known;
  const start = utcFromFields(year, 1, 1, 0, 0, 0);
  const end = utcFromFields(year + 1, 1, 1, 0, 0, 0);
  const offset0 = intlOffset(zone, start);
  const changes: YearRules['changes'] = [];
  let from = start;
  let current = offset0;
  while (from < end) {
    const to = Math.min(from + DAY_MS, end);
    const atTo = intlOffset(zone, to);
    if (atTo === current) {
      from = to;
      continue;
    }
    // The offset changes somewhere in (from, to]: bisect to the whole second.
    let lo = from;
    let hi = to;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (intlOffset(zone, mid) === current) lo = mid;
      else hi = mid;
    }
    if (hi >= end) break; // belongs to next year, whose offset0 sees it
    current = intlOffset(zone, hi);
    changes.push({ at: hi, offset: current });
    from = hi;
  }
  const rules = { offset0, changes };
  if (yearRules.size >= MAX_MEMO_YEARS) yearRules.clear();
  yearRules.set(key, rules);
  return rules;
}

function utcYearOf(at: number): number {
  return new Date(at).getUTCFullYear();
}

/** The zone's UTC offset in milliseconds (east positive) at an instant: `wall = at + offset`. */
export function offsetAt(zone: string, at: EpochMs | number): number {
  const rules = rulesFor(zone, utcYearOf(at));
  let offset = rules.offset0;
  for (const change of rules.changes) {
    if (at >= change.at) offset = change.offset;
    else break;
  }
  return offset;
}

/**
 * Every offset change of the zone with `start ≤ at < end`, in order. Transitions that leave the
 * offset unchanged (a renamed abbreviation) are not reported.
 */
export function transitionsBetween(zone: string, start: EpochMs | number, end: EpochMs | number): ZoneTransition[] {
  const out: ZoneTransition[] = [];
  if (end <= start) return out;
  const last = utcYearOf(end);
  for (let year = utcYearOf(start); year <= last; year++) {
    const rules = rulesFor(zone, year);
    let before = rules.offset0;
    for (const change of rules.changes) {
      if (change.at >= start && change.at < end) out.push({ at: epochMs(change.at), offsetBefore: before, offsetAfter: change.offset });
      before = change.offset;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Instant ↔ wall clock

/** The wall-clock reading of the zone's clocks at an instant. */
export function wallOf(zone: string, at: EpochMs | number): WallMs {
  return (at + offsetAt(zone, at)) as WallMs;
}

/** Offsets anywhere on Earth stay within ±15 h; candidates are searched in this margin. */
const SEARCH_MS = 18 * HOUR_MS;

/**
 * The instant at which the zone's clock first reads `wall` or later. Hence: an existing,
 * unambiguous local time maps to its one instant; a repeated one (fall back) to its first
 * occurrence; a skipped one (spring forward) to the transition instant, the first instant after the gap.
 * Monotonic: a later wall reading never maps to an earlier instant.
 */
export function instantOfWall(zone: string, wall: WallMs | number): EpochMs {
  let segmentStart = wall - SEARCH_MS;
  let offset = offsetAt(zone, segmentStart);
  for (const transition of transitionsBetween(zone, wall - SEARCH_MS, wall + SEARCH_MS)) {
    // Within [segmentStart, transition.at) the clock reads t + offset, increasing with t.
    if (wall - offset < transition.at) return epochMs(Math.max(segmentStart, wall - offset));
    segmentStart = transition.at;
    offset = transition.offsetAfter;
  }
  return epochMs(Math.max(segmentStart, wall - offset));
}

/** The instant of a local date and minute of the day (0–1439) in the zone, with the DST rules of {@link instantOfWall}. */
export function instantOfLocal(zone: string, day: LocalDay, minuteOfDay: number): EpochMs {
  return instantOfWall(zone, day * DAY_MS + minuteOfDay * MINUTE_MS);
}

// ---------------------------------------------------------------------------------------------
// Local calendar arithmetic (no zone involved)

/** The local calendar day of a wall-clock reading. */
export function localDayOfWall(wall: WallMs | number): LocalDay {
  return Math.floor(wall / DAY_MS) as LocalDay;
}

/** Minutes since local midnight (0–1439) of a wall-clock reading, seconds dropped. */
export function minuteOfDayOfWall(wall: WallMs | number): number {
  return Math.floor((wall - Math.floor(wall / DAY_MS) * DAY_MS) / MINUTE_MS);
}

/** The weekday of a local day (1970-01-01 was a Thursday). */
export function weekdayOf(day: LocalDay): Weekday {
  return (((day + 4) % 7) + 7) % 7 as Weekday;
}

/** The local day `n` calendar days later (or earlier, for negative n); independent of DST by construction. */
export function addLocalDays(day: LocalDay, n: number): LocalDay {
  return (day + n) as LocalDay;
}

/** Parses an existing calendar date 'YYYY-MM-DD' (years 0001–9999); undefined for anything else, e.g. '2026-02-30'. */
export function parseLocalDate(text: string): LocalDay | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const ms = utcFromFields(year, month, day, 0, 0, 0);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return Math.round(ms / DAY_MS) as LocalDay;
}

/** Formats a local day as 'YYYY-MM-DD' (years 0001–9999). */
export function formatLocalDate(day: LocalDay): string {
  const date = new Date(day * DAY_MS);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Parses 'HH:MM' (00:00–23:59) to minutes since local midnight; undefined for anything else. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Formats minutes since local midnight as 'HH:MM'. */
export function formatTimeOfDay(minuteOfDay: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** What the zone's clocks and calendars show at an instant. */
export type ZonedDateTime = {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:MM' (seconds dropped) */
  time: string;
  day: LocalDay;
  minuteOfDay: number;
  weekday: Weekday;
  /** The UTC offset in minutes at that instant (east positive), for display only. */
  offsetMinutes: number;
};

/** The local calendar date, time of day and weekday of an instant in a zone. */
export function zonedDateTime(zone: string, at: EpochMs | number): ZonedDateTime {
  const offset = offsetAt(zone, at);
  const wall = at + offset;
  const day = localDayOfWall(wall);
  const minuteOfDay = minuteOfDayOfWall(wall);
  return { date: formatLocalDate(day), time: formatTimeOfDay(minuteOfDay), day, minuteOfDay, weekday: weekdayOf(day), offsetMinutes: offset / MINUTE_MS };
}

/**
 * The instant of a local date 'YYYY-MM-DD' and time 'HH:MM' in a zone, with the DST rules of
 * {@link instantOfWall}. Throws RangeError for text that is not a date or time.
 */
export function instantOfLocalText(zone: string, date: string, time: string): EpochMs {
  const day = parseLocalDate(date);
  const minute = parseTimeOfDay(time);
  if (day === undefined || minute === undefined) throw new RangeError(`not a local date and time: ${date} ${time}`);
  return instantOfLocal(zone, day, minute);
}
