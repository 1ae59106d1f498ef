import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { chatMirrorSchema, createChatMirrorSchema } from '../../contracts/status-page';
import { toIsoUtc } from '../../domain/time/instant';
import type { EpochMs } from '../../domain/time/instant';
import type { Database } from '../db/schema';
import type { WriteQueue } from '../db/write-queue';
import { enqueueEffect } from '../engine/outbox';
import type { EffectOutcome } from '../engine/outbox-runner';
import { webhookAddressProblem } from '../notify/address-policy';
import type { ChatKind, ChatMessage } from '../notify/chat-message';
import { renderChatBody } from '../notify/chat-message';
import { postJsonEffect } from '../notify/chat-sender';
import type { GuardedHttpOptions } from '../notify/guarded-http';
import { permanentFailure } from '../notify/senders';
import type { SendResult, Sender, SenderRegistry } from '../notify/senders';
import type { NewEvent } from './event-log';
import { SYSTEM_ACTOR, appendEvent } from './event-log';
import type { Caller } from './caller';
import { audit } from './caller';
import type { Clock } from './clock';
import { Problem } from './problem';

export const CHAT_EFFECT_KIND = 'chat';

type ChatMirrorDto = z.infer<typeof chatMirrorSchema>;
type CreateChatMirror = z.infer<typeof createChatMirrorSchema>;
type MirrorRow = Database['chat_mirrors'];

/** What a chat effect's outbox row holds: the mirror (its URL is read when sending) and the message. */
type ChatPayload = { mirrorId: string; message: Omit<ChatMessage, 'url'> };

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

const toDto = (row: MirrorRow): ChatMirrorDto => ({
  id: row.id,
  scope: row.scope,
  scopeId: row.scope_id,
  kind: row.kind,
  name: row.name,
  host: hostOf(row.url),
  createdAt: toIsoUtc(row.created_at as EpochMs),
});

/**
 * Which teams and services have a mirror, per database handle, so that an event of an incident
 * whose service and team have none costs no query (an alert storm triggers many incidents).
 * Changes made through this process drop it at once; another instance's changes are seen within
 * `SCOPE_CACHE_MS`.
 */
const SCOPE_CACHE_MS = 10_000;
type Scopes = { services: Set<string>; teams: Set<string>; loadedAt: number };

/** The event kinds a mirror tells its channel about (the guide's "#incidents thread"). */
const MIRRORED = new Set<NewEvent['kind']>(['incident.triggered', 'incident.declared', 'incident.status_update', 'incident.role_changed', 'incident.severity_changed', 'incident.resolved']);

function headline(event: NewEvent): string | undefined {
  switch (event.kind) {
    case 'incident.triggered':
      return `Triggered by ${event.data.source}: ${event.data.title}`;
    case 'incident.declared':
      return `Declared${event.data.commander ? `, commander ${event.data.commander}` : ''}`;
    case 'incident.status_update':
      return `Status update (${event.data.phase}): ${event.data.text}`;
    case 'incident.role_changed':
      return `${event.data.role === 'commander' ? 'Commander' : 'Scribe'}: ${event.data.to ?? 'nobody'}${event.data.from ? ` (was ${event.data.from})` : ''}`;
    case 'incident.severity_changed':
      return `Severity ${event.data.from} → ${event.data.to}`;
    case 'incident.resolved':
      return 'Resolved';
    default:
      return undefined;
  }
}

export type ChatMirrorDeps = {
  handle: { db: Kysely<Database> };
  writes: WriteQueue;
  clock: Clock;
  publicUrl: string;
  http: Omit<GuardedHttpOptions, 'signal'>;
  /** Sends the test message now, through the same sender as the outbox's. */
  allowPrivate: boolean;
};

export type ChatMirrorService = ReturnType<typeof createChatMirrorService>;

