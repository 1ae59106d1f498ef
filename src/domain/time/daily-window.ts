import type { EpochMs } from './instant';
import { normalize } from './interval';
import type { Interval } from './interval';
import { addLocalDays, instantOfLocal, localDayOfWall, wallOf, weekdayOf } from './zoned';
import type { LocalDay, Weekday } from './zoned';

/**
 * A window of the local day that repeats: from `start` to `end`, minutes since local midnight.
 * `end` before `start` wraps midnight (22:00–07:00 ends the next morning); `end` equal to `start`
 * is a whole day (24 wall-clock hours, from `start` to `start` the next day).
 */
export type DailyWindow = { start: number; end: number };

/**
 * The instants when a daily local window is open in `zone`, clipped to `window`, normalized
 * (sorted, disjoint, touching spans merged). Only windows that *start* on a local day whose weekday
 * is in `days` are counted (all days when omitted): Friday 19:00–09:00 runs into Saturday morning.
 * Each edge is placed with the DST rules of `instantOfWall`: an edge inside a spring-forward gap
 * falls at the first instant after the gap, a repeated edge at its first occurrence. So a window
 * can be an hour shorter or longer than its wall-clock length on DST days, or empty if both
 * edges fall in the same gap.
 */
export function dailyWindowInstants(zone: string, daily: DailyWindow, window: Interval, days?: readonly Weekday[]): Interval[] {
  if (window.end <= window.start) return [];
  const allowed = days ? new Set<number>(days) : undefined;
  const spans: Interval[] = [];
  // Offsets are within ±15 h and a window lasts at most a day, so the UTC days of the edges with
  // two days of margin cover every local day whose window can reach into `window`.
  const first = addLocalDays(localDayOfWall(window.start), -2);
  const last = addLocalDays(localDayOfWall(window.end), 2);
  for (let day = first; day <= last; day = addLocalDays(day, 1)) {
    if (allowed && !allowed.has(weekdayOf(day))) continue;
    const { start, end } = windowOnDay(zone, daily, day);
    const from = Math.max(start, window.start) as EpochMs;
    const to = Math.min(end, window.end) as EpochMs;
    if (to > from) spans.push({ start: from, end: to });
  }
  return normalize(spans);
}

/**
 * The instants of the one window that starts on local `day` (it may end the next day), with the
 * DST rules of `instantOfWall`; possibly empty when both edges fall in the same gap.
 */
export function windowOnDay(zone: string, daily: DailyWindow, day: LocalDay): Interval {
  const start = instantOfLocal(zone, day, daily.start);
  const end = instantOfLocal(zone, daily.end > daily.start ? day : addLocalDays(day, 1), daily.end);
  return { start, end };
}

/**
 * Whether `at` lies inside a window of {@link dailyWindowInstants} (same days, same DST rules),
 * without building the list: the answer equals `dailyWindowInstants(…, [at, at + 1), days).length > 0`.
 */
export function inDailyWindow(zone: string, daily: DailyWindow, at: EpochMs, days?: readonly Weekday[]): boolean {
  const today = localDayOfWall(wallOf(zone, at));
  // A window that starts two days before cannot reach `at`; one starting tomorrow can only where the
  // clock fell back across midnight, so yesterday, today and tomorrow are checked.
  for (let day = addLocalDays(today, -1); day <= addLocalDays(today, 1); day = addLocalDays(day, 1)) {
    if (days && !days.includes(weekdayOf(day))) continue;
    const span = windowOnDay(zone, daily, day);
    if (at >= span.start && at < span.end) return true;
  }
  return false;
}
