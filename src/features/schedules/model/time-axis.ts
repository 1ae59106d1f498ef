import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../domain/time/instant';
import type { EpochMs } from '../../../domain/time/instant';
import type { Interval } from '../../../domain/time/interval';
import { addLocalDays, formatLocalDate, instantOfLocal, parseLocalDate, weekdayOf, zonedDateTime } from '../../../domain/time/zoned';
import type { LocalDay } from '../../../domain/time/zoned';

export type CalendarRange = 'week' | 'two-weeks' | 'month';
export const RANGES: ReadonlyArray<{ value: CalendarRange; label: string; key: string }> = [
  { value: 'week', label: 'Week', key: 'w' },
  { value: 'two-weeks', label: 'Two weeks', key: '2' },
  { value: 'month', label: 'Month', key: 'm' },
];

/** One local day of the viewer's zone, laid out by its real length (23, 24 or 25 hours). */
export type AxisDay = { day: LocalDay; date: string; label: string; start: EpochMs; end: EpochMs; hours: number };
/** An hour line at a wall-clock hour of the viewer's zone. */
export type AxisTick = { at: EpochMs; label: string };

/**
 * The calendar's horizontal axis: real instants from local midnight of the first day to local
 * midnight after the last, in the viewer's zone. Positions are proportional to elapsed time, so a
 * spring-forward day is narrower than its neighbours, while day edges and hour ticks come from the
 * viewer's wall clock.
 */
export type TimeAxis = { zone: string; range: CalendarRange; window: Interval; days: AxisDay[]; ticks: AxisTick[] };

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function monthStart(day: LocalDay): LocalDay {
  return parseLocalDate(`${formatLocalDate(day).slice(0, 7)}-01`)!;
}

/** The local days shown for a range around `anchor`: weeks start on Monday; a month is a calendar month. */
export function rangeDays(range: CalendarRange, anchor: LocalDay): { first: LocalDay; count: number } {
  if (range === 'month') {
    const first = monthStart(anchor);
    const next = monthStart(addLocalDays(first, 32));
    return { first, count: next - first };
  }
  const monday = addLocalDays(anchor, -((weekdayOf(anchor) + 6) % 7));
  return { first: monday, count: range === 'week' ? 7 : 14 };
}

/** The anchor date one range earlier (-1) or later (+1). */
export function stepAnchor(range: CalendarRange, anchor: LocalDay, direction: -1 | 1): LocalDay {
  if (range === 'month') return monthStart(addLocalDays(monthStart(anchor), direction === 1 ? 32 : -1));
  return addLocalDays(anchor, direction * (range === 'week' ? 7 : 14));
}

const TICK_HOURS: Record<CalendarRange, number> = { week: 6, 'two-weeks': 12, month: 24 };

export function buildAxis(zone: string, range: CalendarRange, anchor: LocalDay): TimeAxis {
  const { first, count } = rangeDays(range, anchor);
  const days: AxisDay[] = [];
  const ticks: AxisTick[] = [];
  const step = TICK_HOURS[range];
  for (let i = 0; i < count; i++) {
    const day = addLocalDays(first, i);
    const start = instantOfLocal(zone, day, 0);
    const end = instantOfLocal(zone, addLocalDays(day, 1), 0);
    const date = formatLocalDate(day);
    days.push({ day, date, label: `${WEEKDAYS[weekdayOf(day)]} ${Number(date.slice(8))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`, start, end, hours: (end - start) / HOUR_MS });
    // Ticks at wall-clock hours; an hour skipped by spring-forward maps onto the next one and is dropped.
    for (let hour = step; hour < 24; hour += step) {
      const at = instantOfLocal(zone, day, hour * 60);
      const previous = ticks[ticks.length - 1]?.at ?? start;
      if (at <= previous || at >= end) continue;
      ticks.push({ at, label: zonedDateTime(zone, at).time });
    }
  }
  return { zone, range, window: { start: days[0]!.start, end: days[days.length - 1]!.end }, days, ticks };
}

/** How the day's length differs from 24 hours, as the calendar marks it ("DST: 23 h"), or null. */
export function dstLabel(day: AxisDay): string | null {
  if (day.hours === 24) return null;
  return `DST: ${Number.isInteger(day.hours) ? day.hours : day.hours.toFixed(1)} h`;
}

/** Where an instant sits on the axis, as a percentage of its width (may lie outside 0–100). */
export function percentOf(window: Interval, at: number): number {
  return ((at - window.start) / (window.end - window.start)) * 100;
}

export const SNAP_MS = 15 * MINUTE_MS;

/** The nearest quarter hour; offsets of every zone are whole quarter hours, so this is a quarter on every wall clock too. */
export function snap(at: number): EpochMs {
  return (Math.round(at / SNAP_MS) * SNAP_MS) as EpochMs;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "Mon 9 Mar 09:00" on the zone's clock: the calendar's one way of writing an instant. */
export function formatInZone(zone: string, at: number): string {
  const local = zonedDateTime(zone, at);
  return `${WEEKDAYS[local.weekday]} ${Number(local.date.slice(8))} ${MONTHS[Number(local.date.slice(5, 7)) - 1]} ${local.time}`;
}

/** The zone's UTC offset at an instant, for display next to the zone name ("UTC−07:00"). */
export function formatOffset(zone: string, at: number): string {
  const minutes = zonedDateTime(zone, at).offsetMinutes;
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The local date of an instant in the zone. */
export function localDayAt(zone: string, at: number): LocalDay {
  return zonedDateTime(zone, at).day;
}

export const DAY = DAY_MS;