export function createChatMirrorService(deps: ChatMirrorDeps) {
  const { handle, writes, clock } = deps;
  let scopes: Scopes | undefined;

  async function loadScopes(db: Kysely<Database>): Promise<Scopes> {
    if (scopes && clock.now() - scopes.loadedAt < SCOPE_CACHE_MS) return scopes;
    const rows = await db.selectFrom('chat_mirrors').select(['scope', 'scope_id']).execute();
    scopes = {
      services: new Set(rows.filter((r) => r.scope === 'service').map((r) => r.scope_id)),
      teams: new Set(rows.filter((r) => r.scope === 'team').map((r) => r.scope_id)),
      loadedAt: clock.now(),
    };
    return scopes;
  }

  const incidentUrl = (incidentId: string) => `${deps.publicUrl}/incidents/${incidentId}`;

  async function deliver(row: MirrorRow, message: ChatMessage, signal: AbortSignal): Promise<SendResult> {
    return postJsonEffect(row.url, renderChatBody(row.kind as ChatKind, message), {}, deps.http, signal);
  }

  const send: Sender = async (payload, signal) => {
    const { mirrorId, message } = (payload ?? {}) as Partial<ChatPayload>;
    if (typeof mirrorId !== 'string' || !message) return permanentFailure('the outbox row names no chat mirror');
    const row = await handle.db.selectFrom('chat_mirrors').selectAll().where('id', '=', mirrorId).executeTakeFirst();
    if (!row) return permanentFailure('the chat mirror was deleted');
    return deliver(row, { ...message, url: incidentUrl(message.incidentId) }, signal);
  };

  return {
    async list(): Promise<{ items: ChatMirrorDto[] }> {
      const rows = await handle.db.selectFrom('chat_mirrors').selectAll().orderBy('created_at').orderBy('id').execute();
      return { items: rows.map(toDto) };
    },

    async create(body: CreateChatMirror, caller: Caller): Promise<ChatMirrorDto> {
      const problem = webhookAddressProblem(body.url, deps.allowPrivate);
      if (problem) throw new Problem(400, 'invalid_request', `url ${problem}`, [{ field: 'url', problem }]);
      return writes.run(async (ctx) => {
        const table = body.scope === 'team' ? 'teams' : 'services';
        const exists = await ctx.trx.selectFrom(table).select('id').where('id', '=', body.scopeId).executeTakeFirst();
        if (!exists) throw new Problem(400, 'invalid_request', `scopeId names no ${body.scope}`, [{ field: 'scopeId', problem: `names no ${body.scope}` }]);
        const now = clock.now();
        const row: MirrorRow = { id: randomUUID(), scope: body.scope, scope_id: body.scopeId, kind: body.kind, name: body.name, url: body.url, created_at: now, created_by: caller.userId };
        await ctx.trx.insertInto('chat_mirrors').values(row).execute();
        const dto = toDto(row);
        // The audit entry shows the host only: the URL is a secret.
        await audit(ctx.trx, { at: now, caller, action: 'chat_mirror.created', targetType: 'chat_mirror', targetId: row.id, after: dto });
        scopes = undefined;
        return dto;
      });
    },

    async remove(id: string, caller: Caller): Promise<void> {
      await writes.run(async (ctx) => {
        const row = await ctx.trx.selectFrom('chat_mirrors').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) throw Problem.notFound('Chat mirror');
        await ctx.trx.deleteFrom('chat_mirrors').where('id', '=', id).execute();
        await audit(ctx.trx, { at: clock.now(), caller, action: 'chat_mirror.deleted', targetType: 'chat_mirror', targetId: id, before: toDto(row) });
        scopes = undefined;
      });
    },

    /** Sends a sample message now (not through the outbox: the person waits for the answer). */
    async test(id: string): Promise<{ ok: boolean; error: string | null }> {
      const row = await handle.db.selectFrom('chat_mirrors').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw Problem.notFound('Chat mirror');
      const message: ChatMessage = {
        incidentId: 'INC-TEST',
        title: `Test message for "${row.name}"`,
        severity: 'P3',
        phase: 'investigating',
        headline: 'This is a test from Firewatch: incidents of this scope will be mirrored here.',
        service: row.name,
        url: `${deps.publicUrl}/status`,
        test: true,
      };
      const result = await deliver(row, message, AbortSignal.timeout(10_000));
      return result.ok ? { ok: true, error: null } : { ok: false, error: result.error };
    },

    /**
     * Decides the chat messages of just-appended events inside their transaction (called from
     * event-effects.ts): one outbox row per mirror of the incident's service and of its team.
     */
    async decide(trx: Kysely<Database>, appended: ReadonlyArray<{ seq: number; event: NewEvent }>): Promise<void> {
      const relevant = appended.filter((a) => MIRRORED.has(a.event.kind) && a.event.incidentId !== null);
      if (relevant.length === 0) return;
      // Read in the transaction: on SQLite the one connection is held by it.
      const known = await loadScopes(trx);
      if (known.services.size === 0 && known.teams.size === 0) return;
      const incidentIds = [...new Set(relevant.map((a) => a.event.incidentId!))];
      const incidents = await trx
        .selectFrom('incidents')
        .innerJoin('services', 'services.id', 'incidents.service_id')
        .select(['incidents.id', 'incidents.title', 'incidents.severity', 'incidents.phase', 'incidents.service_id', 'services.team_id', 'services.name as service_name'])
        .where('incidents.id', 'in', incidentIds)
        .execute();
      const byId = new Map(incidents.map((i) => [i.id, i]));
      const wanted = incidents.filter((i) => known.services.has(i.service_id) || (i.team_id !== null && known.teams.has(i.team_id)));
      if (wanted.length === 0) return;
      const mirrors = await trx
        .selectFrom('chat_mirrors')
        .select(['id', 'scope', 'scope_id'])
        .where((eb) =>
          eb.or([
            eb.and([eb('scope', '=', 'service'), eb('scope_id', 'in', wanted.map((i) => i.service_id))]),
            ...(wanted.some((i) => i.team_id !== null) ? [eb.and([eb('scope', '=', 'team'), eb('scope_id', 'in', wanted.flatMap((i) => (i.team_id === null ? [] : [i.team_id])))])] : []),
          ]),
        )
        .execute();
      const now = clock.now() as EpochMs;
      for (const { seq, event } of relevant) {
        const incident = byId.get(event.incidentId!);
        const text = headline(event);
        if (!incident || text === undefined) continue;
        const severity = event.kind === 'incident.severity_changed' ? event.data.to : incident.severity;
        const phase = event.kind === 'incident.status_update' ? event.data.phase : event.kind === 'incident.resolved' ? 'resolved' : incident.phase;
        const title = event.kind === 'incident.triggered' || event.kind === 'incident.declared' ? event.data.title : incident.title;
        for (const mirror of mirrors) {
          const matches = mirror.scope === 'service' ? mirror.scope_id === incident.service_id : mirror.scope_id === incident.team_id;
          if (!matches) continue;
          const payload: ChatPayload = { mirrorId: mirror.id, message: { incidentId: incident.id, title, severity, phase, headline: text, service: incident.service_name } };
          await enqueueEffect(trx, { key: `chat:${mirror.id}:${seq}`, kind: CHAT_EFFECT_KIND, payload, dueAt: now }, now);
        }
      }
    },

    senders(): SenderRegistry {
      return new Map([[CHAT_EFFECT_KIND, send]]);
    },

    /** A failed or retried chat message is on the incident's timeline as `chat.failed`. */
    async recordOutcome(outcome: EffectOutcome): Promise<void> {
      if (outcome.kind !== CHAT_EFFECT_KIND || outcome.result === 'sent') return;
      await writes.run(
        async (ctx) => {
          const row = await ctx.trx.selectFrom('outbox').select('payload').where('id', '=', outcome.id).executeTakeFirst();
          if (!row) return;
          const { mirrorId, message } = JSON.parse(row.payload) as ChatPayload;
          const mirror = await ctx.trx.selectFrom('chat_mirrors').select(['name', 'kind']).where('id', '=', mirrorId).executeTakeFirst();
          const incident = await ctx.trx.selectFrom('incidents').select(['id', 'service_id']).where('id', '=', message.incidentId).executeTakeFirst();
          if (!incident) return;
          await appendEvent(ctx, {
            at: outcome.at,
            incidentId: incident.id,
            serviceId: incident.service_id,
            actor: SYSTEM_ACTOR,
            kind: 'chat.failed',
            data: { mirrorId, name: mirror?.name ?? 'deleted mirror', chat: mirror?.kind ?? 'unknown', error: outcome.error ?? 'unknown error', retrying: outcome.result === 'retrying' },
          });
        },
        { essential: true },
      );
    },
  };
}
