import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { parseLocalTime } from '../../../domain/people/quiet-hours';

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;

const wallClock = (instant: number, zone: string) => formatInTimeZone(instant, zone, 'yyyy-MM-dd HH:mm');

/**
 * The instant a wall-clock time happens on a date in a zone, with DESIGN.md's rules for the two
 * DST oddities: a time that does not exist (inside a spring-forward gap) happens at the first
 * instant after the gap; a time that occurs twice (fall back) happens at its first occurrence.
 */
export function wallClockToInstant(date: string, time: string, zone: string): number {
  const wanted = `${date} ${time}`;
  const guess = fromZonedTime(`${date}T${time}:00`, zone).getTime();
  if (wallClock(guess, zone) === wanted) {
    for (const earlier of [60, 30]) if (wallClock(guess - earlier * MINUTE_MS, zone) === wanted) return guess - earlier * MINUTE_MS;
    return guess;
  }
  // In a gap: bisect for the first minute whose wall clock is past the wanted time.
  let before = guess - 3 * 60 * MINUTE_MS;
  let after = guess + 3 * 60 * MINUTE_MS;
  while (after - before > MINUTE_MS) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
    if (wallClock(middle, zone) < wanted) before = middle;
    else after = middle;
  }
  return after;
}

function nextDate(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * "02:00–07:00 America/Los_Angeles = 10:00–15:00 UTC today": quiet hours as the rest of the team
 * reads them. Computed for today's date in the person's zone, because the UTC equivalent moves
 * with daylight saving time (the same rule is 09:00–14:00 UTC in summer). Quiet hours that wrap
 * midnight end on the next local day. Undefined while a time is not a valid HH:MM.
 */
export function quietHoursPreview({ start, end, zone, now }: { start: string; end: string; zone: string; now: number }): string | undefined {
  const from = parseLocalTime(start);
  const to = parseLocalTime(end);
  if (from === undefined || to === undefined || from === to) return undefined;
  let today: string;
  try {
    today = formatInTimeZone(now, zone, 'yyyy-MM-dd');
  } catch {
    return undefined;
  }
  const startsAt = new Date(wallClockToInstant(today, start, zone));
  const endsAt = new Date(wallClockToInstant(to < from ? nextDate(today) : today, end, zone));
  const utc = (instant: Date) => formatInTimeZone(instant, 'UTC', 'HH:mm');
  const sameUtcDay = formatInTimeZone(startsAt, 'UTC', 'yyyy-MM-dd') === formatInTimeZone(endsAt, 'UTC', 'yyyy-MM-dd');
  const hours = (endsAt.getTime() - startsAt.getTime()) / 3_600_000;
  const length = Number.isInteger(hours) ? `${hours} h` : `${Math.floor(hours)} h ${Math.round((hours % 1) * 60)} min`;
  return `${start}–${end} ${zone} = ${utc(startsAt)}–${utc(endsAt)}${sameUtcDay ? '' : ' (next day)'} UTC today, ${length}`;
}
