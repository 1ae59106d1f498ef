import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { policyFromDto } from '../../contracts/escalation';
import { quietHoursText, startEscalation, step } from '../../domain/escalation/engine';
import { maskAddress } from '../../domain/escalation/mask';
import type { EscalationPolicy } from '../../domain/escalation/policy';
import type { AckMethod, Directory, EscalationEffect, EscalationRecord, EscalationState, StepResult } from '../../domain/escalation/model';
import { isStormLimited, stormDecision } from '../../domain/escalation/storm';
import type { Severity } from '../../domain/incident/severity';
import type { EpochMs } from '../../domain/time/instant';
import { HOUR_MS, epochMs, toIsoUtc } from '../../domain/time/instant';
import { zonedDateTime } from '../../domain/time/zoned';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteContext, WriteQueue } from '../db/write-queue';
import type { EscalationRow, EscalationTimerRow } from '../repositories/escalations-repository';
import { escalationsRepository } from '../repositories/escalations-repository';
import type { IncidentRow } from '../repositories/incidents-repository';
import { incidentsRepository } from '../repositories/incidents-repository';
import { servicesRepository } from '../repositories/services-repository';
import { toIncidentDto } from '../services/mappers';
import type { Clock } from '../services/clock';
import { monotonicNow } from '../services/clock';
import { SYSTEM_ACTOR, appendEvent } from '../services/event-log';
import { loadEscalationPolicy } from '../services/escalation-policy-service';
import { activeWindow } from '../services/maintenance-service';
import { ackTokenFor, hashAckToken } from './ack-links';
import { PagingWrites, bundleKey } from './paging-writes';
import { WakeScheduler } from './wake-scheduler';

export { BUNDLE_KEY_PREFIX } from './paging-writes';

/**
 * Timer ids sort in the order the engine scheduled them (instant, then a counter), so timers due
 * at the same instant fire in that order on every run, as they do in the browser's preview.
 */
let timerCounter = 0;
function timerId(at: EpochMs): string {
  timerCounter = (timerCounter + 1) % 1e9;
  return `${String(at).padStart(15, '0')}.${String(timerCounter).padStart(9, '0')}.${randomUUID().slice(0, 8)}`;
}

/**
 * How long one unit of due timers may run before it commits and lets other work in. On SQLite a
 * unit is synchronous work on the one thread (HTTP and sends wait), so it is kept short; on
 * PostgreSQL a unit mostly waits on round trips with the thread free, and short units would pay a
 * transaction (and the event-log lock) for every few timers: there only the batch size bounds it
 * (measured in docs/benchmarks.md: 25 ms units on PostgreSQL fell a minute behind).
 */
const UNIT_BUDGET_MS = { sqlite: 25, postgres: Infinity } as const;

/**
 * Due timers decided together and then written with one statement per table (PagingWrites). On
 * PostgreSQL that is the whole unit; on SQLite a few at a time, so that the unit's budget is
 * still checked between them (statements there cost no round trip, only the one thread's time).
 */
const TIMERS_PER_WRITE = { sqlite: 8, postgres: Infinity } as const;

/** What paging reads and never writes: people with their contact methods and rules, schedules, policies, service names. */
const REFERENCE_TABLES = ['users', 'contact_methods', 'notification_rules', 'schedules', 'schedule_overrides', 'escalation_policies', 'services'] as const;

/**
 * The reference data one write transaction has read so far, and the count of rows the
 * transaction had written to those tables when it was read (see `reference`).
 */
type Reference = { writes: number; directory?: Directory; policies: Map<string, EscalationPolicy | null>; serviceNames: Map<string, string> };

/** How long an acknowledge link and an SMS reply code stay good. */
export const ACK_LINK_TTL_MS = 24 * HOUR_MS;

export type EscalationRunnerDeps = {
  handle: DatabaseHandle;
  writes: WriteQueue;
  clock: Clock;
  /** Everyone and every schedule the engine may ask about, as they are at `now`. */
  loadDirectory: (db: Kysely<Database>, now: EpochMs) => Promise<Directory>;
  /** The key acknowledge links are signed with (settings, generated at first start). */
  ackSecret: () => string;
  /** Timers handled per unit of work. */
  batch?: number;
  /** How often the runner looks for due timers it was not told about (other instances, clock jumps). */
  pollMs?: number;
  onError?: (error: unknown) => void;
};

