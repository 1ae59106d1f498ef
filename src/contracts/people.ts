import { z } from 'zod';
import { ROLES } from '../domain/access/roles';
import { isIanaZone, normalizeE164 } from '../domain/people/contact';
import { parseLocalTime } from '../domain/people/quiet-hours';
import { isoInstant, personName } from './common';
import { cursorQuery, limitQuery } from './pagination';

export const roleSchema = z.enum(ROLES, { error: 'must be one of viewer, responder, manager, admin' });

export const timeZoneSchema = z
  .string({ error: 'is required' })
  .refine(isIanaZone, { message: 'must be an IANA time zone such as Europe/Berlin (not an offset)' });

const localTime = z.string().refine((text) => parseLocalTime(text) !== undefined, { message: 'must be a time HH:MM (24-hour)' });

/** Quiet hours in the person's own zone; null turns them off. End before start wraps midnight. */
export const quietHoursSchema = z
  .object({ start: localTime, end: localTime })
  .refine((q) => q.start !== q.end, { message: 'start and end must differ', path: ['end'] })
  .nullable();

export const CONTACT_KINDS = ['email', 'sms', 'voice', 'webhook'] as const;

export const contactMethodInputSchema = z
  .object({
    id: z.string().optional(),
    kind: z.enum(CONTACT_KINDS, { error: 'must be one of email, sms, voice, webhook' }),
    address: z.string().trim().min(1, 'must not be empty').max(2048, 'must be at most 2048 characters'),
  })
  .transform((method, ctx) => {
    if (method.kind === 'sms' || method.kind === 'voice') {
      const number = normalizeE164(method.address);
      if (!number) {
        ctx.addIssue({ code: 'custom', path: ['address'], message: 'must be a phone number in E.164 form, e.g. +14155550123' });
        return z.NEVER;
      }
      return { ...method, address: number };
    }
    if (method.kind === 'email' && !z.email().safeParse(method.address).success) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'must be an e-mail address' });
      return z.NEVER;
    }
    if (method.kind === 'webhook' && !/^https?:\/\/\S+$/.test(method.address)) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'must be an http(s) URL' });
      return z.NEVER;
    }
    return method;
  });

export const notificationRuleInputSchema = z.object({
  urgency: z.enum(['high', 'low'], { error: 'must be high or low' }),
  /** Index into the contact methods of the same request (they are saved together). */
  contactIndex: z.number({ error: 'must be a number' }).int().nonnegative(),
  delayMinutes: z.number({ error: 'must be a number' }).int('must be whole minutes').min(0, 'must be 0 or more').max(1440, 'must be at most 1440'),
});

export const contactMethodSchema = z.object({ id: z.string(), kind: z.enum(CONTACT_KINDS), address: z.string(), verified: z.boolean() });
export const notificationRuleSchema = z.object({ id: z.string(), urgency: z.enum(['high', 'low']), contactMethodId: z.string(), delayMinutes: z.number().int() });

export const personSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  timeZone: z.string(),
  role: roleSchema,
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  hasPassword: z.boolean(),
  teams: z.array(z.object({ id: z.string(), name: z.string(), manager: z.boolean() })),
});
export type PersonDto = z.infer<typeof personSchema>;

export const profileSchema = personSchema.extend({
  /** The person lets a P1 page them inside their quiet hours. */
  p1BreaksQuietHours: z.boolean(),
  contactMethods: z.array(contactMethodSchema),
  notificationRules: z.array(notificationRuleSchema),
});
export type ProfileDto = z.infer<typeof profileSchema>;

const emailSchema = z.email({ error: 'must be an e-mail address' }).max(254, 'must be at most 254 characters');

/** An admin invites someone: answered with a one-time set-password link. */
export const invitePersonBodySchema = z.object({
  name: personName,
  email: emailSchema,
  timeZone: timeZoneSchema,
  role: roleSchema,
});

export const updatePersonBodySchema = z
  .object({ role: roleSchema.optional(), name: personName.optional() })
  .strict()
  .refine((body) => body.role !== undefined || body.name !== undefined, { message: 'name at least one of role, name' });

/** What a person edits about themselves. Contact methods and rules are replaced as a whole. */
export const updateProfileBodySchema = z
  .object({
    name: personName.optional(),
    timeZone: timeZoneSchema.optional(),
    quietHours: quietHoursSchema.optional(),
    p1BreaksQuietHours: z.boolean({ error: 'must be true or false' }).optional(),
    contactMethods: z.array(contactMethodInputSchema).max(20, 'must hold at most 20 methods').optional(),
    notificationRules: z.array(notificationRuleInputSchema).max(40, 'must hold at most 40 rules').optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.notificationRules && !body.contactMethods) {
      ctx.addIssue({ code: 'custom', path: ['contactMethods'], message: 'must be sent with notificationRules (rules point into it)' });
    }
    body.notificationRules?.forEach((rule, index) => {
      if (body.contactMethods && rule.contactIndex >= body.contactMethods.length) {
        ctx.addIssue({ code: 'custom', path: ['notificationRules', index, 'contactIndex'], message: 'points at no contact method' });
      }
    });
  });

export const passwordSchema = z
  .string({ error: 'is required' })
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters');

export const changePasswordBodySchema = z.object({ currentPassword: z.string({ error: 'is required' }), newPassword: passwordSchema });

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(z.object({ userId: z.string(), name: z.string(), manager: z.boolean() })),
});
export type TeamDto = z.infer<typeof teamSchema>;

export const teamBodySchema = z.object({
  name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  members: z.array(z.object({ userId: z.string().min(1), manager: z.boolean().default(false) })).max(500).default([]),
});

export const sessionSchema = z.object({ user: personSchema, demoMode: z.boolean() });

export const signInBodySchema = z.object({
  email: z.string({ error: 'is required' }).trim().min(1, 'is required').max(254),
  password: z.string({ error: 'is required' }).min(1, 'is required').max(256),
});

export const firstAdminBodySchema = z.object({
  name: personName,
  email: emailSchema,
  timeZone: timeZoneSchema,
  password: passwordSchema,
});

export const acceptInviteBodySchema = z.object({ password: passwordSchema });

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: isoInstant,
  lastUsedAt: isoInstant.nullable(),
  revokedAt: isoInstant.nullable(),
});
export const createApiTokenBodySchema = z.object({
  name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  role: roleSchema,
});

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: isoInstant,
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  ip: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntryDto = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  actor: z.string().optional(),
  action: z.string().optional(),
  targetType: z.string().optional(),
  /** Older form of paging, kept for existing clients: entries with a smaller sequence number. */
  before: z.string().regex(/^\d{1,15}$/, 'must be a sequence number').transform(Number).optional(),
  limit: limitQuery(500, 100),
  cursor: cursorQuery,
});
/** The audit log is paged newest first by sequence number (see `./pagination`). */
export const AUDIT_ORDER = { name: 'audit:seq', shape: ['number'] as const };
