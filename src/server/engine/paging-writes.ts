import { stormDecision } from '../../domain/escalation/storm';
import type { EpochMs } from '../../domain/time/instant';
import { epochMs } from '../../domain/time/instant';
import type { WriteContext } from '../db/write-queue';
import type { AckTokenRow, EscalationRow, EscalationTimerRow, PageRow } from '../repositories/escalations-repository';
import { escalationsRepository } from '../repositories/escalations-repository';
import type { OutboxRow } from '../repositories/outbox-repository';
import { outboxRepository } from '../repositories/outbox-repository';
import type { NewEvent } from '../services/event-log';
import { appendEvents } from '../services/event-log';
import type { IncidentDto } from '../../contracts/incidents';
import type { Effect } from './outbox';
import { outboxRow } from './outbox';

/** Storm bundles' page keys start with this (`bundle:{person}:{instant}`). */
export const BUNDLE_KEY_PREFIX = 'bundle:';

export const bundleKey = (userId: string, bundleAt: EpochMs) => `${BUNDLE_KEY_PREFIX}${userId}:${bundleAt}`;

/** What the decisions of a part of a unit will ask the database, read in a few queries before they are made. */
export type PagingLookups = {
  /** Engine keys of the pages that may be inserted. */
  pageKeys: readonly string[];
  /** People who may be sent an SMS or a call (the storm limit asks when their last one went out). */
  phoneUsers: readonly string[];
  /** The names of the services whose incidents may ring an in-app page (it carries the incident with its service's name). */
  serviceNames: ReadonlyMap<string, string>;
};

/**
 * The writes of the escalation decisions made at one instant in one unit of work, gathered and
 * then written with a statement per table (a multi-row insert each), instead of a round trip per
 * row: on PostgreSQL a unit of 200 due timers used to wait on about twenty round trips per timer
 * while it held the write queue.
 *
 * It answers the questions the decisions ask as if every earlier write had already been made:
 * whether a page key exists, when a person's last SMS or call went out, which storm bundle a
 * held page joins, whether a timer was already taken. Those answers come from lookups read in
 * `prepare` and from the writes gathered since, so a decision sees exactly what it saw when every
 * row was written at once. `flush` writes everything and publishes the events in the order they
 * were appended, before the caller appends anything else.
 */
export class PagingWrites {
  private readonly escalations = new Map<string, EscalationRow>();
  private readonly takenTimerIds: string[] = [];
  private readonly cancelledIncidents = new Set<string>();
  private timers: EscalationTimerRow[] = [];
  private readonly pages: PageRow[] = [];
  private readonly pagesById = new Map<string, PageRow>();
  private readonly ackTokens: AckTokenRow[] = [];
  private readonly outbox: OutboxRow[] = [];
  private readonly events: Array<{ event: NewEvent; snapshot?: { incident?: IncidentDto } }> = [];
  private readonly firstNotified = new Set<string>();
  private readonly firstEscalated = new Set<string>();
  private readonly retriggered = new Set<string>();

  private lastPhone = new Map<string, number>();
  private knownPages = new Map<string, string>();
  private serviceNames: ReadonlyMap<string, string> = new Map();

  constructor(
    private readonly ctx: WriteContext,
    readonly at: EpochMs,
  ) {}

  /** Reads what the decisions will ask: at most two queries, none when nothing is to be paged. */
  async prepare(lookups: PagingLookups): Promise<void> {
    const { trx } = this.ctx;
    if (lookups.phoneUsers.length > 0) this.lastPhone = await escalationsRepository.lastPhonePagesAt(trx, lookups.phoneUsers, this.at);
    // A held page joins the bundle due a minute after the person's last SMS or call: the last one
    // stored, or one sent at this instant by a decision gathered here. Both bundles are looked up.
    const bundles = lookups.phoneUsers.flatMap((userId) =>
      [this.lastPhone.get(userId), this.at].flatMap((last) => {
        const decision = last === undefined ? undefined : stormDecision(epochMs(last), this.at);
        return decision && !decision.send ? [bundleKey(userId, decision.bundleAt)] : [];
      }),
    );
    const keys = [...lookups.pageKeys, ...bundles];
    if (keys.length > 0) this.knownPages = await escalationsRepository.pageIdsByKey(trx, keys);
    this.serviceNames = lookups.serviceNames;
  }

  /** The id of the page stored (or gathered) under `key`. */
  pageIdByKey(key: string): string | undefined {
    return this.knownPages.get(key);
  }

