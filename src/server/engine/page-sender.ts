import type { Kysely } from 'kysely';
import type { ContactChannel } from '../../domain/escalation/model';
import type { Database } from '../db/schema';
import type { WriteQueue } from '../db/write-queue';
import type { PagePayload } from '../notify/page-message';
import type { Sender, SenderRegistry } from '../notify/senders';
import { permanentFailure } from '../notify/senders';
import { escalationsRepository } from '../repositories/escalations-repository';
import { incidentsRepository } from '../repositories/incidents-repository';
import { servicesRepository } from '../repositories/services-repository';
import { usersRepository } from '../repositories/users-repository';
import { ackTokenFor } from './ack-links';
import { ACK_LINK_TTL_MS, BUNDLE_KEY_PREFIX } from './escalation-runner';

export type PageSenderDeps = {
  db: () => Kysely<Database>;
  writes: WriteQueue;
  /** Where people (and Twilio) reach this Firewatch: acknowledge links and incident links start with it. */
  publicUrl: string;
  ackSecret: () => string;
  /** The channel senders (notify/*-sender.ts), by channel; a channel without one is not configured. */
  channels: ReadonlyMap<ContactChannel, Sender>;
};

/**
 * The outbox holds only a page's id (no address, no link: the acknowledge link is a secret and
 * is made again here from the page and the signing key). At send time this builds the message
 * from the page, its incident and, for a bundle, the incidents the storm limit held back.
 */
export async function buildPagePayload(deps: Omit<PageSenderDeps, 'channels' | 'writes'>, pageId: string): Promise<PagePayload | undefined> {
  const db = deps.db();
  const page = await escalationsRepository.findPage(db, pageId);
  if (!page || page.address === null) return undefined;
  const isBundle = page.page_key.startsWith(BUNDLE_KEY_PREFIX);
  const [incident, user, held] = await Promise.all([
    incidentsRepository.findById(db, page.incident_id),
    usersRepository.findById(db, page.user_id),
    isBundle ? escalationsRepository.bundledInto(db, page.id) : Promise.resolve([]),
  ]);
  if (!incident) return undefined;
  const service = await servicesRepository.findById(db, incident.service_id);
  const others = held.map((p) => p.incident_id).filter((id, index, all) => id !== incident.id && all.indexOf(id) === index);
  const bundled = others.length ? await incidentsRepository.findByIds(db, others) : [];
  const base = deps.publicUrl.replace(/\/$/, '');
  return {
    pageId: page.id,
    channel: page.channel as ContactChannel,
    to: page.address,
    incident: { id: incident.id, title: incident.title, severity: incident.severity, service: service?.name ?? incident.service_id, url: `${base}/incidents/${incident.id}` },
    ackUrl: `${base}/ack/${ackTokenFor(deps.ackSecret(), page.id, page.created_at + ACK_LINK_TTL_MS)}`,
    ackCode: page.ack_code,
    bundled: bundled.map((b) => ({ id: b.id, title: b.title })),
    recipientName: user?.name ?? '',
    kind: 'page',
  };
}

/** One outbox sender per configured channel: builds the page's message, sends it, keeps the provider's id for its delivery reports. */
export function pageSenders(deps: PageSenderDeps): SenderRegistry {
  const registry = new Map<string, Sender>();
  for (const [channel, send] of deps.channels) {
    registry.set(channel, async (payload, signal) => {
      const pageId = (payload as { pageId?: unknown } | null)?.pageId;
      if (typeof pageId !== 'string') return permanentFailure('the outbox row names no page');
      const message = await buildPagePayload(deps, pageId);
      if (!message) return permanentFailure(`page ${pageId} or its incident no longer exists`);
      const result = await send(message, signal);
      const providerId = result.ok ? result.providerId : undefined;
      if (providerId) await deps.writes.run(({ trx }) => escalationsRepository.updatePage(trx, pageId, { provider_id: providerId }), { essential: true });
      return result;
    });
  }
  return registry;
}
