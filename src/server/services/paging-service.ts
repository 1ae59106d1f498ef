import type { AckLinkDto } from '../../contracts/escalation';
import type { IncidentDto } from '../../contracts/incidents';
import { maskAddress } from '../../domain/escalation/mask';
import type { ContactChannel } from '../../domain/escalation/model';
import { CONTACT_CHANNELS } from '../../domain/escalation/model';
import type { Severity } from '../../domain/incident/severity';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { WriteContext, WriteQueue } from '../db/write-queue';
import { hashAckToken, readAckToken } from '../engine/ack-links';
import { ACK_LINK_TTL_MS } from '../engine/escalation-runner';
import type { EffectOutcome } from '../engine/outbox-runner';
import type { PageRow } from '../repositories/escalations-repository';
import { escalationsRepository } from '../repositories/escalations-repository';
import { incidentsRepository } from '../repositories/incidents-repository';
import { servicesRepository } from '../repositories/services-repository';
import { usersRepository } from '../repositories/users-repository';
import type { Clock } from './clock';
import { SYSTEM_ACTOR, appendEvent } from './event-log';
import { acknowledgeIncident } from './incident-service';
import { toIncidentDto } from './mappers';
import { runbookProgressOf } from './runbook-progress';
import type { PagingHooks } from './paging-hooks';
import { Problem } from './problem';

const isContactChannel = (channel: string): channel is ContactChannel => (CONTACT_CHANNELS as readonly string[]).includes(channel);

/** Twilio's final delivery states, by what they mean for the page. */
const DELIVERED = new Set(['delivered', 'completed', 'in-progress', 'answered']);
const NOT_DELIVERED = new Set(['failed', 'undelivered', 'busy', 'no-answer', 'canceled']);

/** Delivery reports and send outcomes are paging's own writes: never refused by an overloaded queue. */
const ESSENTIAL = { essential: true } as const;

export type PagingService = ReturnType<typeof createPagingService>;

/**
 * What happens to a page after the engine decided it: its acknowledge link and SMS reply code,
 * the outcome of each send and the provider's delivery reports, each on the incident's timeline.
 */
