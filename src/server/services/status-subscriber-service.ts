import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Phase } from '../../domain/incident/lifecycle';
import { isComponentStatus, pageStatus } from '../../domain/status-page/components';
import type { ComponentStatus, Indicator, PageStatus } from '../../domain/status-page/components';
import { INDICATORS } from '../../domain/status-page/components';
import { PHASE_LABELS } from '../../domain/status-page/templates';
import type { EpochMs } from '../../domain/time/instant';
import type { Database } from '../db/schema';
import type { WriteQueue } from '../db/write-queue';
import { enqueueEffect } from '../engine/outbox';
import { webhookAddressProblem } from '../notify/address-policy';
import { postJsonEffect } from '../notify/chat-sender';
import type { GuardedHttpOptions } from '../notify/guarded-http';
import { permanentFailure } from '../notify/senders';
import type { Sender, SenderRegistry } from '../notify/senders';
import type { Mailer } from '../notify/smtp-sender';
import { confirmTokenFor, confirmUrl, hashStatusToken, isStatusTokenShape, unsubscribeTokenFor, unsubscribeUrl } from '../notify/status-links';
import type { ComponentChangeSnapshot, PublicIncidentSnapshot } from '../notify/status-webhook-payload';
import { statusWebhookBody } from '../notify/status-webhook-payload';
import type { Clock } from './clock';
import type { NewEvent } from './event-log';
import { Problem } from './problem';

export const STATUS_EMAIL_EFFECT = 'status.email';
export const STATUS_WEBHOOK_EFFECT = 'status.webhook';

/** How long a confirmation link works, and how often a repeated subscription re-sends it. */
export const CONFIRM_TTL_MS = 48 * 3_600_000;
export const CONFIRM_RESEND_MS = 3_600_000;

export type SubscribeInput = { email: string; componentIds?: string[] | undefined } | { webhook: string; componentIds?: string[] | undefined };

type EmailPayload =
  | { subscriberId: string; purpose: 'confirm'; expiresAt: number }
  | { subscriberId: string; purpose: 'update'; incident: { id: string; title: string; phase: string; body: string; components: string[] } };
type WebhookPayload = { subscriberId: string; page: PageStatus; incident?: PublicIncidentSnapshot; componentChange?: ComponentChangeSnapshot };

export type StatusSubscriberDeps = {
  handle: { db: Kysely<Database> };
  writes: WriteQueue;
  clock: Clock;
  publicUrl: string;
  /** The installation's link key (engine/ack-secret.ts): tokens are HMACs under it. */
  secret: () => string;
  /** The status mailer; without SMTP, e-mail subscriptions are refused (503). */
  mailer: Mailer | undefined;
  http: Omit<GuardedHttpOptions, 'signal'>;
  allowPrivate: boolean;
  /** The page's name in e-mail subjects and its id in Statuspage's webhook shape. */
  pageName?: string;
  pageId?: string;
  /** Tells the outbox runner of a confirmation just enqueued (a subscription appends no event, which would otherwise wake it). */
  wake: () => void;
};

export type StatusSubscriberService = ReturnType<typeof createStatusSubscriberService>;

export type TokenState = 'ok' | 'unknown' | 'expired' | 'already';

const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Which component ids an incident touches decides who hears of it; a subscriber with no list hears of everything. */
function wants(row: { component_ids: string | null }, componentIds: readonly string[]): boolean {
  if (row.component_ids === null) return true;
  const mine = JSON.parse(row.component_ids) as string[];
  return mine.some((id) => componentIds.includes(id));
}

async function currentPageStatus(trx: Kysely<Database>): Promise<PageStatus> {
  const components = await trx.selectFrom('status_components').select('status').execute();
  const open = await trx.selectFrom('public_incidents').select('impact').where('resolved_at', 'is', null).execute();
  return pageStatus({
    componentStatuses: components.map((c) => c.status).filter(isComponentStatus) as ComponentStatus[],
    openIncidentImpacts: open.map((o) => o.impact).filter((i): i is Indicator => (INDICATORS as readonly string[]).includes(i)),
  });
}

