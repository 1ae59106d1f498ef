import { z } from 'zod';
import { parseLocalDate } from '../domain/time/zoned';
import { ACTION_ITEM_STATUSES, POSTMORTEM_LIMITS, POSTMORTEM_STATUSES, SECTION_KEYS } from '../domain/postmortem/model';
import { isoInstant } from './common';
import { severitySchema } from './incidents';

/**
 * Post-mortems: one per incident, written together in the browser. Each markdown section has its
 * own version (optimistic concurrency: a save names the version it is based on, and a stale save
 * is refused with 409 carrying both texts, so the editor shows a merge view and loses neither).
 * Action items are records of their own (owner, due date, status), listed across post-mortems.
 * The sections, statuses, limits and date rules live in domain/postmortem/model.ts.
 */

const id = (what: string) => z.string({ error: `is required (a ${what} id)` }).min(1, 'must not be empty').max(100, `must be a ${what} id`);
const personRef = z.object({ id: z.string(), name: z.string() });

/** A calendar date 'YYYY-MM-DD', read in its owner's zone (an action item is due all that day). */
export const localDateSchema = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .refine((text) => parseLocalDate(text) !== undefined, { message: 'must be an existing date YYYY-MM-DD' });

export const sectionKeySchema = z.enum(SECTION_KEYS, { error: `must be one of ${SECTION_KEYS.join(', ')}` });
export const postmortemStatusSchema = z.enum(POSTMORTEM_STATUSES, { error: `must be one of ${POSTMORTEM_STATUSES.join(', ')}` });
export const actionItemStatusSchema = z.enum(ACTION_ITEM_STATUSES, { error: `must be one of ${ACTION_ITEM_STATUSES.join(', ')}` });

/** An http(s) link (a ticket, a pull request); anything else is refused, so no `javascript:` reaches a page. */
export const linkSchema = z
  .string({ error: 'must be a link' })
  .max(POSTMORTEM_LIMITS.linkChars, `must be at most ${POSTMORTEM_LIMITS.linkChars} characters`)
  .refine((text) => /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(text), { message: 'must be an http or https link' });

export const postmortemSectionSchema = z.object({
  key: sectionKeySchema,
  title: z.string(),
  body: z.string(),
  /** 0 until first saved (the pre-filled drafts are version 0); every save adds one. */
  version: z.number().int(),
  updatedAt: isoInstant.nullable(),
  updatedBy: personRef.nullable(),
});
export type PostmortemSectionDto = z.infer<typeof postmortemSectionSchema>;

export const actionItemSchema = z.object({
  id: z.string(),
  postmortemId: z.string(),
  incidentId: z.string(),
  incidentTitle: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  title: z.string(),
  owner: personRef.extend({ timeZone: z.string() }),
  /** The last day it is due, in the owner's zone; null when no date was set. */
  dueOn: z.string().nullable(),
  status: actionItemStatusSchema,
  link: z.string().nullable(),
  /** Open or in progress and past the end of its due date in the owner's zone. */
  overdue: z.boolean(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  /** When it was done or dropped; null while open. */
  closedAt: isoInstant.nullable(),
  version: z.number().int(),
});
export type ActionItemDto = z.infer<typeof actionItemSchema>;

/** A warning that did not stop the write (a due date in the past is allowed: it may record late work). */
export const warningSchema = z.object({ field: z.string(), problem: z.string() });

/** What POST and PATCH of an action item answer: the item and any warnings. */
export const actionItemWriteResultSchema = z.object({ item: actionItemSchema, warnings: z.array(warningSchema) });
export type ActionItemWriteResult = z.infer<typeof actionItemWriteResultSchema>;

const actionItemFields = {
  title: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(POSTMORTEM_LIMITS.actionItemTitleChars, `must be at most ${POSTMORTEM_LIMITS.actionItemTitleChars} characters`),
  /** A person's id; a team, a name or an e-mail address is refused naming this field. */
  ownerId: id('person'),
  dueOn: localDateSchema.nullable(),
  status: actionItemStatusSchema,
  link: linkSchema.nullable(),
};

export const createActionItemBodySchema = z
  .object({
    ...actionItemFields,
    dueOn: actionItemFields.dueOn.default(null),
    status: actionItemFields.status.default('open'),
    link: actionItemFields.link.default(null),
  })
  .strict();
export type CreateActionItemBody = z.input<typeof createActionItemBodySchema>;

/**
 * A change to some fields; `version` is the one it is based on (409 when stale). Built from the
 * fields without their defaults, so a field left out stays as stored instead of being reset.
 */
export const patchActionItemBodySchema = z
  .object(actionItemFields)
  .partial()
  .extend({ version: z.number({ error: 'is required (the version this change is based on)' }).int() })
  .strict();
export type PatchActionItemBody = z.input<typeof patchActionItemBodySchema>;

export const actionItemListQuerySchema = z
  .object({
    /** `me`, or a person's id. */
    owner: z.string().min(1).max(100).optional(),
    /** `open` (open and in progress, the default), `overdue`, `closed` (done and won't do), or `all`. */
    status: z.enum(['open', 'overdue', 'closed', 'all'], { error: 'must be one of open, overdue, closed, all' }).default('open'),
    teamId: z.string().min(1).max(100).optional(),
    serviceId: z.string().min(1).max(100).optional(),
  })
  .strict();
export type ActionItemListQuery = z.input<typeof actionItemListQuerySchema>;

/** The incident as the post-mortem page shows it (and as its impact was computed from). */
export const postmortemIncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  severity: severitySchema,
  serviceId: z.string(),
  serviceName: z.string(),
  teamId: z.string().nullable(),
  triggeredAt: isoInstant,
  acknowledgedAt: isoInstant.nullable(),
  resolvedAt: isoInstant.nullable(),
  alertCount: z.number().int(),
});