/** A directory that knows nobody: acknowledging and resolving never page, so they need none. */
const NOBODY: Directory = {
  person: () => undefined,
  onCall: () => ({ exists: false }),
  gaps: () => [],
  channelConfigured: () => false,
};

/** Skips that leave a person out of a level altogether (not one channel of theirs). */
const PERSON_SKIPS = new Set(['quiet-hours', 'nobody-on-call', 'schedule-missing', 'unknown-person', 'cannot-acknowledge']);

/** Whether the skip at `index` is one of those that moved escalation to the next level at once. */
function skippedToNextLevel(effects: readonly EscalationEffect[], index: number): boolean {
  const effect = effects[index];
  if (effect?.type !== 'record' || effect.record.kind !== 'skipped' || !PERSON_SKIPS.has(effect.record.reason)) return false;
  const level = effect.record.levelIndex;
  return effects.slice(index + 1).some((later) => later.type === 'record' && later.record.kind === 'escalated' && later.record.reason === 'everyone-skipped' && later.record.levelIndex === level + 1);
}

function quietText(directory: Directory, userId: string): string {
  const person = directory.person(userId);
  return person?.quietHours ? quietHoursText(person.quietHours, person.zone) : '';
}

/**
 * The durable side of the escalation engine (domain/escalation): the state of each incident's
 * escalation is a row, every pending step a timer row with its due instant. Units of work that
 * open, acknowledge or resolve an incident call the hooks below inside their own transaction, so
 * an acknowledgement deletes the pending steps in the transaction that records it. Due timers
 * are taken (deleted) and stepped in units of their own, oldest first; a notification becomes a
 * `pages` row (unique per engine key) and an outbox effect in that same unit, so a crash never
 * repeats a decision and the outbox performs what was decided.
 */
export class EscalationRunner {
  private readonly batch: number;
  private readonly pollMs: number;
  private readonly wakeUp: WakeScheduler;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopped = false;
  private readonly references = new WeakMap<object, Reference>();

  constructor(private readonly deps: EscalationRunnerDeps) {
    this.batch = deps.batch ?? 200;
    this.pollMs = deps.pollMs ?? 5_000;
    this.wakeUp = new WakeScheduler(deps.clock, () => this.run());
  }

  /** A new incident: starts its policy, or records why nobody is paged (no policy, maintenance). Returns the row as it now is. */
  async incidentOpened(ctx: WriteContext, incident: IncidentRow, at: EpochMs): Promise<IncidentRow> {
    const window = await activeWindow(ctx.trx, incident.service_id, at);
    const where = { at, incidentId: incident.id, serviceId: incident.service_id, actor: SYSTEM_ACTOR };
    if (window) {
      await incidentsRepository.update(ctx.trx, incident.id, { maintenance_window_id: window.id });
      await appendEvent(ctx, { ...where, kind: 'escalation.not_started', data: { reason: 'maintenance', until: toIsoUtc(epochMs(window.end_at)) } });
      return { ...incident, maintenance_window_id: window.id };
    }
    const reference = await this.reference(ctx.trx);
    const policy = await this.policyOf(ctx.trx, reference, incident.service_id);
    if (!policy) {
      await appendEvent(ctx, { ...where, kind: 'escalation.not_started', data: { reason: 'no-policy', until: null } });
      return incident;
    }
    const directory = await this.directoryOf(ctx.trx, reference, at);
    const result = startEscalation({ incidentId: incident.id, severity: incident.severity as Severity, policy, directory }, at);
    await this.perform(ctx, at, directory, [{ incident, result, lateByMs: 0 }], [], reference);
    return incident;
  }

  /** Stops pending steps in the caller's transaction; starts the acknowledgement timeout if the policy has one. */
  async acknowledged(ctx: WriteContext, incident: IncidentRow, at: EpochMs, by: string | null, how: AckMethod): Promise<void> {
    await this.stepIncident(ctx, incident, { type: 'acknowledged', by, how }, at, NOBODY);
  }

  async resolved(ctx: WriteContext, incident: IncidentRow, at: EpochMs): Promise<void> {
    await this.stepIncident(ctx, incident, { type: 'resolved' }, at, NOBODY);
  }

