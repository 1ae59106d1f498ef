import { z } from 'zod';
import { ACK_METHODS, CONTACT_CHANNELS, LINT_CODES } from '../domain/escalation/model';
import { LOW_URGENCY_HOURS, POLICY_LIMITS, URGENCIES, ackTimeoutProblem, escalateAfterProblem, policyProblems, repeatProblem } from '../domain/escalation/policy';
import type { EscalationPolicy } from '../domain/escalation/policy';
import { SEVERITIES } from '../domain/incident/severity';
import { isoInstant } from './common';
import { scheduleSchema } from './schedules';

/** A zod number that applies one of the domain's policy rules with its own words. */
function ruled(check: (value: number) => string | undefined) {
  return z.number({ error: 'must be a number' }).superRefine((value, ctx) => {
    const problem = check(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

export const escalationTargetSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('user'), userId: z.string({ error: 'is required' }).min(1, 'must not be empty').max(100) }),
    z.object({
      type: z.literal('schedule'),
      scheduleId: z.string({ error: 'is required' }).min(1, 'must not be empty').max(100),
      role: z.enum(['primary', 'backup'], { error: 'must be primary or backup' }).default('primary'),
    }),
  ],
  { error: 'must have type user or schedule' },
);

export const urgencySchema = z.enum(URGENCIES, { error: 'must be high or low' });
const urgencyBySeveritySchema = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, urgencySchema])) as Record<(typeof SEVERITIES)[number], typeof urgencySchema>);

/** What a manager sends to create or replace a service's policy. `version` null creates; otherwise it must match (409 when stale). */
export const putEscalationPolicyBodySchema = z
  .object({
    version: z.number({ error: 'must be a number or null' }).int().nonnegative().nullable(),
    levels: z
      .array(
        z.object({
          id: z.string().min(1).max(100).optional(),
          escalateAfterMinutes: ruled(escalateAfterProblem),
          targets: z.array(escalationTargetSchema).max(POLICY_LIMITS.targetsPerLevel.max, `must name at most ${POLICY_LIMITS.targetsPerLevel.max} targets`),
        }),
        { error: 'must be a list of levels' },
      )
      .max(POLICY_LIMITS.levels.max, `must have at most ${POLICY_LIMITS.levels.max} levels`),
    repeat: ruled(repeatProblem).default(0),
    ackTimeoutMinutes: z.union([ruled(ackTimeoutProblem), z.null()], { error: 'must be a number of minutes or null' }).default(null),
    urgencyBySeverity: urgencyBySeveritySchema.optional(),
    lowUrgency: z.enum(LOW_URGENCY_HOURS, { error: 'must be waking-hours or any-time' }).default('waking-hours'),
  })
  .strict();
export type PutEscalationPolicyBody = z.input<typeof putEscalationPolicyBodySchema>;

export const escalationPolicySchema = z.object({
  serviceId: z.string(),
  version: z.number().int(),
  levels: z.array(z.object({ id: z.string(), escalateAfterMinutes: z.number().int(), targets: z.array(escalationTargetSchema) })),
  repeat: z.number().int(),
  ackTimeoutMinutes: z.number().int().nullable(),
  urgencyBySeverity: urgencyBySeveritySchema,
  lowUrgency: z.enum(LOW_URGENCY_HOURS),
  updatedAt: isoInstant,
});
export type EscalationPolicyDto = z.infer<typeof escalationPolicySchema>;

/** The domain's policy from the wire form. */
export function policyFromDto(dto: Pick<EscalationPolicyDto, 'levels' | 'repeat' | 'ackTimeoutMinutes' | 'urgencyBySeverity' | 'lowUrgency'>): EscalationPolicy {
  return { levels: dto.levels, repeat: dto.repeat, ackTimeoutMinutes: dto.ackTimeoutMinutes, urgencyBySeverity: dto.urgencyBySeverity, lowUrgency: dto.lowUrgency };
}

/** Shape problems of a body, the domain's words and field names (`levels.0.targets`). */
export function putPolicyProblems(policy: EscalationPolicy): { field: string; problem: string }[] {
  return policyProblems(policy).map((p) => ({ field: p.field, problem: p.message }));
}

