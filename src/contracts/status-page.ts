import { z } from 'zod';
import { PHASES } from '../domain/incident/lifecycle';
import { COMPONENT_STATUSES, INDICATORS } from '../domain/status-page/components';
import { isoInstant } from './common';

/**
 * The status page's two faces. The admin API (`/api/status/…`, signed in) manages components,
 * public incidents, maintenance, subscribers' counts and chat mirrors. The public surfaces
 * (`/status`, `/status/api/v2/…`, feeds) read only what these public records hold — never the
 * internal incident's notes, people or alerts.
 */

export const componentStatusSchema = z.enum(COMPONENT_STATUSES, { error: `must be one of ${COMPONENT_STATUSES.join(', ')}` });
export const publicPhaseSchema = z.enum(PHASES, { error: `must be one of ${PHASES.join(', ')}` });
export const impactSchema = z.enum(INDICATORS, { error: `must be one of ${INDICATORS.join(', ')}` });

const publicText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

// ── Components (admin and manager) ─────────────────────────────────────────────────────────────

export const componentSchema = z.object({
  id: z.string(),
  name: z.string(),
  group: z.string().nullable(),
  position: z.number().int(),
  description: z.string().nullable(),
  status: componentStatusSchema,
  serviceIds: z.array(z.string()),
  updatedAt: isoInstant,
});
export type ComponentDto = z.infer<typeof componentSchema>;

export const createComponentSchema = z.object({
  name: publicText(100),
  group: publicText(100).nullable().optional(),
  description: z.string().trim().max(500, 'must be at most 500 characters').nullable().optional(),
  status: componentStatusSchema.default('operational'),
  serviceIds: z.array(z.string().min(1)).max(50, 'must list at most 50 services').default([]),
  /** Where it goes in its group; appended at the end when absent. */
  position: z.number().int().min(0).optional(),
});
export const updateComponentSchema = z.object({
  name: publicText(100).optional(),
  group: publicText(100).nullable().optional(),
  description: z.string().trim().max(500, 'must be at most 500 characters').nullable().optional(),
  status: componentStatusSchema.optional(),
  serviceIds: z.array(z.string().min(1)).max(50, 'must list at most 50 services').optional(),
  position: z.number().int().min(0).optional(),
});

// ── Public incidents ───────────────────────────────────────────────────────────────────────────

export const affectedComponentSchema = z.object({ componentId: z.string().min(1, 'must not be empty'), status: componentStatusSchema });

/** The resolved update's summary: what customers read at the end (all optional but the update). */
export const publicSummarySchema = z.object({
  rootCause: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  duration: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  impact: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  prevention: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  /** Set by the server when the incident has a published post-mortem and the author asks for the link. */
  postmortemUrl: z.string().optional(),
});
export type PublicSummary = z.infer<typeof publicSummarySchema>;

export const publicUpdateSchema = z.object({
  id: z.string(),
  phase: publicPhaseSchema,
  body: z.string(),
  components: z.array(affectedComponentSchema),
  createdAt: isoInstant,
  /** Internal view only: who posted it. The public surfaces never carry it. */
  author: z.string().nullable(),
});

export const publicIncidentSchema = z.object({
  id: z.string(),
  incidentId: z.string().nullable(),
  title: z.string(),
  impact: impactSchema,
  phase: publicPhaseSchema,
  components: z.array(affectedComponentSchema.extend({ name: z.string() })),
  updates: z.array(publicUpdateSchema),
  summary: publicSummarySchema.nullable(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  resolvedAt: isoInstant.nullable(),
  nextUpdateDueAt: isoInstant.nullable(),
  version: z.number().int(),
});
export type PublicIncidentDto = z.infer<typeof publicIncidentSchema>;

/** What "Publish to status page" prefills: a draft the commander edits, never sent as is. */
export const publicDraftSchema = z.object({
  title: z.string(),
  components: z.array(affectedComponentSchema.extend({ name: z.string() })),
  messages: z.record(publicPhaseSchema, z.string()),
  phase: publicPhaseSchema,
});

export const publishIncidentSchema = z.object({
  title: publicText(200),
  phase: publicPhaseSchema.default('investigating'),
  message: publicText(5000),
  components: z.array(affectedComponentSchema).min(1, 'must name at least one component').max(50, 'must list at most 50 components'),
});

export const postPublicUpdateSchema = z.object({
  phase: publicPhaseSchema,
  message: publicText(5000),
  /** The components' states from this update on; absent keeps them (a resolved update sets them operational). */
  components: z.array(affectedComponentSchema).max(50, 'must list at most 50 components').optional(),
  summary: publicSummarySchema.optional(),
  /** Link the incident's published post-mortem in the summary. */
  linkPostmortem: z.boolean().optional(),
  /** The version read, for compare-and-set: a stale one answers 409. */
  version: z.number().int().optional(),
});

// ── Scheduled maintenance ──────────────────────────────────────────────────────────────────────

export const maintenanceSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  componentIds: z.array(z.string()),
  scheduledFor: isoInstant,
  scheduledUntil: isoInstant,
  status: z.enum(['scheduled', 'in_progress', 'completed', 'cancelled']),
});
export type MaintenanceDto = z.infer<typeof maintenanceSchema>;

