import { z } from 'zod';
import { RUNBOOK_LIMITS, RUNBOOK_LINT_CODES } from '../domain/runbook/model';
import { parseSelector } from '../domain/runbook/selector';
import { isoInstant } from './common';

/**
 * Runbooks: the library (documents with versions), and runs (a runbook started on an incident,
 * holding who ticked which step when). The structure of a runbook (sections, steps, time boxes,
 * escalation criteria) is read from its markdown by domain/runbook/document.ts, on the server and
 * in the browser alike; step and section ids come from there.
 */

const id = (what: string) => z.string({ error: 'is required' }).min(1, 'must not be empty').max(100, `must be a ${what} id`);

/** An Alertmanager selector, checked by the domain's parser so the 400 names the position. */
export const selectorTextSchema = z
  .string({ error: 'must be a label selector such as alertname="DbPoolExhausted"' })
  .max(RUNBOOK_LIMITS.selectorChars, `must be at most ${RUNBOOK_LIMITS.selectorChars} characters`)
  .superRefine((text, ctx) => {
    const parsed = parseSelector(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `is not a valid selector at position ${parsed.position}: ${parsed.message}` });
  });

export const runbookOwnerSchema = z.discriminatedUnion(
  'type',
  [z.object({ type: z.literal('team'), teamId: id('team') }), z.object({ type: z.literal('user'), userId: id('user') })],
  { error: 'must have type team or user' },
);
export type RunbookOwner = z.infer<typeof runbookOwnerSchema>;

/** What an editor sends to create a runbook (POST) or, with `version`, to save a new version (PUT). */
export const runbookInputSchema = z
  .object({
    title: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(RUNBOOK_LIMITS.titleChars, `must be at most ${RUNBOOK_LIMITS.titleChars} characters`),
    /** Markdown. Longer than the limit is refused with 413 (see the server's route). */
    body: z.string({ error: 'is required (markdown)' }),
    serviceIds: z.array(id('service'), { error: 'must be a list of service ids' }).max(RUNBOOK_LIMITS.services, `must name at most ${RUNBOOK_LIMITS.services} services`).default([]),
    /** Alertmanager selectors; PagerDuty events match by `source`, `summary`, `component`, `group`, `class`. */
    selectors: z.array(selectorTextSchema, { error: 'must be a list of label selectors' }).max(RUNBOOK_LIMITS.selectors, `must have at most ${RUNBOOK_LIMITS.selectors} selectors`).default([]),
    owner: runbookOwnerSchema,
    reviewIntervalDays: z
      .number({ error: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(RUNBOOK_LIMITS.reviewIntervalDays.min, `must be at least ${RUNBOOK_LIMITS.reviewIntervalDays.min}`)
      .max(RUNBOOK_LIMITS.reviewIntervalDays.max, `must be at most ${RUNBOOK_LIMITS.reviewIntervalDays.max}`)
      .default(RUNBOOK_LIMITS.reviewIntervalDays.default),
  })
  .strict();
export type RunbookInput = z.input<typeof runbookInputSchema>;

export const saveRunbookBodySchema = runbookInputSchema.extend({
  version: z.number({ error: 'is required (the version this change is based on)' }).int(),
});
export type SaveRunbookBody = z.input<typeof saveRunbookBodySchema>;

export const runbookFindingSchema = z.object({ code: z.enum(RUNBOOK_LINT_CODES), line: z.number().int().nullable(), message: z.string(), fix: z.string() });

/** How a runbook has served: runs started, and the answers to "did the runbook help?". */
export const runbookRecordSchema = z.object({ used: z.number().int(), helped: z.number().int(), didNotHelp: z.number().int() });

const personRef = z.object({ id: z.string(), name: z.string() });

export const runbookSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  serviceIds: z.array(z.string()),
  selectors: z.array(z.string()),
  owner: runbookOwnerSchema,
  /** The owner's display name (the team's or the person's). */
  ownerName: z.string(),
  reviewIntervalDays: z.number().int(),
  lastReviewedAt: isoInstant.nullable(),
  lastReviewedBy: personRef.nullable(),
  reviewDueAt: isoInstant,
  reviewOverdue: z.boolean(),
  version: z.number().int(),
  updatedAt: isoInstant,
  updatedBy: personRef.nullable(),
  lintScore: z.number().int(),
  findingCount: z.number().int(),
  record: runbookRecordSchema,
  /** Whether the caller may edit it (managers of the owning team, the owning person, admins). */
  canEdit: z.boolean(),
});
export type RunbookSummaryDto = z.infer<typeof runbookSummarySchema>;

