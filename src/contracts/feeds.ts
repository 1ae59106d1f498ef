import { z } from 'zod';
import { isoInstant, listOf } from './common';

/** What a feed publishes: every shift of one schedule, or one person's shifts on every schedule. */
export const FEED_KINDS = ['schedule', 'person'] as const;

/**
 * A feed as `GET /api/v1/me/feeds` lists it. It has no URL: the server keeps only a hash of the
 * secret, so the URL exists only in the answer that created the feed.
 */
export const calendarFeedSchema = z.object({
  id: z.string(),
  kind: z.enum(FEED_KINDS),
  /** The schedule's id, or the person's id, depending on `kind`. */
  targetId: z.string(),
  createdAt: isoInstant,
  revokedAt: isoInstant.nullable(),
});
export type CalendarFeedDto = z.infer<typeof calendarFeedSchema>;
export const calendarFeedListSchema = listOf(calendarFeedSchema);
export type CalendarFeedList = z.infer<typeof calendarFeedListSchema>;

/** The answer of `POST …/feeds`: `url` is a path on this server (`/api/v1/feeds/<secret>.ics`). */
export const createdFeedSchema = z.object({ id: z.string(), url: z.string() });
export type CreatedFeedDto = z.infer<typeof createdFeedSchema>;