  /** "Escalate now": the next level is paged at once. */
  async escalateNow(ctx: WriteContext, incident: IncidentRow, at: EpochMs, by: string | null): Promise<void> {
    const reference = await this.reference(ctx.trx);
    const directory = await this.directoryOf(ctx.trx, reference, at);
    await this.stepIncident(ctx, incident, { type: 'escalate-now', by }, at, directory, reference);
  }

  /** Starts at once: timers that fell due while the server was down fire now, oldest first, marked late. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.wakeUp.start();
    void this.run();
  }

  /** Looks for due timers now (called after every commit: a unit may have added or removed some). */
  wake(): Promise<void> {
    return this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp.stop();
    await this.running;
  }

  private async stepIncident(ctx: WriteContext, incident: IncidentRow, event: Parameters<typeof step>[1], at: EpochMs, directory: Directory, reference?: Reference): Promise<void> {
    const row = await escalationsRepository.find(ctx.trx, incident.id);
    if (!row) return;
    const state = JSON.parse(row.state) as EscalationState;
    await this.perform(ctx, at, directory, [{ incident, result: step(state, event, at, directory), lateByMs: 0, row }], [], reference);
  }

  /**
   * The reference data already read in this transaction, if it still holds. Group commit runs
   * many units in one transaction (every alert of a batch opens its incident in it), and each
   * used to read every person, schedule and policy anew: five round trips of about twenty per
   * incident on PostgreSQL. There the transaction's own row counts per table
   * (`pg_stat_get_xact_tuples_*`) tell, in one round trip, whether anything in it wrote those
   * tables since they were read; other transactions cannot have committed writes meanwhile, as
   * every write unit holds the event-log lock. On SQLite the reads cost no round trip and are
   * made fresh each time, as is any read when the counts are not kept (`track_counts` off).
   */
  private async reference(trx: Kysely<Database>): Promise<Reference> {
    const fresh = (writes: number): Reference => ({ writes, policies: new Map(), serviceNames: new Map() });
    if (this.deps.handle.dialect !== 'postgres') return fresh(-1);
    const writes = await escalationsRepository.writesInTransaction(trx, REFERENCE_TABLES);
    if (writes === undefined) return fresh(-1);
    const known = this.references.get(trx);
    if (known?.writes === writes) return known;
    const reference = fresh(writes);
    this.references.set(trx, reference);
    return reference;
  }

  private async directoryOf(trx: Kysely<Database>, reference: Reference, at: EpochMs): Promise<Directory> {
    reference.directory ??= await this.deps.loadDirectory(trx, at);
    return reference.directory;
  }

  private async policyOf(trx: Kysely<Database>, reference: Reference, serviceId: string): Promise<EscalationPolicy | null> {
    if (!reference.policies.has(serviceId)) {
      const stored = await loadEscalationPolicy(trx, serviceId);
      reference.policies.set(serviceId, stored ? policyFromDto(stored) : null);
    }
    return reference.policies.get(serviceId) ?? null;
  }

  private run(): Promise<void> {
    if (this.stopped || !this.started) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
      // A wake that came after the loop's last look (a commit that added a due timer) must not wait for the next poll.
      if (this.again && !this.stopped) void this.run();
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    try {
      let next: number | undefined;
      do {
        this.again = false;
        // A read first: most wakes (every commit) find nothing due, and an empty unit would still take a turn of the writer.
        next = await escalationsRepository.nextDueAt(this.deps.handle.db);
        if (next !== undefined && next <= this.deps.clock.now()) {
          const handled = await this.deps.writes.run((ctx) => this.fireDue(ctx), { essential: true });
          if (handled > 0) this.again = true;
        }
      } while (this.again && !this.stopped);
      const now = this.deps.clock.now();
      this.wakeUp.wakeBy(epochMs(Math.max(now + 1, Math.min(next ?? Infinity, now + this.pollMs))));
    } catch (error) {
      this.deps.onError?.(error);
      this.wakeUp.wakeBy(epochMs(this.deps.clock.now() + 1_000));
    }
  }

