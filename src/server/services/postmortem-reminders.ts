import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ContactChannel } from '../../domain/escalation/model';
import { endOfLocalDate, reminderAt } from '../../domain/postmortem/model';
import type { EpochMs } from '../../domain/time/instant';
import { HOUR_MS, epochMs } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteContext, WriteQueue } from '../db/write-queue';
import { enqueueEffect } from '../engine/outbox';
import type { EffectOutcome } from '../engine/outbox-runner';
import { WakeScheduler } from '../engine/wake-scheduler';
import type { PagePayload } from '../notify/page-message';
import type { Sender, SenderRegistry } from '../notify/senders';
import { permanentFailure } from '../notify/senders';
import { actionItemsRepository } from '../repositories/action-items-repository';
import { incidentsRepository } from '../repositories/incidents-repository';
import { postmortemsRepository } from '../repositories/postmortems-repository';
import { servicesRepository } from '../repositories/services-repository';
import { usersRepository } from '../repositories/users-repository';
import { loadActionItems } from './action-item-service';
import { SYSTEM_CALLER, audit } from './caller';
import type { Clock } from './clock';

/**
 * Reminders of post-mortems: an open action item whose due date has ended in its owner's zone
 * (at `endOfLocalDate`), and a post-mortem's follow-up review date (at 09:00 on it in the owner's
 * zone, `reminderAt`), each told to its owner once.
 *
 * A reminder is not a page: nobody acknowledges it and it must not wake anyone, so it never
 * goes by SMS or phone call and never escalates. It goes to the e-mail addresses and webhooks
 * named by the owner's low-urgency notification rules (verified, on configured channels); with
 * none, to the e-mail address of their account; with e-mail not configured at all, it is only
 * recorded (`in-app`: the owner's dashboard lists their overdue items). Each decided reminder is
 * a row of `reminders` and an outbox effect (`reminder`), so it is sent after commit, retried
 * and recorded like a page, and its unique key keeps it to once across restarts and instances.
 *
 * One timer waits for the next reminder due; every post-mortem or action-item write wakes it,
 * and while anything is still waiting it looks again at least hourly, so a change of someone's
 * zone (which is not one of these writes) is noticed within the hour.
 */
export const REMINDER_RECHECK_MS = HOUR_MS;
const REMINDER_CHANNELS: readonly ContactChannel[] = ['email', 'webhook'];
export const REMINDER_EFFECT_KIND = 'reminder';

type ReminderRow = Selectable<Database['reminders']>;
type Target = { kind: 'action_item_overdue' | 'follow_up'; targetId: string; ownerId: string; date: string; dueAt: EpochMs };

export type ReminderRunnerDeps = {
  handle: DatabaseHandle;
  writes: WriteQueue;
  clock: Clock;
  /** The channels that have a sender (configured): a reminder goes only through those. */
  channels: () => ReadonlyMap<ContactChannel, Sender>;
  publicUrl: string;
  onError?: (error: unknown) => void;
};

async function targets(db: Kysely<Database>): Promise<Target[]> {
  const [items, followUps] = await Promise.all([actionItemsRepository.dueToRemind(db), postmortemsRepository.followUpsToRemind(db)]);
  const out: Target[] = [];
  for (const item of items) {
    try {
      out.push({ kind: 'action_item_overdue', targetId: item.id, ownerId: item.owner_id, date: item.due_on!, dueAt: endOfLocalDate(item.due_on!, item.owner_zone) });
    } catch {
      // A stored date or zone that cannot be read reminds nobody rather than stopping every reminder.
    }
  }
  for (const postmortem of followUps) {
    try {
      out.push({ kind: 'follow_up', targetId: postmortem.id, ownerId: postmortem.owner_id, date: postmortem.follow_up_on, dueAt: reminderAt(postmortem.follow_up_on, postmortem.owner_zone) });
    } catch {
      // As above.
    }
  }
  return out;
}

export type ReminderRunner = ReturnType<typeof createReminderRunner>;

