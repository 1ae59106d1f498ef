import { z } from 'zod';

/** An instant on the wire: ISO-8601 in UTC with a `Z`. */
export const isoInstant = z.iso.datetime({ offset: false });

/** Every 4xx/5xx from the JSON API (ingestion of PagerDuty events keeps PagerDuty's own shape). */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), problem: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** Who did something, as the timeline shows it. */
export const actorSchema = z.object({
  type: z.enum(['person', 'integration', 'system']),
  name: z.string(),
});
export type Actor = z.infer<typeof actorSchema>;

/** A person's display name as typed in a form: trimmed, not blank, not a novel. */
export const personName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