export const runbookSchema = runbookSummarySchema.extend({
  body: z.string(),
  findings: z.array(runbookFindingSchema),
});
export type RunbookDto = z.infer<typeof runbookSchema>;

/** The 409 of a stale save keeps both texts: the stored one (`current`) and the one sent (`yours`). */
export const staleRunbookDetailsSchema = z.object({ current: runbookSchema, yours: runbookInputSchema });

export const runbookVersionSummarySchema = z.object({ version: z.number().int(), title: z.string(), at: isoInstant, by: personRef.nullable(), restoredFrom: z.number().int().nullable() });
export const runbookVersionSchema = runbookVersionSummarySchema.extend({ body: z.string(), serviceIds: z.array(z.string()), selectors: z.array(z.string()) });
export type RunbookVersionDto = z.infer<typeof runbookVersionSchema>;

export const restoreRunbookBodySchema = z.object({
  fromVersion: z.number({ error: 'is required (the version to restore)' }).int().positive(),
  version: z.number({ error: 'is required (the version this change is based on)' }).int(),
}).strict();

// Runs ---------------------------------------------------------------------------------------

export const runProgressSchema = z.object({
  done: z.number().int(),
  total: z.number().int(),
  section: z.object({ id: z.string(), title: z.string(), done: z.number().int(), total: z.number().int() }).nullable(),
});
export type RunProgressDto = z.infer<typeof runProgressSchema>;

/** What an incident's dashboard row shows of its most recently ticked run ("Quick fix 2/4"). */
export const incidentRunbookProgressSchema = z.object({ runId: z.string(), runbookId: z.string(), title: z.string(), progress: runProgressSchema });

export const runbookRunSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  runbookId: z.string(),
  title: z.string(),
  /** The runbook version the run follows: its steps are this version's, even after later edits. */
  version: z.number().int(),
  body: z.string(),
  startedAt: isoInstant,
  startedBy: personRef.nullable(),
  /** Set when the incident resolved: a closed run takes no more ticks. */
  closedAt: isoInstant.nullable(),
  /** The current state of every step that was ever ticked (unticking keeps the row, checked false). */
  steps: z.array(z.object({ stepId: z.string(), checked: z.boolean(), by: personRef.nullable(), at: isoInstant })),
  /** Sections whose countdown has started: by their first tick or by "Start". */
  sections: z.array(z.object({ sectionId: z.string(), startedAt: isoInstant, deadline: isoInstant.nullable(), overrunPostedAt: isoInstant.nullable() })),
  progress: runProgressSchema,
  /** "Did the runbook help?": null until answered. */
  helped: z.boolean().nullable(),
});
export type RunbookRunDto = z.infer<typeof runbookRunSchema>;

export const incidentRunbookMatchSchema = z.object({
  runbook: runbookSummarySchema,
  score: z.number(),
  reasons: z.array(z.enum(['service', 'alert'])),
  selector: z.string().nullable(),
});

/** GET /api/v1/incidents/:id/runbooks: the matching runbooks (best first) and the runs started. */
export const incidentRunbooksSchema = z.object({ matches: z.array(incidentRunbookMatchSchema), runs: z.array(runbookRunSchema) });
export type IncidentRunbooksDto = z.infer<typeof incidentRunbooksSchema>;

export const startRunBodySchema = z.object({ runbookId: id('runbook') }).strict();
export const tickStepBodySchema = z.object({ checked: z.boolean({ error: 'must be true or false' }) }).strict();
export const copyCommandBodySchema = z.object({ command: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(2_000, 'must be at most 2000 characters') }).strict();
export const escalateFromRunBodySchema = z.object({ criterionId: id('criterion') }).strict();
export const runFeedbackBodySchema = z.object({ helped: z.boolean({ error: 'must be true or false' }) }).strict();

/** What "Escalate now" did: moved this incident's escalation to its next level, or paged the named team's policy. */
export const escalateFromRunResultSchema = z.object({
  escalated: z.enum(['next-level', 'team']),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  /** When the named team could not be found, or the incident has no escalation to move. */
  detail: z.string(),
});
