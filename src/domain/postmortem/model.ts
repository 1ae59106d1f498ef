import type { EpochMs } from '../time/instant';
import { HOUR_MS, epochMs } from '../time/instant';
import type { LocalDay } from '../time/zoned';
import { addLocalDays, formatLocalDate, instantOfLocal, localDayOfWall, parseLocalDate, wallOf } from '../time/zoned';

/**
 * The post-mortem's vocabulary, shared by the server, the browser and the msw handlers: the
 * sections of the guide's template, the statuses and which moves between them are allowed, the
 * 48-hour due time, and the calendar dates (action items' due dates, the follow-up review) that
 * are read in their owner's own zone.
 */

/**
 * The written sections, in the template's order. "Action items" sits between Lessons learned and
 * Follow-up in the template; it is a list of records (owner, due date, status), not markdown, so
 * it is not one of these keys — the page shows it in that place.
 */
export const POSTMORTEM_SECTIONS = [
  { key: 'timeline', title: 'Timeline' },
  { key: 'impact', title: 'Impact' },
  { key: 'root-cause', title: 'Root cause' },
  { key: 'detection', title: "Why wasn't this caught?" },
  { key: 'lessons', title: 'Lessons learned' },
  { key: 'follow-up', title: 'Follow-up' },
] as const;
export type SectionKey = (typeof POSTMORTEM_SECTIONS)[number]['key'];
export const SECTION_KEYS = POSTMORTEM_SECTIONS.map((section) => section.key) as unknown as readonly [SectionKey, ...SectionKey[]];

export function isSectionKey(value: unknown): value is SectionKey {
  return typeof value === 'string' && (SECTION_KEYS as readonly string[]).includes(value);
}

export function sectionTitle(key: SectionKey): string {
  return POSTMORTEM_SECTIONS.find((section) => section.key === key)!.title;
}

/** Hard limits: a longer section is refused with 413, the rest with 400. */
export const POSTMORTEM_LIMITS = {
  /** Characters of markdown per section: a long timeline of a day-long incident fits with room. */
  sectionChars: 50_000,
  titleChars: 200,
  actionItemTitleChars: 300,
  linkChars: 2_000,
  reasonChars: 500,
  /** Action items per post-mortem. */
  actionItems: 100,
} as const;

/** "Conducted within 48 hours, while details are fresh": counted from the incident's resolution. */
export const POSTMORTEM_DUE_HOURS = 48;
/** The follow-up review is a week after the post-mortem is started unless its owner picks a date. */
export const FOLLOW_UP_DEFAULT_DAYS = 7;
/** Reminders (follow-up review, overdue action items) go out at this local time of their owner. */
export const REMINDER_MINUTE_OF_DAY = 9 * 60;

export const POSTMORTEM_STATUSES = ['draft', 'in_review', 'published'] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

/**
 * Draft → in review → published, and back: review can send it back to draft, and a published one
 * is read-only until it is reopened (to draft; the reopening is audit-logged with its reason).
 */
const MOVES: Record<PostmortemStatus, readonly PostmortemStatus[]> = {
  draft: ['in_review'],
  in_review: ['draft', 'published'],
  published: ['draft'],
};

export function canMove(from: PostmortemStatus, to: PostmortemStatus): boolean {
  return MOVES[from].includes(to);
}

/** What the editor may change: everything but a published post-mortem. */
export function isEditable(status: PostmortemStatus): boolean {
  return status !== 'published';
}

/** Due 48 hours after the incident resolved; one not resolved yet has no due time. */
export function postmortemDueAt(resolvedAt: EpochMs | null): EpochMs | null {
  return resolvedAt === null ? null : epochMs(resolvedAt + POSTMORTEM_DUE_HOURS * HOUR_MS);
}

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** Open and in progress count as still to do (recurrence, overdue, reminders); done and won't do are closed. */
export function isOpenStatus(status: ActionItemStatus): boolean {
  return status === 'open' || status === 'in_progress';
}

/** The first instant after a calendar date in a zone: a date is due all day, in its owner's zone. */
export function endOfLocalDate(date: string, zone: string): EpochMs {
  const day = parseLocalDate(date);
  if (day === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return instantOfLocal(zone, addLocalDays(day, 1), 0);
}

/** An open action item is overdue once its due date has ended in its owner's zone. */
export function isOverdue(item: { status: ActionItemStatus; dueOn: string | null }, ownerZone: string, now: EpochMs): boolean {
  return item.dueOn !== null && isOpenStatus(item.status) && now >= endOfLocalDate(item.dueOn, ownerZone);
}

/** The calendar date in a zone at an instant, 'YYYY-MM-DD'. */
export function localDateAt(zone: string, at: EpochMs): string {
  return formatLocalDate(localDayOfWall(wallOf(zone, at)) as LocalDay);
}

/** A date before today in the owner's zone: allowed (the item may record late work), with a warning. */
export function isPastDate(date: string, ownerZone: string, now: EpochMs): boolean {
  return date < localDateAt(ownerZone, now);
}

/** The default follow-up review date: a week after `at`, as a calendar date in the owner's zone. */
export function defaultFollowUpOn(at: EpochMs, ownerZone: string): string {
  const day = parseLocalDate(localDateAt(ownerZone, at))!;
  return formatLocalDate(addLocalDays(day, FOLLOW_UP_DEFAULT_DAYS));
}

/** When a reminder about a date goes out: 09:00 on that date in the owner's zone. */
export function reminderAt(date: string, ownerZone: string): EpochMs {
  const day = parseLocalDate(date);
  if (day === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return instantOfLocal(ownerZone, day, REMINDER_MINUTE_OF_DAY);
}