export function createReminderRunner(deps: ReminderRunnerDeps) {
  const { handle, writes, clock } = deps;
  const wakeUp = new WakeScheduler(clock, () => check().catch((error: unknown) => deps.onError?.(error)));

  function arm(): Promise<void> {
    return wakeUp.rearm(async () => {
      const waiting = await targets(handle.db);
      if (waiting.length === 0) return undefined;
      const now = clock.now();
      return epochMs(Math.max(now, Math.min(now + REMINDER_RECHECK_MS, ...waiting.map((target) => target.dueAt))));
    });
  }

  /** The addresses a reminder goes to: low-urgency e-mail and webhook rules, else the account's e-mail, else nothing (in-app). */
  async function destinations(db: Kysely<Database>, ownerId: string): Promise<Array<{ channel: string; address: string | null; via: string }>> {
    const owner = await usersRepository.findById(db, ownerId);
    if (!owner) return [];
    const configured = deps.channels();
    const [methods, rules] = await Promise.all([usersRepository.contactMethods(db, [ownerId]), usersRepository.rules(db, [ownerId])]);
    const chosen = new Map<string, { channel: string; address: string; via: string }>();
    for (const rule of rules.filter((candidate) => candidate.urgency === 'low')) {
      const method = methods.find((candidate) => candidate.id === rule.contact_method_id);
      if (!method || method.verified !== 1) continue;
      const channel = method.kind as ContactChannel;
      if (!REMINDER_CHANNELS.includes(channel) || !configured.has(channel)) continue;
      chosen.set(method.id, { channel, address: method.address, via: method.id });
    }
    if (chosen.size > 0) return [...chosen.values()];
    if (configured.has('email')) return [{ channel: 'email', address: owner.email, via: 'account' }];
    return [{ channel: 'in-app', address: null, via: 'in-app' }];
  }

  async function decide(ctx: WriteContext, target: Target, now: EpochMs): Promise<void> {
    const marked =
      target.kind === 'action_item_overdue'
        ? await actionItemsRepository.markReminded(ctx.trx, target.targetId, target.date, now)
        : await postmortemsRepository.markFollowUpReminded(ctx.trx, target.targetId, target.date, now);
    // Another instance (or an earlier look) reminded already, or the date moved meanwhile.
    if (!marked) return;
    const sent: string[] = [];
    for (const destination of await destinations(ctx.trx, target.ownerId)) {
      const prefix = target.kind === 'action_item_overdue' ? 'overdue' : 'follow-up';
      const row: ReminderRow = {
        id: randomUUID(),
        reminder_key: `${prefix}:${target.targetId}:${target.date}:${target.ownerId}:${destination.via}`,
        kind: target.kind,
        target_id: target.targetId,
        user_id: target.ownerId,
        channel: destination.channel,
        address: destination.address,
        status: destination.channel === 'in-app' ? 'recorded' : 'queued',
        error: null,
        created_at: now,
        sent_at: null,
      };
      const inserted = await ctx.trx.insertInto('reminders').values(row).onConflict((oc) => oc.column('reminder_key').doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
      if (destination.channel !== 'in-app') await enqueueEffect(ctx.trx, { key: `reminder:${row.id}`, kind: REMINDER_EFFECT_KIND, payload: { reminderId: row.id }, dueAt: now }, now);
      sent.push(destination.channel);
    }
    await audit(ctx.trx, {
      at: now,
      caller: SYSTEM_CALLER,
      action: target.kind === 'action_item_overdue' ? 'action_item.reminded' : 'postmortem.follow_up_reminded',
      targetType: target.kind === 'action_item_overdue' ? 'action_item' : 'postmortem',
      targetId: target.targetId,
      after: { ownerId: target.ownerId, date: target.date, channels: sent },
    });
  }

  async function check(): Promise<void> {
    const now = clock.now();
    const due = (await targets(handle.db)).filter((target) => target.dueAt <= now);
    if (due.length > 0) {
      await writes.run(async (ctx) => {
        for (const target of due) await decide(ctx, target, now);
      });
    }
    await arm();
  }

  /** The message, built when it is sent (so it names the item as it is then). */
  async function payloadOf(reminderId: string): Promise<PagePayload | undefined> {
    const db = handle.db;
    const row = await db.selectFrom('reminders').selectAll().where('id', '=', reminderId).executeTakeFirst();
    if (!row || row.address === null) return undefined;
    const owner = await usersRepository.findById(db, row.user_id);
    const base = deps.publicUrl.replace(/\/$/, '');
    let postmortemId: string;
    let subject: string;
    let lines: string[];
    if (row.kind === 'action_item_overdue') {
      const [item] = await loadActionItems(db, { ids: [row.target_id] }, clock.now());
      if (!item) return undefined;
      postmortemId = item.postmortemId;
      subject = `Action item overdue: ${item.title}`;
      lines = [
        `"${item.title}" was due on ${item.dueOn} and is still ${item.status === 'in_progress' ? 'in progress' : 'open'}.`,
        `It comes from the post-mortem of ${item.incidentId} (${item.incidentTitle}, ${item.serviceName}).`,
        'Close it, give it a new date, or mark it as won\u2019t do with a note, so that the list stays true.',
      ];
    } else {
      const postmortem = await postmortemsRepository.findById(db, row.target_id);
      if (!postmortem) return undefined;
      postmortemId = postmortem.id;
      const open = await loadActionItems(db, { postmortemIds: [postmortem.id], statuses: ['open', 'in_progress'] }, clock.now());
      subject = `Follow-up review today: ${postmortem.title}`;
      lines = [
        `The follow-up review of the post-mortem "${postmortem.title}" is today, ${postmortem.follow_up_on}.`,
        open.length === 0 ? 'All of its action items are closed.' : `${open.length} of its action items ${open.length === 1 ? 'is' : 'are'} still open.`,
      ];
    }
    const postmortem = await postmortemsRepository.findById(db, postmortemId);
    const incident = postmortem ? await incidentsRepository.findById(db, postmortem.incident_id) : undefined;
    if (!incident) return undefined;
    const service = await servicesRepository.findById(db, incident.service_id);
    const url = `${base}/postmortems/${postmortemId}`;
    return {
      pageId: row.id,
      channel: row.channel as ContactChannel,
      to: row.address,
      incident: { id: incident.id, title: incident.title, severity: incident.severity, service: service?.name ?? incident.service_id, url },
      ackUrl: '',
      ackCode: null,
      bundled: [],
      recipientName: owner?.name ?? '',
      kind: 'reminder',
      reminder: { subject, lines, url },
    };
  }

  const send: Sender = async (payload, signal) => {
    const reminderId = (payload as { reminderId?: unknown } | null)?.reminderId;
    if (typeof reminderId !== 'string') return permanentFailure('the outbox row names no reminder');
    const message = await payloadOf(reminderId);
    if (!message) return permanentFailure(`reminder ${reminderId} or what it is about no longer exists`);
    const channel = deps.channels().get(message.channel);
    if (!channel) return permanentFailure(`the ${message.channel} channel is not configured`);
    return channel(message, signal);
  };

  return {
    start(): Promise<void> {
      wakeUp.start();
      return arm();
    },
    stop(): void {
      wakeUp.stop();
    },
    /** After a write that may add, move or remove a reminder. */
    wake(): Promise<void> {
      return arm().catch((error: unknown) => deps.onError?.(error));
    },
    senders(): SenderRegistry {
      return new Map([[REMINDER_EFFECT_KIND, send]]);
    },
    /** Records how a reminder's send ended (the outbox runner reports every effect; others are ignored). */
    async recordOutcome(outcome: EffectOutcome): Promise<void> {
      if (outcome.kind !== REMINDER_EFFECT_KIND || outcome.result === 'retrying') return;
      const id = outcome.key.slice('reminder:'.length);
      await writes.run(
        async ({ trx }) => {
          await trx
            .updateTable('reminders')
            .set(outcome.result === 'sent' ? { status: 'sent', sent_at: outcome.at } : { status: 'failed', error: outcome.error })
            .where('id', '=', id)
            .execute();
        },
        { essential: true },
      );
    },
  };
}