export const createMaintenanceSchema = z
  .object({
    title: publicText(200),
    body: publicText(5000),
    componentIds: z.array(z.string().min(1)).min(1, 'must name at least one component').max(50),
    scheduledFor: isoInstant,
    scheduledUntil: isoInstant,
  })
  .refine((m) => Date.parse(m.scheduledUntil) > Date.parse(m.scheduledFor), { path: ['scheduledUntil'], message: 'must be after scheduledFor' });

// ── Subscribers (public, anonymous) ────────────────────────────────────────────────────────────

export const subscribeSchema = z.union([
  z.object({ email: z.email({ error: 'must be an e-mail address' }).max(254), componentIds: z.array(z.string().min(1)).max(50).optional() }),
  z.object({ webhook: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000), componentIds: z.array(z.string().min(1)).max(50).optional() }),
]);

// ── Chat mirrors (admin and manager) ───────────────────────────────────────────────────────────

export const CHAT_KINDS = ['slack', 'teams', 'slack-compatible'] as const;
export const chatMirrorSchema = z.object({
  id: z.string(),
  scope: z.enum(['team', 'service']),
  scopeId: z.string(),
  kind: z.enum(CHAT_KINDS),
  name: z.string(),
  /** The webhook URL is a secret: only its host is shown after creation. */
  host: z.string(),
  createdAt: isoInstant,
});
export const createChatMirrorSchema = z.object({
  scope: z.enum(['team', 'service'], { error: 'must be team or service' }),
  scopeId: z.string().min(1, 'must not be empty'),
  kind: z.enum(CHAT_KINDS, { error: `must be one of ${CHAT_KINDS.join(', ')}` }),
  name: publicText(100),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000, 'must be at most 2000 characters'),
});

// ── Public API: Atlassian Statuspage v2 shapes (what widgets and monitors read) ─────────────────

export const spPageSchema = z.object({ id: z.string(), name: z.string(), url: z.string(), time_zone: z.string(), updated_at: z.string() });
export const spComponentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: componentStatusSchema,
  created_at: z.string(),
  updated_at: z.string(),
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  components: z.array(z.string()).optional(),
});
export const spIncidentUpdateSchema = z.object({
  id: z.string(),
  status: z.string(),
  body: z.string(),
  incident_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  display_at: z.string(),
  affected_components: z.array(z.object({ code: z.string(), name: z.string(), old_status: z.string(), new_status: z.string() })).nullable(),
});
export const spIncidentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  monitoring_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
  impact: impactSchema,
  shortlink: z.string(),
  started_at: z.string(),
  page_id: z.string(),
  incident_updates: z.array(spIncidentUpdateSchema),
  components: z.array(spComponentSchema),
});
export const spMaintenanceSchema = spIncidentSchema.extend({ scheduled_for: z.string(), scheduled_until: z.string() });
export const spStatusSchema = z.object({ indicator: impactSchema, description: z.string() });
export const spSummarySchema = z.object({
  page: spPageSchema,
  status: spStatusSchema,
  components: z.array(spComponentSchema),
  incidents: z.array(spIncidentSchema),
  scheduled_maintenances: z.array(spMaintenanceSchema),
});