export const postmortemSummarySchema = z.object({
  id: z.string(),
  incident: postmortemIncidentSchema,
  title: z.string(),
  status: postmortemStatusSchema,
  owner: personRef,
  /** 48 hours after the incident resolved; null while it is open. */
  dueAt: isoInstant.nullable(),
  /** The follow-up review, a date in the owner's zone (default a week after the post-mortem was started). */
  followUpOn: z.string(),
  createdAt: isoInstant,
  createdBy: personRef.nullable(),
  updatedAt: isoInstant,
  publishedAt: isoInstant.nullable(),
  openActionItems: z.number().int(),
  overdueActionItems: z.number().int(),
});
export type PostmortemSummaryDto = z.infer<typeof postmortemSummarySchema>;

export const postmortemSchema = postmortemSummarySchema.extend({
  sections: z.array(postmortemSectionSchema),
  actionItems: z.array(actionItemSchema),
  /** The last event of the incident's log that the Timeline section was drafted or refreshed from. */
  timelineThroughSeq: z.number().int(),
  /** Whether the caller may edit (responders and up, and only while it is not published). */
  canEdit: z.boolean(),
  /** Whether the caller may move it between statuses (responders and up). */
  canChangeStatus: z.boolean(),
});
export type PostmortemDto = z.infer<typeof postmortemSchema>;

/** POST /api/v1/incidents/:id/postmortem: creates it (201) or answers the existing one (200). */
export const createPostmortemBodySchema = z
  .object({
    /** Default: the person creating it. */
    ownerId: id('person').optional(),
  })
  .strict();

/** PATCH /api/v1/postmortems/:id: title, owner and follow-up date (a published one refuses with 409). */
export const patchPostmortemBodySchema = z
  .object({
    title: z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(POSTMORTEM_LIMITS.titleChars, `must be at most ${POSTMORTEM_LIMITS.titleChars} characters`).optional(),
    ownerId: id('person').optional(),
    followUpOn: localDateSchema.optional(),
  })
  .strict();

/**
 * PUT /api/v1/postmortems/:id/sections/:key. A body over POSTMORTEM_LIMITS.sectionChars is 413.
 * `timelineThroughSeq` (Timeline only) records how far "refresh from incident" was taken in.
 */
export const saveSectionBodySchema = z
  .object({
    body: z.string({ error: 'is required (markdown)' }),
    version: z.number({ error: 'is required (the version this change is based on)' }).int(),
    timelineThroughSeq: z.number({ error: 'must be an event sequence number' }).int().nonnegative().optional(),
  })
  .strict();
export type SaveSectionBody = z.input<typeof saveSectionBodySchema>;

/** The 409 of a stale section save: the stored section (`current`) and the text sent (`yours`). */
export const staleSectionDetailsSchema = z.object({ current: postmortemSectionSchema, yours: z.object({ body: z.string(), version: z.number().int() }) });
export type StaleSectionDetails = z.infer<typeof staleSectionDetailsSchema>;

/** POST /api/v1/postmortems/:id/status. Reopening a published one needs a reason (audit-logged). */
export const changeStatusBodySchema = z
  .object({
    status: postmortemStatusSchema,
    reason: z.string().trim().max(POSTMORTEM_LIMITS.reasonChars, `must be at most ${POSTMORTEM_LIMITS.reasonChars} characters`).optional(),
  })
  .strict();

/** One line the timeline draft makes from one event of the incident's log. */
export const timelineEntrySchema = z.object({ seq: z.number().int(), at: isoInstant, line: z.string() });

/**
 * GET /api/v1/postmortems/:id/timeline-draft: the entries of events after `timelineThroughSeq`
 * (what "refresh from incident" offers to append), and the sequence to save with them.
 */
export const timelineDraftSchema = z.object({ entries: z.array(timelineEntrySchema), throughSeq: z.number().int() });
export type TimelineDraftDto = z.infer<typeof timelineDraftSchema>;

/** PUT /api/v1/postmortems/:id/presence: who has the post-mortem open, and in which section. */
export const presenceBodySchema = z.object({ section: sectionKeySchema.nullable() }).strict();
export const presenceSchema = z.object({
  editors: z.array(z.object({ userId: z.string(), name: z.string(), section: sectionKeySchema.nullable(), at: isoInstant })),
});
export type PresenceDto = z.infer<typeof presenceSchema>;

/**
 * GET /api/v1/incidents/:id/recurrence: earlier incidents of the same service whose post-mortems
 * still have open action items ("this happened on 3 March; 'add pool monitoring' is still open").
 */
export const recurrenceSchema = z.object({
  earlier: z.array(
    z.object({
      incidentId: z.string(),
      incidentTitle: z.string(),
      triggeredAt: isoInstant,
      postmortemId: z.string(),
      openItems: z.array(actionItemSchema),
    }),
  ),
});
export type RecurrenceDto = z.infer<typeof recurrenceSchema>;

/** GET /api/v1/postmortems: summaries, newest first; `status` filters. */
export const postmortemListQuerySchema = z
  .object({
    status: postmortemStatusSchema.optional(),
    incidentId: z.string().min(1).max(100).optional(),
  })
  .strict();