export const lintFindingSchema = z.object({
  code: z.enum(LINT_CODES),
  levelIndex: z.number().int().nullable(),
  userId: z.string().nullable(),
  scheduleId: z.string().nullable(),
  message: z.string(),
  window: z.object({ start: isoInstant, end: isoInstant }).nullable(),
});
export type LintFindingDto = z.infer<typeof lintFindingSchema>;

/** What the preview needs about a person. Addresses are masked (`+1•••••0123`): the preview shows the channel, never the number. */
export const pagingPersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  zone: z.string(),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  p1BreaksQuietHours: z.boolean(),
  canAcknowledge: z.boolean(),
  contacts: z.array(z.object({ id: z.string(), kind: z.enum(CONTACT_CHANNELS), address: z.string(), verified: z.boolean() })),
  rules: z.array(z.object({ id: z.string(), urgency: urgencySchema, contactMethodId: z.string(), delayMinutes: z.number().int() })),
});
export type PagingPersonDto = z.infer<typeof pagingPersonSchema>;

export const channelStateSchema = z.object({
  channel: z.enum(CONTACT_CHANNELS),
  configured: z.boolean(),
  /** What is configured ("smtp.example.com:587 STARTTLS from pager@example.com"), or what is missing; never a secret. */
  detail: z.string(),
});
export type ChannelStateDto = z.infer<typeof channelStateSchema>;

/** `GET /api/v1/services/:id/escalation-policy`: the policy (null when the service has none), its lint, and what the browser's preview needs. */
export const escalationPolicyViewSchema = z.object({
  policy: escalationPolicySchema.nullable(),
  lint: z.array(lintFindingSchema),
  people: z.array(pagingPersonSchema),
  schedules: z.array(scheduleSchema),
  channels: z.array(channelStateSchema),
});
export type EscalationPolicyViewDto = z.infer<typeof escalationPolicyViewSchema>;

export const ackMethodSchema = z.enum(ACK_METHODS);

export const maintenanceWindowSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  start: isoInstant,
  end: isoInstant,
  reason: z.string(),
  createdBy: z.string(),
  endedEarlyAt: isoInstant.nullable(),
});
export type MaintenanceWindowDto = z.infer<typeof maintenanceWindowSchema>;

export const createMaintenanceWindowBodySchema = z
  .object({
    start: isoInstant.optional(),
    end: z.iso.datetime({ offset: false, error: 'must be an instant in UTC such as 2026-12-01T03:00:00Z' }),
    reason: z.string().trim().max(500, 'must be at most 500 characters').default(''),
  })
  .strict();

/**
 * A one-click acknowledge link (`/ack/{token}`): a capability in the URL, single use, expiring. `GET`
 * only reads (mail scanners follow links), `POST` acknowledges. Public: the token is the permission.
 */
export const ackLinkSchema = z.object({
  state: z.enum(['valid', 'used', 'expired']),
  usedAt: isoInstant.nullable(),
  incident: z.object({ id: z.string(), title: z.string(), severity: z.enum(SEVERITIES), state: z.enum(['triggered', 'acknowledged', 'resolved']), service: z.string() }),
  /** Who the link was sent to: the acknowledgement is theirs. */
  recipient: z.string(),
});
export type AckLinkDto = z.infer<typeof ackLinkSchema>;

/** `POST /api/v1/admin/channels/:channel/test` sends a test message to this address. */
export const channelTestBodySchema = z.object({ to: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(2048) }).strict();
export const channelTestResultSchema = z.object({ channel: z.enum(CONTACT_CHANNELS), sent: z.boolean(), error: z.string().nullable() });

/** `POST /api/v1/me/contact-methods/:id/verification` sends a code over the method; `…/verify` checks it. */
export const verificationSentSchema = z.object({ contactMethodId: z.string(), sentTo: z.string(), expiresAt: isoInstant });
export const verifyContactBodySchema = z.object({ code: z.string({ error: 'is required' }).trim().regex(/^\d{6}$/, 'must be the 6-digit code') }).strict();