async function incidentSnapshot(trx: Kysely<Database>, publicIncidentId: string): Promise<PublicIncidentSnapshot | undefined> {
  const incident = await trx.selectFrom('public_incidents').selectAll().where('id', '=', publicIncidentId).executeTakeFirst();
  if (!incident) return undefined;
  const components = await trx
    .selectFrom('public_incident_components')
    .innerJoin('status_components', 'status_components.id', 'public_incident_components.component_id')
    .select(['status_components.id', 'status_components.name', 'public_incident_components.status', 'status_components.position', 'status_components.description', 'status_components.created_at', 'status_components.updated_at'])
    .where('public_incident_components.public_incident_id', '=', publicIncidentId)
    .orderBy('status_components.position')
    .execute();
  const updates = await trx.selectFrom('public_updates').select(['id', 'phase', 'body', 'created_at', 'components']).where('public_incident_id', '=', publicIncidentId).orderBy('created_at').orderBy('id').execute();
  return {
    id: incident.id,
    title: incident.title,
    impact: incident.impact,
    phase: incident.phase,
    createdAt: Number(incident.created_at),
    updatedAt: Number(incident.updated_at),
    monitoringAt: incident.monitoring_at === null ? null : Number(incident.monitoring_at),
    resolvedAt: incident.resolved_at === null ? null : Number(incident.resolved_at),
    components: components.map((c) => ({ id: c.id, name: c.name, status: c.status, position: c.position, description: c.description, createdAt: Number(c.created_at), updatedAt: Number(c.updated_at) })),
    updates: updates.map((u) => ({ id: u.id, phase: u.phase, body: u.body, createdAt: Number(u.created_at), components: JSON.parse(u.components) as Array<{ componentId: string; status: string }> })),
  };
}