  /** Takes the due timers (oldest first) and steps each incident's escalation; one unit of work. */
  private async fireDue(ctx: WriteContext): Promise<number> {
    const now = this.deps.clock.now();
    const timers = await escalationsRepository.dueTimers(ctx.trx, now, this.batch);
    if (timers.length === 0) return 0;
    const reference = await this.reference(ctx.trx);
    const directory = await this.directoryOf(ctx.trx, reference, now);
    const ids = [...new Set(timers.map((t) => t.incident_id))];
    const rows = new Map((await escalationsRepository.findMany(ctx.trx, ids)).map((row) => [row.incident_id, row]));
    const incidents = new Map((await incidentsRepository.findByIds(ctx.trx, ids)).map((row) => [row.id, row]));
    const { dialect } = this.deps.handle;
    const started = monotonicNow();
    // Incidents whose pending timers a decision of this unit cancelled: their timers fetched above are gone.
    const cancelled = new Set<string>();
    let handled = 0;
    while (handled < timers.length) {
      // A unit holds the writer (and on SQLite the one thread): past the bound, the rest wait for the next unit.
      if (handled > 0 && monotonicNow() - started > UNIT_BUDGET_MS[dialect]) break;
      const part = timers.slice(handled, handled + TIMERS_PER_WRITE[dialect]);
      handled += part.length;
      const steps: Step[] = [];
      const taken: EscalationTimerRow[] = [];
      for (const timer of part) {
        if (cancelled.has(timer.incident_id)) continue;
        taken.push(timer);
        const row = rows.get(timer.incident_id);
        const incident = incidents.get(timer.incident_id);
        if (!row || !incident) continue;
        const state = JSON.parse(row.state) as EscalationState;
        const result = step(state, { type: 'timer', timer: JSON.parse(timer.timer) as never }, now, directory);
        steps.push({ incident, result, lateByMs: Math.max(0, now - timer.due_at), row });
        rows.set(timer.incident_id, escalationRow(incident, result, now, row));
        if (result.effects.some((effect) => effect.type === 'cancel-timers')) cancelled.add(timer.incident_id);
      }
      await this.perform(ctx, now, directory, steps, taken, reference);
    }
    return handled;
  }

  /**
   * Performs the effects of steps decided at `at` inside the unit of work: what they would read
   * is read first (a few queries), then their writes are gathered in order and written together.
   */
  private async perform(ctx: WriteContext, at: EpochMs, directory: Directory, steps: readonly Step[], taken: readonly EscalationTimerRow[] = [], reference?: Reference): Promise<void> {
    const writes = new PagingWrites(ctx, at);
    const notifies = steps.flatMap((s) => s.result.effects.filter((effect) => effect.type === 'notify').map((effect) => ({ incident: s.incident, effect })));
    // In-app pages carry the incident with its service's name.
    const names = reference?.serviceNames ?? new Map<string, string>();
    const unnamed = [...new Set(notifies.filter(({ effect }) => effect.channel === 'in-app').map(({ incident }) => incident.service_id))].filter((id) => !names.has(id));
    if (unnamed.length > 0) for (const [id, name] of await servicesRepository.namesOf(ctx.trx, unnamed)) names.set(id, name);
    await writes.prepare({
      pageKeys: notifies.map(({ effect }) => effect.key),
      phoneUsers: notifies.filter(({ effect }) => isStormLimited(effect.channel)).map(({ effect }) => effect.userId),
      serviceNames: names,
    });
    for (const timer of taken) writes.takeTimer(timer.id);
    for (const s of steps) this.apply(writes, s.incident, s.result, { at, directory, lateByMs: s.lateByMs, ...(s.row ? { row: s.row } : {}) });
    await writes.flush();
  }