export function createPagingService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; paging: PagingHooks; ackSecret: () => string }) {
  const { handle, writes, clock, paging } = deps;

  async function pageEventBase(ctx: WriteContext, page: PageRow) {
    const [user, incident] = await Promise.all([usersRepository.findById(ctx.trx, page.user_id), incidentsRepository.findById(ctx.trx, page.incident_id)]);
    const channel = page.channel as ContactChannel;
    return {
      where: { at: clock.now(), incidentId: page.incident_id, serviceId: incident?.service_id ?? null, actor: SYSTEM_ACTOR },
      who: { userId: page.user_id, name: user?.name ?? page.user_id, channel, address: page.address === null ? null : maskAddress(channel, page.address) },
    };
  }

  /** Acknowledges the page's incident for its recipient (a no-op when it is no longer triggered). */
  async function acknowledgeFor(ctx: WriteContext, page: PageRow, how: 'link' | 'sms'): Promise<void> {
    const incident = await incidentsRepository.findById(ctx.trx, page.incident_id);
    if (!incident || incident.state !== 'triggered') return;
    const user = await usersRepository.findById(ctx.trx, page.user_id);
    const service = await servicesRepository.findById(ctx.trx, incident.service_id);
    await acknowledgeIncident(ctx, incident, clock.now(), { type: 'person', name: user?.name ?? 'Someone' }, service?.name ?? incident.service_id, paging, { by: page.user_id, how });
  }

  async function linkView(db: WriteContext['trx'] | DatabaseHandle['db'], token: string): Promise<{ view: AckLinkDto; page: PageRow }> {
    const read = readAckToken(deps.ackSecret(), token);
    const stored = read ? await db.selectFrom('ack_tokens').selectAll().where('token_hash', '=', hashAckToken(token)).executeTakeFirst() : undefined;
    const page = read && stored ? await escalationsRepository.findPage(db, read.pageId) : undefined;
    const incident = page ? await incidentsRepository.findById(db, page.incident_id) : undefined;
    if (!read || !stored || !page || !incident) throw new Problem(404, 'not_found', 'This acknowledge link is not valid');
    const [user, service] = await Promise.all([usersRepository.findById(db, page.user_id), servicesRepository.findById(db, incident.service_id)]);
    const state = stored.used_at !== null ? 'used' : stored.expires_at <= clock.now() ? 'expired' : 'valid';
    return {
      page,
      view: {
        state,
        usedAt: stored.used_at === null ? null : toIsoUtc(epochMs(stored.used_at)),
        incident: { id: incident.id, title: incident.title, severity: incident.severity as Severity, state: incident.state as AckLinkDto['incident']['state'], service: service?.name ?? incident.service_id },
        recipient: user?.name ?? page.user_id,
      },
    };
  }

  return {
    /**
     * The incidents that paged this person in the last 24 hours, as they are now: a tab that opens
     * (or whose stream starts afresh) rings for the triggered ones and stops ringing for the rest.
     */
    async pagedIncidents(userId: string): Promise<IncidentDto[]> {
      const since = clock.now() - ACK_LINK_TTL_MS;
      const rows = await handle.db
        .selectFrom('incidents')
        .selectAll('incidents')
        .where((eb) =>
          eb.exists(eb.selectFrom('pages').select('pages.id').whereRef('pages.incident_id', '=', 'incidents.id').where('pages.user_id', '=', userId).where('pages.channel', '=', 'in-app').where('pages.created_at', '>=', since)),
        )
        .orderBy('incidents.triggered_at', 'desc')
        .limit(100)
        .execute();
      const names = new Map((await servicesRepository.list(handle.db)).map((service) => [service.id, service.name]));
      const progress = await runbookProgressOf(handle.db, rows.map((row) => row.id));
      return rows.map((row) => toIncidentDto(row, names.get(row.service_id) ?? row.service_id, progress.get(row.id) ?? null));
    },

    /** What an acknowledge link leads to; reading never acknowledges (mail scanners follow links). */
    async ackLink(token: string): Promise<AckLinkDto> {
      return (await linkView(handle.db, token)).view;
    },

    /** Uses an acknowledge link: once, before it expires; 410 afterwards. */
    async useAckLink(token: string): Promise<AckLinkDto> {
      return writes.run(async (ctx) => {
        const { view, page } = await linkView(ctx.trx, token);
        if (view.state === 'used') throw Object.assign(new Problem(410, 'link_used', `This link was already used at ${view.usedAt}`), { details: { link: view } });
        if (view.state === 'expired') throw Object.assign(new Problem(410, 'link_expired', 'This link has expired'), { details: { link: view } });
        const at = clock.now();
        const taken = await ctx.trx.updateTable('ack_tokens').set({ used_at: at }).where('token_hash', '=', hashAckToken(token)).where('used_at', 'is', null).executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) throw new Problem(410, 'link_used', 'This link was already used');
        await acknowledgeFor(ctx, page, 'link');
        return (await linkView(ctx.trx, token)).view;
      });
    },

    /**
     * A reply to a page by SMS ("4821"): acknowledges the incident whose page to this number carried
     * that code in the last 24 hours. Answers the text to send back.
     */
    async smsReply(from: string, body: string): Promise<string> {
      const code = /\b(\d{4})\b/.exec(body)?.[1];
      if (!code) return 'Reply with the 4-digit code from the page to acknowledge it.';
      return writes.run(async (ctx) => {
        const page = await escalationsRepository.pageByReplyCode(ctx.trx, from, code, clock.now() - ACK_LINK_TTL_MS);
        if (!page) return `No page to this number has the code ${code}.`;
        const incident = await incidentsRepository.findById(ctx.trx, page.incident_id);
        if (!incident) return `No page to this number has the code ${code}.`;
        if (incident.state !== 'triggered') return `${incident.id} is already ${incident.state}.`;
        await acknowledgeFor(ctx, page, 'sms');
        return `Acknowledged ${incident.id}: ${incident.title}`;
      });
    },

    /** Twilio's status callback for a message or call (its retries of the same report change nothing). */
    async deliveryStatus(pageId: string, status: string, errorCode: string | undefined): Promise<void> {
      const normalized = status.toLowerCase();
      if (!DELIVERED.has(normalized) && !NOT_DELIVERED.has(normalized)) return;
      await writes.run(async (ctx) => {
        const page = await escalationsRepository.findPage(ctx.trx, pageId);
        if (!page || page.status === 'delivered' || page.status === 'failed' || !isContactChannel(page.channel)) return;
        const { where, who } = await pageEventBase(ctx, page);
        if (DELIVERED.has(normalized)) {
          await escalationsRepository.updatePage(ctx.trx, page.id, { status: 'delivered' });
          await appendEvent(ctx, { ...where, kind: 'page.delivered', data: who });
        } else {
          const error = `Twilio reported ${normalized}${errorCode ? ` (error ${errorCode})` : ''}`;
          await escalationsRepository.updatePage(ctx.trx, page.id, { status: 'failed', error });
          await appendEvent(ctx, { ...where, kind: 'page.failed', data: { ...who, error, retrying: false } });
        }
      }, ESSENTIAL);
    },

    /** Each outcome of an outbox send of a page, on the incident's timeline. */
    async recordOutcome(outcome: EffectOutcome): Promise<void> {
      if (!isContactChannel(outcome.kind)) return;
      await writes.run(async (ctx) => {
        const page = await escalationsRepository.findPageByKey(ctx.trx, outcome.key);
        if (!page) return;
        const { where, who } = await pageEventBase(ctx, page);
        if (outcome.result === 'sent') {
          // E-mail and webhooks end when the server accepts them; SMS and calls report delivery later.
          const final = page.channel === 'email' || page.channel === 'webhook';
          // Twilio's delivery report can overtake this record; a page it already settled keeps that state.
          const settled = page.status === 'delivered' || page.status === 'failed';
          await escalationsRepository.updatePage(ctx.trx, page.id, settled ? { sent_at: outcome.at } : { status: final ? 'delivered' : 'sent', sent_at: outcome.at });
          // A storm bundle was decided without a page.notified (only each held page's page.bundled): it is on the timeline when it goes out.
          const held = new Set((await escalationsRepository.bundledInto(ctx.trx, page.id)).map((p) => p.incident_id));
          if (held.size > 0) {
            held.delete(page.incident_id);
            await appendEvent(ctx, { ...where, kind: 'page.notified', data: { ...who, level: page.level, bundled: held.size } });
          }
          if (final) await appendEvent(ctx, { ...where, kind: 'page.delivered', data: who });
          return;
        }
        const retrying = outcome.result === 'retrying';
        if (!retrying) await escalationsRepository.updatePage(ctx.trx, page.id, { status: 'failed', error: outcome.error });
        await appendEvent(ctx, { ...where, kind: 'page.failed', data: { ...who, error: outcome.error ?? 'unknown error', retrying } });
      }, ESSENTIAL);
    },
  };
}