  /** The instant of the person's latest SMS or call sent by now (see `escalationsRepository.lastPhonePagesAt`). */
  lastPhonePageAt(userId: string): number | undefined {
    return this.lastPhone.get(userId);
  }

  serviceName(serviceId: string): string | undefined {
    return this.serviceNames.get(serviceId);
  }

  saveEscalation(row: EscalationRow): void {
    const earlier = this.escalations.get(row.incident_id);
    this.escalations.set(row.incident_id, earlier ? { ...row, created_at: earlier.created_at } : row);
  }

  /** Removes a due timer being handled (the caller leaves out the timers of incidents whose timers a decision cancelled). */
  takeTimer(timerId: string): void {
    this.takenTimerIds.push(timerId);
  }

  /** Every pending timer of the incident ends, the ones stored and the ones scheduled here so far. */
  cancelTimersOf(incidentId: string): void {
    this.cancelledIncidents.add(incidentId);
    this.timers = this.timers.filter((timer) => timer.incident_id !== incidentId);
  }

  /** A timer, unless one with its key is pending (stored timers with the key are left alone by the insert). */
  scheduleTimer(row: EscalationTimerRow): void {
    if (this.timers.some((timer) => timer.timer_key === row.timer_key)) return;
    this.timers.push(row);
  }

  /** A page unless its key exists; answers whether it was added (at most one page per key). */
  insertPage(row: PageRow): boolean {
    if (this.knownPages.has(row.page_key)) return false;
    this.knownPages.set(row.page_key, row.id);
    this.pages.push(row);
    this.pagesById.set(row.id, row);
    if ((row.channel === 'sms' || row.channel === 'voice') && row.status !== 'bundled' && row.created_at <= this.at) {
      this.lastPhone.set(row.user_id, Math.max(this.lastPhone.get(row.user_id) ?? row.created_at, row.created_at));
    }
    return true;
  }

  /** Points a page gathered here at the bundle that will carry it. */
  bundlePage(pageId: string, bundleId: string): void {
    const page = this.pagesById.get(pageId);
    if (!page) throw new Error(`page ${pageId} is not one of this unit's`);
    page.bundled_into = bundleId;
  }

  issueAckLink(row: AckTokenRow): void {
    this.ackTokens.push(row);
  }

  /** What `enqueueEffect` stores: performed after commit, once per key. */
  enqueue(effect: Effect, now: EpochMs): void {
    this.outbox.push(outboxRow(effect, now));
  }

  firstNotifiedAt(incidentId: string): void {
    this.firstNotified.add(incidentId);
  }

  firstEscalatedAt(incidentId: string): void {
    this.firstEscalated.add(incidentId);
  }

  /** Sets an acknowledged incident back to triggered (it escalates again). */
  retrigger(incidentId: string): void {
    this.retriggered.add(incidentId);
  }

  append(event: NewEvent, snapshot?: { incident: IncidentDto }): void {
    this.events.push(snapshot ? { event, snapshot } : { event });
  }

  /** Writes everything gathered: deletions before insertions, events last in the order appended. */
  async flush(): Promise<void> {
    const { trx } = this.ctx;
    if (this.takenTimerIds.length > 0 || this.cancelledIncidents.size > 0) {
      await escalationsRepository.deleteTimers(trx, { ids: this.takenTimerIds, incidentIds: [...this.cancelledIncidents] });
    }
    if (this.timers.length > 0) await escalationsRepository.insertTimers(trx, this.timers);
    if (this.escalations.size > 0) await escalationsRepository.upsertMany(trx, [...this.escalations.values()]);
    if (this.pages.length > 0) await escalationsRepository.insertPages(trx, this.pages);
    if (this.retriggered.size > 0) await escalationsRepository.retriggerIncidents(trx, [...this.retriggered]);
    if (this.firstNotified.size > 0) await escalationsRepository.setIncidentsFirst(trx, 'first_notified_at', [...this.firstNotified], this.at);
    if (this.firstEscalated.size > 0) await escalationsRepository.setIncidentsFirst(trx, 'first_escalated_at', [...this.firstEscalated], this.at);
    if (this.ackTokens.length > 0) await escalationsRepository.insertAckTokens(trx, this.ackTokens);
    if (this.outbox.length > 0) await outboxRepository.insertManyOnce(trx, this.outbox);
    await appendEvents(this.ctx, this.events);
  }
}