  /** Saves the new state and gathers the effects' writes. */
  private apply(writes: PagingWrites, incident: IncidentRow, result: StepResult, how: { at: EpochMs; directory: Directory; lateByMs: number; row?: EscalationRow }): void {
    const { at, directory, lateByMs } = how;
    writes.saveEscalation(escalationRow(incident, result, at, how.row));
    // Escalating again after an acknowledgement (its timeout ran out, or someone escalated by
    // hand) re-triggers the incident, as in PagerDuty: the newly paged can acknowledge it, and
    // that acknowledgement stops the escalation again.
    const retriggered = how.row?.status === 'acknowledged' && result.state.status === 'escalating' && incident.state === 'acknowledged';
    if (retriggered) {
      incident.state = 'triggered';
      writes.retrigger(incident.id);
    }
    const late = lateByMs > 0 ? { lateByMs } : {};
    for (const [index, effect] of result.effects.entries()) {
      switch (effect.type) {
        case 'cancel-timers':
          writes.cancelTimersOf(incident.id);
          break;
        case 'schedule':
          writes.scheduleTimer({
            id: timerId(at),
            timer_key: effect.key,
            incident_id: incident.id,
            due_at: effect.at,
            timer: JSON.stringify(effect.timer),
            created_at: at,
          });
          break;
        case 'notify':
          this.notify(writes, incident, effect, at, directory, late);
          break;
        case 'record':
          record(writes, incident, result.state, effect.record, { at, directory, late, escalatedAtOnce: skippedToNextLevel(result.effects, index), retriggered });
          break;
      }
    }
  }

  /**
   * One page: a `pages` row under the engine's key (a key seen before is a decision already
   * made: nothing happens), then the send. In-app pages are the timeline event itself (every open
   * tab of the person rings on it). SMS and calls obey the storm limit: one per person per
   * minute; a page inside the minute is held and sent in one bundle at the minute's end.
   */
  private notify(writes: PagingWrites, incident: IncidentRow, effect: Extract<EscalationEffect, { type: 'notify' }>, at: EpochMs, directory: Directory, late: { lateByMs?: number }): void {
    const person = directory.person(effect.userId);
    const zone = person?.zone ?? 'UTC';
    const local = zonedDateTime(zone, at);
    const pageId = randomUUID();
    const phone = isStormLimited(effect.channel);
    const last = phone ? writes.lastPhonePageAt(effect.userId) : undefined;
    const decision = phone ? stormDecision(last === undefined ? null : epochMs(last), at) : ({ send: true } as const);
    const inserted = writes.insertPage({
      id: pageId,
      page_key: effect.key,
      incident_id: incident.id,
      user_id: effect.userId,
      channel: effect.channel,
      contact_method_id: effect.contactMethodId,
      address: effect.address,
      level: effect.levelIndex + 1,
      status: effect.channel === 'in-app' ? 'sent' : decision.send ? 'queued' : 'bundled',
      provider_id: null,
      error: null,
      ack_code: effect.channel === 'sms' && decision.send ? String(randomInt(1000, 10000)) : null,
      bundled_into: null,
      local_hour: Math.floor(local.minuteOfDay / 60),
      zone,
      created_at: at,
      sent_at: effect.channel === 'in-app' ? at : null,
    });
    if (!inserted) return;
    if (incident.first_notified_at === null) {
      writes.firstNotifiedAt(incident.id);
      incident.first_notified_at = at;
    }
    const name = person?.name ?? effect.userId;
    const address = effect.channel === 'in-app' || effect.address === null ? null : maskAddress(effect.channel, effect.address);
    const where = { at, incidentId: incident.id, serviceId: incident.service_id, actor: SYSTEM_ACTOR };
    if (effect.channel === 'in-app') {
      // The incident rides along: the ringing tab shows what it is paged for without asking.
      writes.append(
        { ...where, kind: 'page.notified', data: { userId: effect.userId, name, channel: 'in-app', address: null, level: effect.levelIndex + 1, ...late } },
        { incident: toIncidentDto(incident, writes.serviceName(incident.service_id) ?? incident.service_id) },
      );
      return;
    }
    if (!decision.send) {
      writes.bundlePage(pageId, this.bundleFor(writes, incident, effect, decision.bundleAt, zone));
      writes.append({ ...where, kind: 'page.bundled', data: { userId: effect.userId, name, channel: effect.channel, sendAt: toIsoUtc(decision.bundleAt) } });
      return;
    }
    this.issueAckLink(writes, pageId, incident.id, effect.userId, at);
    writes.enqueue({ key: effect.key, kind: effect.channel, payload: { pageId }, dueAt: at }, at);
    writes.append({ ...where, kind: 'page.notified', data: { userId: effect.userId, name, channel: effect.channel, address, level: effect.levelIndex + 1, ...late } });
  }

