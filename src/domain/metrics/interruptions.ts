import type { EpochMs } from '../time/instant';
import { localDayOfWall, minuteOfDayOfWall, wallOf, weekdayOf } from '../time/zoned';

/**
 * Interruptions per person, classified by the recipient's own local clock — the burnout view.
 *
 * Counted as PagerDuty counts interruptions:
 * - Only channels that interrupt count: in-app/push, SMS and voice. E-mail and webhooks are ignored
 *   entirely: they neither count nor start or extend a coalescing window.
 * - Counted pages to the same person coalesce: an interruption starts with a counted page (its
 *   anchor), and every further counted page less than 60 s after the anchor joins it. The window is
 *   anchored, not sliding: pages at 0 s, 50 s and 100 s are two interruptions (0 s + 50 s, then 100 s),
 *   so a steady stream cannot hide as one. A page exactly 60 s after the anchor starts a new one.
 * - An interruption is classified by its anchor page's instant in the zone that page carries (the
 *   recipient's zone at the time, so someone who travelled is judged by where they were):
 *   night = local time in [22:00, 07:00); weekend = local calendar day Saturday or Sunday (Friday
 *   23:00 is night, not weekend; Sunday 23:30 is both). Night and weekend are independent flags, so
 *   one interruption can count in both; `offHours` counts interruptions that are night or weekend
 *   (each once), and `businessHours = total − offHours`.
 */
export type PageChannel = 'in-app' | 'sms' | 'voice' | 'email' | 'webhook';

export const PAGE_CHANNELS = ['in-app', 'sms', 'voice', 'email', 'webhook'] as const satisfies readonly PageChannel[];

export type MetricPage = { userId: string; zone: string; channel: PageChannel; at: EpochMs };

export type PersonInterruptions = {
  userId: string;
  total: number;
  night: number;
  weekend: number;
  /** Night or weekend, each interruption once. */
  offHours: number;
  /** Neither night nor weekend. */
  businessHours: number;
  /** Interruptions by the local hour (0–23) of their anchor page. */
  byLocalHour: number[];
};

export const COALESCE_MS = 60_000;
export const NIGHT_START_MINUTE = 22 * 60;
export const NIGHT_END_MINUTE = 7 * 60;

const COUNTED: ReadonlySet<PageChannel> = new Set<PageChannel>(['in-app', 'sms', 'voice']);

export function interrupts(channel: PageChannel): boolean {
  return COUNTED.has(channel);
}

/** Whether a local minute of the day is in the night window [22:00, 07:00). */
export function isNightMinute(minuteOfDay: number): boolean {
  return minuteOfDay >= NIGHT_START_MINUTE || minuteOfDay < NIGHT_END_MINUTE;
}

/**
 * Interruptions per person, one row for everyone who appears in `pages` (someone paged only by
 * e-mail gets a row of zeros), sorted by user id. With `range`, only interruptions whose anchor lies
 * in `[from, to)` are counted, while pages before it still anchor windows — pass the pages from
 * `from − 60 s` on so that a page just inside the range is not counted twice.
 */
export function interruptionsByPerson(pages: readonly MetricPage[], range?: { from: EpochMs; to: EpochMs }): PersonInterruptions[] {
  const perUser = new Map<string, MetricPage[]>();
  for (const page of pages) {
    let list = perUser.get(page.userId);
    if (!list) {
      list = [];
      perUser.set(page.userId, list);
    }
    if (interrupts(page.channel)) list.push(page);
  }
  const rows: PersonInterruptions[] = [];
  for (const [userId, counted] of perUser) {
    const row: PersonInterruptions = { userId, total: 0, night: 0, weekend: 0, offHours: 0, businessHours: 0, byLocalHour: new Array<number>(24).fill(0) };
    counted.sort((a, b) => a.at - b.at);
    let anchor: number | undefined;
    for (const page of counted) {
      if (anchor !== undefined && page.at - anchor < COALESCE_MS) continue;
      anchor = page.at;
      if (range && (page.at < range.from || page.at >= range.to)) continue;
      const wall = wallOf(page.zone, page.at);
      const minuteOfDay = minuteOfDayOfWall(wall);
      const weekday = weekdayOf(localDayOfWall(wall));
      const night = isNightMinute(minuteOfDay);
      const weekend = weekday === 0 || weekday === 6;
      row.total++;
      if (night) row.night++;
      if (weekend) row.weekend++;
      if (night || weekend) row.offHours++;
      else row.businessHours++;
      row.byLocalHour[Math.floor(minuteOfDay / 60)]!++;
    }
    rows.push(row);
  }
  return rows.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}