export function createStatusSubscriberService(deps: StatusSubscriberDeps) {
  const { handle, writes, clock } = deps;
  const pageName = deps.pageName ?? 'Status';
  const pageId = deps.pageId ?? 'firewatch';

  const findByToken = (db: Kysely<Database>, column: 'confirm_token_hash' | 'unsubscribe_token_hash', token: unknown) =>
    isStatusTokenShape(token) ? db.selectFrom('status_subscribers').selectAll().where(column, '=', hashStatusToken(token)).executeTakeFirst() : Promise.resolve(undefined);

  async function enqueueConfirm(trx: Kysely<Database>, subscriberId: string, expiresAt: number, now: EpochMs) {
    const payload: EmailPayload = { subscriberId, purpose: 'confirm', expiresAt };
    await enqueueEffect(trx, { key: `status-confirm:${subscriberId}:${now}`, kind: STATUS_EMAIL_EFFECT, payload, dueAt: now }, now);
  }

  const sendEmail: Sender = async (payload, signal) => {
    const mail = payload as Partial<EmailPayload> | null;
    if (!mail || typeof mail.subscriberId !== 'string') return permanentFailure('the outbox row names no subscriber');
    if (!deps.mailer) return permanentFailure('e-mail is not configured');
    const row = await handle.db.selectFrom('status_subscribers').selectAll().where('id', '=', mail.subscriberId).executeTakeFirst();
    if (!row) return permanentFailure('the subscriber has unsubscribed');
    const leave = unsubscribeUrl(deps.publicUrl, unsubscribeTokenFor(deps.secret(), row.id));
    // RFC 8058: a mail client's one-click button POSTs `List-Unsubscribe=One-Click` to this URL.
    const headers = { 'List-Unsubscribe': `<${leave}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    let subject: string;
    let lines: string[];
    if (mail.purpose === 'confirm') {
      if (row.confirmed_at !== null) return permanentFailure('the subscription is already confirmed');
      const link = confirmUrl(deps.publicUrl, confirmTokenFor(deps.secret(), row.id, Number(mail.expiresAt)));
      subject = `Confirm your subscription to ${pageName}`;
      lines = [`Someone (hopefully you) asked to receive ${pageName} updates at this address.`, `Confirm the subscription: ${link}`, 'If it was not you, ignore this message: nothing is sent until the link is used.'];
    } else if (mail.purpose === 'update' && mail.incident) {
      if (row.confirmed_at === null) return permanentFailure('the subscription is not confirmed');
      const { incident } = mail;
      const label = PHASE_LABELS[incident.phase as Phase] ?? incident.phase;
      subject = `[${pageName}] ${label}: ${incident.title}`;
      lines = [`${label} — ${incident.title}`, incident.components.length > 0 ? `Affected: ${incident.components.join(', ')}` : '', '', incident.body, '', `Details: ${deps.publicUrl}/status/incidents/${incident.id}`].filter((l, i) => l !== '' || i > 1);
    } else {
      return permanentFailure('unknown status e-mail');
    }
    const text = [...lines, '', `Unsubscribe: ${leave}`].join('\n');
    const html = `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p><a href="${escapeHtml(leave)}">Unsubscribe</a></p>`;
    return deps.mailer.send({ to: row.address, subject, text, html, headers }, signal);
  };

  const sendWebhook: Sender = async (payload, signal) => {
    const hook = payload as Partial<WebhookPayload> | null;
    if (!hook || typeof hook.subscriberId !== 'string' || !hook.page) return permanentFailure('the outbox row names no subscriber');
    const row = await handle.db.selectFrom('status_subscribers').selectAll().where('id', '=', hook.subscriberId).executeTakeFirst();
    if (!row) return permanentFailure('the subscriber has unsubscribed');
    const options = { publicUrl: deps.publicUrl, pageId, page: hook.page, unsubscribeUrl: unsubscribeUrl(deps.publicUrl, unsubscribeTokenFor(deps.secret(), row.id)) };
    const what = hook.incident ? { incident: hook.incident } : hook.componentChange ? { componentChange: hook.componentChange } : undefined;
    if (!what) return permanentFailure('the outbox row carries nothing to send');
    return postJsonEffect(row.address, statusWebhookBody(what, options), {}, deps.http, signal);
  };

  return {
    /**
     * Stores an unconfirmed e-mail subscriber and sends the confirmation, or a webhook subscriber
     * (confirmed at once: nothing is sent to it but status). A second subscription of the same
     * address changes nothing visible: an unconfirmed one gets the confirmation again at most
     * once an hour. The answer is the same either way, so it tells nobody whether the address is known.
     */
    async subscribe(input: SubscribeInput): Promise<void> {
      const kind = 'email' in input ? 'email' : 'webhook';
      const address = 'email' in input ? input.email.trim() : input.webhook.trim();
      if (kind === 'webhook') {
        const problem = webhookAddressProblem(address, deps.allowPrivate);
        if (problem) throw new Problem(400, 'invalid_request', `webhook ${problem}`, [{ field: 'webhook', problem }]);
      } else if (!deps.mailer) {
        throw new Problem(503, 'email_not_configured', 'E-mail subscriptions are not available: this server has no SMTP relay configured');
      }
      const componentIds = input.componentIds && input.componentIds.length > 0 ? [...new Set(input.componentIds)] : null;
      await writes.run(async (ctx) => {
        if (componentIds) {
          const found = await ctx.trx.selectFrom('status_components').select('id').where('id', 'in', componentIds).execute();
          if (found.length !== componentIds.length) throw new Problem(400, 'invalid_request', 'componentIds names an unknown component', [{ field: 'componentIds', problem: 'names an unknown component' }]);
        }
        const now = clock.now() as EpochMs;
        const key = address.toLowerCase();
        const existing = await ctx.trx.selectFrom('status_subscribers').selectAll().where('kind', '=', kind).where('address_key', '=', key).executeTakeFirst();
        if (existing) {
          if (kind !== 'email' || existing.confirmed_at !== null) return;
          if (existing.confirm_sent_at !== null && now - Number(existing.confirm_sent_at) < CONFIRM_RESEND_MS) return;
          // A link that still works is sent again as it is; an expired one is replaced.
          const expiresAt = existing.confirm_expires_at !== null && Number(existing.confirm_expires_at) > now + CONFIRM_RESEND_MS ? Number(existing.confirm_expires_at) : now + CONFIRM_TTL_MS;
          await ctx.trx
            .updateTable('status_subscribers')
            .set({ confirm_sent_at: now, confirm_expires_at: expiresAt, confirm_token_hash: hashStatusToken(confirmTokenFor(deps.secret(), existing.id, expiresAt)) })
            .where('id', '=', existing.id)
            .execute();
          await enqueueConfirm(ctx.trx, existing.id, expiresAt, now);
          return;
        }
        const id = randomUUID();
        const expiresAt = now + CONFIRM_TTL_MS;
        await ctx.trx
          .insertInto('status_subscribers')
          .values({
            id,
            kind,
            address,
            address_key: key,
            component_ids: componentIds ? JSON.stringify(componentIds) : null,
            confirm_token_hash: kind === 'email' ? hashStatusToken(confirmTokenFor(deps.secret(), id, expiresAt)) : null,
            confirm_expires_at: kind === 'email' ? expiresAt : null,
            confirmed_at: kind === 'email' ? null : now,
            unsubscribe_token_hash: hashStatusToken(unsubscribeTokenFor(deps.secret(), id)),
            created_at: now,
            confirm_sent_at: kind === 'email' ? now : null,
          })
          .execute();
        if (kind === 'email') await enqueueConfirm(ctx.trx, id, expiresAt, now);
      });
      deps.wake();
    },

    /** Uses a confirmation link: `unknown` (never issued, or unsubscribed since), `expired`, `already` or `ok`. */
    async confirm(token: unknown): Promise<TokenState> {
      return writes.run(async (ctx) => {
        const row = await findByToken(ctx.trx, 'confirm_token_hash', token);
        if (!row) return 'unknown';
        if (row.confirmed_at !== null) return 'already';
        if (row.confirm_expires_at !== null && Number(row.confirm_expires_at) <= clock.now()) return 'expired';
        await ctx.trx.updateTable('status_subscribers').set({ confirmed_at: clock.now() }).where('id', '=', row.id).execute();
        return 'ok';
      });
    },

    /** Whether an unsubscribe link names a subscription (reading it changes nothing: link scanners follow links). */
    async unsubscribeState(token: unknown): Promise<TokenState> {
      return (await findByToken(handle.db, 'unsubscribe_token_hash', token)) ? 'ok' : 'unknown';
    },

    /** Ends the subscription and forgets the address. */
    async unsubscribe(token: unknown): Promise<TokenState> {
      return writes.run(async (ctx) => {
        const row = await findByToken(ctx.trx, 'unsubscribe_token_hash', token);
        if (!row) return 'unknown';
        await ctx.trx.deleteFrom('status_subscribers').where('id', '=', row.id).execute();
        return 'ok';
      });
    },

    /** Confirmed subscribers per kind: counts only, never an address. */
    async summary(): Promise<{ email: number; webhook: number }> {
      const rows = await handle.db
        .selectFrom('status_subscribers')
        .select(['kind', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('confirmed_at', 'is not', null)
        .groupBy('kind')
        .execute();
      const count = (kind: string) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
      return { email: count('email'), webhook: count('webhook') };
    },

    /**
     * Decides subscriber sends from appended events, in their transaction: a publication or public
     * update goes to every confirmed subscriber of one of its components (or of all), a component
     * change to webhook subscribers of that component.
     */
    async decide(trx: Kysely<Database>, appended: ReadonlyArray<{ seq: number; event: NewEvent }>): Promise<void> {
      for (const { seq, event } of appended) {
        if (event.kind !== 'status.published' && event.kind !== 'status.public_update' && event.kind !== 'status.component_changed') continue;
        const subscribers = await trx.selectFrom('status_subscribers').select(['id', 'kind', 'component_ids']).where('confirmed_at', 'is not', null).execute();
        if (subscribers.length === 0) continue;
        const now = clock.now() as EpochMs;
        const page = await currentPageStatus(trx);
        if (event.kind === 'status.component_changed') {
          const component = await trx.selectFrom('status_components').selectAll().where('id', '=', event.data.componentId).executeTakeFirst();
          if (!component) continue;
          const componentChange: ComponentChangeSnapshot = {
            component: { id: component.id, name: component.name, status: event.data.to, createdAt: Number(component.created_at) },
            from: event.data.from,
            to: event.data.to,
            at: event.at,
            changeId: `${component.id}-${seq}`,
          };
          for (const s of subscribers) {
            if (s.kind !== 'webhook' || !wants(s, [component.id])) continue;
            const payload: WebhookPayload = { subscriberId: s.id, page, componentChange };
            await enqueueEffect(trx, { key: `status-webhook:${s.id}:${seq}`, kind: STATUS_WEBHOOK_EFFECT, payload, dueAt: now }, now);
          }
          continue;
        }
        const incident = await incidentSnapshot(trx, event.data.publicIncidentId);
        if (!incident) continue;
        const componentIds = incident.components.map((c) => c.id);
        const update = event.kind === 'status.public_update' ? incident.updates.find((u) => u.id === event.data.updateId) : incident.updates[incident.updates.length - 1];
        const mail = { id: incident.id, title: incident.title, phase: update?.phase ?? incident.phase, body: update?.body ?? '', components: incident.components.map((c) => c.name) };
        for (const s of subscribers) {
          if (!wants(s, componentIds)) continue;
          if (s.kind === 'email') {
            const payload: EmailPayload = { subscriberId: s.id, purpose: 'update', incident: mail };
            await enqueueEffect(trx, { key: `status-email:${s.id}:${seq}`, kind: STATUS_EMAIL_EFFECT, payload, dueAt: now }, now);
          } else {
            const payload: WebhookPayload = { subscriberId: s.id, page, incident };
            await enqueueEffect(trx, { key: `status-webhook:${s.id}:${seq}`, kind: STATUS_WEBHOOK_EFFECT, payload, dueAt: now }, now);
          }
        }
      }
    },

    senders(): SenderRegistry {
      return new Map([
        [STATUS_EMAIL_EFFECT, sendEmail],
        [STATUS_WEBHOOK_EFFECT, sendWebhook],
      ]);
    },
  };
}