  /** The bundle page sent at `bundleAt` to this person on this channel, created by the first page it holds. */
  private bundleFor(writes: PagingWrites, incident: IncidentRow, effect: Extract<EscalationEffect, { type: 'notify' }>, bundleAt: EpochMs, zone: string): string {
    const key = bundleKey(effect.userId, bundleAt);
    const existing = writes.pageIdByKey(key);
    if (existing) return existing;
    const id = randomUUID();
    const local = zonedDateTime(zone, bundleAt);
    writes.insertPage({
      id,
      page_key: key,
      incident_id: incident.id,
      user_id: effect.userId,
      channel: effect.channel,
      contact_method_id: effect.contactMethodId,
      address: effect.address,
      level: effect.levelIndex + 1,
      status: 'queued',
      provider_id: null,
      error: null,
      ack_code: effect.channel === 'sms' ? String(randomInt(1000, 10000)) : null,
      bundled_into: null,
      local_hour: Math.floor(local.minuteOfDay / 60),
      zone,
      created_at: bundleAt,
      sent_at: null,
    });
    this.issueAckLink(writes, id, incident.id, effect.userId, bundleAt);
    writes.enqueue({ key, kind: effect.channel, payload: { pageId: id }, dueAt: bundleAt }, bundleAt);
    return id;
  }

  private issueAckLink(writes: PagingWrites, pageId: string, incidentId: string, userId: string, at: EpochMs): void {
    const expiresAt = at + ACK_LINK_TTL_MS;
    const token = ackTokenFor(this.deps.ackSecret(), pageId, expiresAt);
    writes.issueAckLink({ token_hash: hashAckToken(token), incident_id: incidentId, user_id: userId, created_at: at, expires_at: expiresAt, used_at: null });
  }
}

/** An incident's escalation decided by one step, and the state the step left its escalation in. */
type Step = { incident: IncidentRow; result: StepResult; lateByMs: number; row?: EscalationRow };

function escalationRow(incident: IncidentRow, result: StepResult, at: EpochMs, previous: EscalationRow | undefined): EscalationRow {
  return { incident_id: incident.id, status: result.state.status, state: JSON.stringify(result.state), created_at: previous?.created_at ?? at, updated_at: at };
}

function record(
  writes: PagingWrites,
  incident: IncidentRow,
  state: EscalationState,
  rec: EscalationRecord,
  how: { at: EpochMs; directory: Directory; late: { lateByMs?: number }; escalatedAtOnce: boolean; retriggered: boolean },
): void {
  const where = { at: how.at, incidentId: incident.id, serviceId: incident.service_id, actor: SYSTEM_ACTOR };
  switch (rec.kind) {
    case 'escalated':
      if (rec.levelIndex > 0 && incident.first_escalated_at === null) {
        writes.firstEscalatedAt(incident.id);
        incident.first_escalated_at = how.at;
      }
      writes.append(
        {
          ...where,
          kind: 'escalation.escalated',
          data: { level: rec.levelIndex + 1, pass: rec.pass, round: rec.round, reason: rec.reason, ...how.late },
        },
        // A re-triggered incident changed state: the live stream carries it to every screen.
        how.retriggered ? { incident: toIncidentDto(incident, writes.serviceName(incident.service_id) ?? incident.service_id) } : undefined,
      );
      return;
    case 'skipped':
      writes.append({
        ...where,
        kind: 'page.skipped',
        data: {
          userId: rec.userId,
          name: rec.userId ? (how.directory.person(rec.userId)?.name ?? null) : null,
          level: rec.levelIndex + 1,
          reason: rec.reason,
          detail: rec.detail,
          until: rec.until === null ? null : toIsoUtc(rec.until),
          escalatedAtOnce: how.escalatedAtOnce,
        },
      });
      return;
    case 'quiet-hours-overridden':
      writes.append({
        ...where,
        kind: 'page.quiet_hours_overridden',
        data: { userId: rec.userId, name: how.directory.person(rec.userId)?.name ?? rec.userId, level: rec.levelIndex + 1, why: rec.why, detail: quietText(how.directory, rec.userId) },
      });
      return;
    case 'exhausted':
      writes.append({ ...where, kind: 'escalation.exhausted', data: { levels: state.policy.levels.length, passes: state.policy.repeat + 1, ...how.late } });
      return;
  }
}
