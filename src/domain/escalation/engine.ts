import type { Severity } from '../incident/severity';
import { formatLocalTime } from '../people/quiet-hours';
import type { QuietHours } from '../people/quiet-hours';
import { isInQuietHours, quietHoursInstants } from '../schedule/quiet-instants';
import { DAY_MS, MINUTE_MS } from '../time/instant';
import type { EpochMs } from '../time/instant';
import { maskAddress } from './mask';
import type {
  Channel,
  ContactChannel,
  Directory,
  EscalationEffect,
  EscalationEvent,
  EscalationRecord,
  EscalationState,
  PagingPerson,
  PagingRule,
  SkipReason,
  StepResult,
  Timer,
} from './model';
import { urgencyOf } from './policy';
import type { EscalationPolicy, EscalationTarget } from './policy';

/** Where an escalation stands: the attempt (`round`), the run of the policy (`pass`) and the level. */
export type EscalationPosition = { round: number; pass: number; levelIndex: number };

type EscalatedReason = Extract<EscalationRecord, { kind: 'escalated' }>['reason'];
type SkippedRecord = Extract<EscalationRecord, { kind: 'skipped' }>;

/**
 * The unique key of one notification: `page:{incident}:{round}.{pass}.{level}:{person}:{rule or in-app}`.
 * The same (incident, level, attempt, person, rule) always gives the same key, and the server's
 * unique index on it is what makes a page go out at most once across restarts.
 */
export function notifyKey(incidentId: string, at: EscalationPosition, userId: string, ruleId: string | null): string {
  return `page:${incidentId}:${at.round}.${at.pass}.${at.levelIndex}:${userId}:${ruleId ?? 'in-app'}`;
}

/** The unique key of a pending timer: one per (incident, timer), whatever step scheduled it. */
export function timerKey(incidentId: string, timer: Timer): string {
  switch (timer.kind) {
    case 'level':
      return `timer:${incidentId}:${timer.round}.${timer.pass}.${timer.levelIndex}:level`;
    case 'rule':
      return `timer:${incidentId}:${timer.round}.${timer.pass}.${timer.levelIndex}:rule:${timer.userId}:${timer.ruleId}`;
    case 'deferred':
      return `timer:${incidentId}:${timer.round}.${timer.pass}.${timer.levelIndex}:deferred:${timer.userId}`;
    case 'ack-timeout':
      return `timer:${incidentId}:${timer.round}:ack-timeout`;
  }
}

/** How a channel is named in the records' sentences. */
export const CHANNEL_NAMES: Readonly<Record<ContactChannel, string>> = { email: 'E-mail', sms: 'SMS', voice: 'Voice', webhook: 'Webhook' };

/** "02:00–07:00 America/Los_Angeles": the words a quiet-hours record needs. */
export function quietHoursText(quiet: QuietHours, zone: string): string {
  return `${formatLocalTime(quiet.start)}–${formatLocalTime(quiet.end)} ${zone}`;
}

/** The end of the quiet period that `at` lies in (the person is paged from then on). */
function quietPeriodEnd(quiet: QuietHours, zone: string, at: EpochMs): EpochMs {
  // A quiet period lasts under a day of wall-clock time (25 real hours at most), so two days either side hold it whole.
  const spans = quietHoursInstants(quiet, zone, { start: (at - 2 * DAY_MS) as EpochMs, end: (at + 2 * DAY_MS) as EpochMs });
  const current = spans.find((span) => at >= span.start && at < span.end);
  return current ? current.end : at;
}

/**
 * The next place the escalation goes from `state`: the next level, the first level of the next pass
 * while repeats remain, or — after the last level of the last pass — `exhausted`, written as the
 * one-past-the-end level of the same pass so that its timer has a position like every other.
 */
function successorOf(state: EscalationState): EscalationPosition & { exhausted: boolean } {
  const { policy, round, pass, levelIndex } = state;
  if (levelIndex < policy.levels.length - 1) return { round, pass, levelIndex: levelIndex + 1, exhausted: false };
  if (pass < policy.repeat) return { round, pass: pass + 1, levelIndex: 0, exhausted: false };
  return { round, pass, levelIndex: policy.levels.length, exhausted: true };
}

/** One step being worked out: the state as it changes and the effects in the order they were decided. */
type Run = { state: EscalationState; directory: Directory; effects: EscalationEffect[] };

function positionOf(state: EscalationState, levelIndex = state.levelIndex): EscalationPosition {
  return { round: state.round, pass: state.pass, levelIndex };
}

function record(run: Run, entry: EscalationRecord): void {
  run.effects.push({ type: 'record', record: entry });
}

function skipped(levelIndex: number, userId: string | null, scheduleId: string | null, reason: SkipReason, detail: string, until: EpochMs | null = null): SkippedRecord {
  return { kind: 'skipped', levelIndex, userId, scheduleId, reason, detail, until };
}

function schedule(run: Run, at: EpochMs, timer: Timer): void {
  run.effects.push({ type: 'schedule', at, timer, key: timerKey(run.state.incidentId, timer) });
}

function notify(run: Run, at: EscalationPosition, userId: string, send: { channel: Channel; contactMethodId: string | null; address: string | null; ruleId: string | null }): void {
  run.effects.push({
    type: 'notify',
    key: notifyKey(run.state.incidentId, at, userId, send.ruleId),
    userId,
    channel: send.channel,
    contactMethodId: send.contactMethodId,
    address: send.address,
    levelIndex: at.levelIndex,
    round: at.round,
    pass: at.pass,
    ruleId: send.ruleId,
    urgency: run.state.urgency,
  });
}

/**
 * Why a rule cannot be sent right now (its contact method is gone or unverified, or its channel is
 * not configured on this server), as the record that says so; undefined when it can.
 */
function ruleProblem(run: Run, person: PagingPerson, rule: PagingRule, levelIndex: number, scheduleId: string | null): SkippedRecord | undefined {
  const contact = person.contacts.find((c) => c.id === rule.contactMethodId);
  if (!contact) return skipped(levelIndex, person.id, scheduleId, 'unverified-contact', 'a notification rule names a contact method that no longer exists');
  if (!contact.verified) return skipped(levelIndex, person.id, scheduleId, 'unverified-contact', `${CHANNEL_NAMES[contact.kind]} ${maskAddress(contact.kind, contact.address)} is not verified`);
  if (!run.directory.channelConfigured(contact.kind)) return skipped(levelIndex, person.id, scheduleId, 'channel-not-configured', `${CHANNEL_NAMES[contact.kind]} is not configured on this server`);
  return undefined;
}

function sendRule(run: Run, at: EscalationPosition, person: PagingPerson, rule: PagingRule, scheduleId: string | null): void {
  const problem = ruleProblem(run, person, rule, at.levelIndex, scheduleId);
  if (problem) return record(run, problem);
  const contact = person.contacts.find((c) => c.id === rule.contactMethodId)!;
  notify(run, at, person.id, { channel: contact.kind, contactMethodId: contact.id, address: contact.address, ruleId: rule.id });
}

/**
 * Pages a person from instant `t`: in-app at once (it needs no configuration, so someone always
 * rings), then each of their rules for the urgency in order of delay — at once for delay 0, by a
 * `rule` timer for later ones. Rules that cannot be sent are recorded, never dropped in silence.
 */
function pagePerson(run: Run, at: EscalationPosition, person: PagingPerson, t: EpochMs, scheduleId: string | null): void {
  notify(run, at, person.id, { channel: 'in-app', contactMethodId: null, address: null, ruleId: null });
  const rules = person.rules.filter((rule) => rule.urgency === run.state.urgency).sort((a, b) => a.delayMinutes - b.delayMinutes);
  if (rules.length === 0) {
    record(run, skipped(at.levelIndex, person.id, scheduleId, 'no-rules-for-urgency', `no notification rules for ${run.state.urgency} urgency, paged in the app only`));
    return;
  }
  for (const rule of rules) {
    if (rule.delayMinutes <= 0) {
      sendRule(run, at, person, rule, scheduleId);
      continue;
    }
    // Checked now as well as when due: the timeline says at once that a later step cannot reach them.
    const problem = ruleProblem(run, person, rule, at.levelIndex, scheduleId);
    if (problem) record(run, problem);
    else schedule(run, (t + rule.delayMinutes * MINUTE_MS) as EpochMs, { kind: 'rule', ...at, userId: person.id, ruleId: rule.id });
  }
}

type Reached = 'notified' | 'deferred' | 'skipped';

/** Quiet hours, then paging, for one person of a level starting at `t`. */
function reachPerson(run: Run, at: EscalationPosition, person: PagingPerson, t: EpochMs, scheduleId: string | null): Reached {
  const { state } = run;
  if (!person.canAcknowledge) {
    record(run, skipped(at.levelIndex, person.id, scheduleId, 'cannot-acknowledge', 'a viewer cannot acknowledge, so is never paged'));
    return 'skipped';
  }
  const quiet = person.quietHours;
  if (quiet && isInQuietHours(quiet, person.zone, t)) {
    const detail = `in quiet hours ${quietHoursText(quiet, person.zone)}`;
    const isLastLevel = at.levelIndex === state.policy.levels.length - 1;
    if (state.severity === 'P1' && person.p1BreaksQuietHours) {
      record(run, { kind: 'quiet-hours-overridden', levelIndex: at.levelIndex, userId: person.id, why: 'p1-allowed' });
    } else if (state.urgency === 'low') {
      if (state.policy.lowUrgency === 'waking-hours') {
        const until = quietPeriodEnd(quiet, person.zone, t);
        record(run, skipped(at.levelIndex, person.id, scheduleId, 'low-urgency-deferred', `${detail}, low urgency waits for them to end`, until));
        schedule(run, until, { kind: 'deferred', ...at, userId: person.id });
        return 'deferred';
      }
    } else if (isLastLevel) {
      record(run, { kind: 'quiet-hours-overridden', levelIndex: at.levelIndex, userId: person.id, why: 'last-level' });
    } else {
      record(run, skipped(at.levelIndex, person.id, scheduleId, 'quiet-hours', detail));
      return 'skipped';
    }
  }
  pagePerson(run, at, person, t, scheduleId);
  return 'notified';
}

type Resolved = { userId: string; person: PagingPerson | undefined; scheduleId: string | null } | { skip: SkippedRecord };

function resolveTarget(directory: Directory, target: EscalationTarget, levelIndex: number, t: EpochMs): Resolved {
  if (target.type === 'user') return { userId: target.userId, person: directory.person(target.userId), scheduleId: null };
  const answer = directory.onCall(target.scheduleId, target.role, t);
  if (!answer.exists) return { skip: skipped(levelIndex, null, target.scheduleId, 'schedule-missing', `the schedule ${target.scheduleId} no longer exists`) };
  if (answer.userId === null) return { skip: skipped(levelIndex, null, target.scheduleId, 'nobody-on-call', `nobody on call in ${answer.scheduleName} (${target.role})`) };
  return { userId: answer.userId, person: directory.person(answer.userId), scheduleId: target.scheduleId };
}

/** Pages every target of the state's level at `t`; counts who was notified and who was deferred. */
function pageLevel(run: Run, t: EpochMs): { notified: number; deferred: number } {
  const at = positionOf(run.state);
  const level = run.state.policy.levels[at.levelIndex]!;
  const seen = new Set<string>();
  let notified = 0;
  let deferred = 0;
  for (const target of level.targets) {
    const resolved = resolveTarget(run.directory, target, at.levelIndex, t);
    if ('skip' in resolved) {
      record(run, resolved.skip);
      continue;
    }
    // A person named twice in a level (directly and through a schedule) is paged once.
    if (seen.has(resolved.userId)) continue;
    seen.add(resolved.userId);
    if (!resolved.person) {
      record(run, skipped(at.levelIndex, resolved.userId, resolved.scheduleId, 'unknown-person', `the person ${resolved.userId} is not known`));
      continue;
    }
    const reached = reachPerson(run, at, resolved.person, t, resolved.scheduleId);
    if (reached === 'notified') notified++;
    if (reached === 'deferred') deferred++;
  }
  return { notified, deferred };
}

function exhaust(run: Run): void {
  run.state = { ...run.state, status: 'exhausted' };
  record(run, { kind: 'exhausted', round: run.state.round });
}

/**
 * Starts level `target` at `t`, and goes on from there: when nobody at a level could be notified
 * (and nobody waits for a deferred page), the next level starts at the same instant; otherwise a
 * `level` timer is set for when this level's delay runs out. The last level with nobody reachable
 * ends the escalation at once unless a repeat remains (which then waits for the delay as usual,
 * so that someone may have come on call).
 */
function enterLevel(run: Run, target: EscalationPosition, reason: EscalatedReason, t: EpochMs): void {
  let position: EscalationPosition = { round: target.round, pass: target.pass, levelIndex: target.levelIndex };
  let why = reason;
  for (;;) {
    run.state = { ...run.state, status: 'escalating', ...position, levelStartedAt: t };
    record(run, { kind: 'escalated', ...position, reason: why });
    const { notified, deferred } = pageLevel(run, t);
    const next = successorOf(run.state);
    if (notified + deferred === 0) {
      const isLastLevel = position.levelIndex === run.state.policy.levels.length - 1;
      if (!isLastLevel) {
        position = { ...position, levelIndex: position.levelIndex + 1 };
        why = 'everyone-skipped';
        continue;
      }
      if (next.exhausted) return exhaust(run);
    }
    const level = run.state.policy.levels[position.levelIndex]!;
    schedule(run, (t + level.escalateAfterMinutes * MINUTE_MS) as EpochMs, { kind: 'level', round: next.round, pass: next.pass, levelIndex: next.levelIndex });
    return;
  }
}

/**
 * Starts escalating a new incident at `now`: round 0, pass 0, level 0, recorded as `triggered`, and
 * level 0 is paged at once. The policy is copied into the state, so a later edit of the policy
 * changes later incidents only. A policy without levels (which `policyProblems` refuses) is
 * exhausted at once rather than paging nobody in silence.
 */
export function startEscalation(input: { incidentId: string; severity: Severity; policy: EscalationPolicy; directory: Directory }, now: EpochMs): StepResult {
  const { incidentId, severity, policy, directory } = input;
  const state: EscalationState = { incidentId, severity, urgency: urgencyOf(policy, severity), policy, status: 'escalating', round: 0, pass: 0, levelIndex: 0, levelStartedAt: now };
  const run: Run = { state, directory, effects: [] };
  if (policy.levels.length === 0) exhaust(run);
  else enterLevel(run, { round: 0, pass: 0, levelIndex: 0 }, 'triggered', now);
  return { state: run.state, effects: run.effects };
}

/** Whether a timer still belongs to the escalation as it stands; a stale one does nothing. */
function isCurrent(state: EscalationState, timer: Timer): boolean {
  if (timer.round !== state.round) return false;
  switch (timer.kind) {
    case 'ack-timeout':
      return state.status === 'acknowledged';
    case 'level': {
      const next = successorOf(state);
      return state.status === 'escalating' && timer.pass === next.pass && timer.levelIndex === next.levelIndex;
    }
    case 'rule':
      return state.status === 'escalating' && timer.pass === state.pass && timer.levelIndex === state.levelIndex;
    case 'deferred':
      // A deferred page was promised on the timeline ("paged at 07:00"): it is kept although the
      // levels moved on meanwhile, and even after they ran out, until someone acknowledges.
      return (state.status === 'escalating' || state.status === 'exhausted') && timer.pass === state.pass;
  }
}

function onTimer(run: Run, timer: Timer, now: EpochMs): void {
  const { state, directory } = run;
  if (!isCurrent(state, timer)) return;
  switch (timer.kind) {
    case 'level': {
      if (timer.levelIndex >= state.policy.levels.length) return exhaust(run);
      return enterLevel(run, timer, timer.pass === state.pass ? 'timeout' : 'repeat', now);
    }
    case 'ack-timeout':
      return enterLevel(run, { round: state.round + 1, pass: 0, levelIndex: 0 }, 'ack-timeout', now);
    case 'rule': {
      const at = positionOf(state, timer.levelIndex);
      const person = directory.person(timer.userId);
      if (!person) return record(run, skipped(at.levelIndex, timer.userId, null, 'unknown-person', `the person ${timer.userId} is not known`));
      if (!person.canAcknowledge) return record(run, skipped(at.levelIndex, person.id, null, 'cannot-acknowledge', 'a viewer cannot acknowledge, so is never paged'));
      // A rule the person deleted since is their choice, not a failure: nothing to send or record.
      const rule = person.rules.find((r) => r.id === timer.ruleId);
      if (rule) sendRule(run, at, person, rule, null);
      return;
    }
    case 'deferred': {
      const at = positionOf(state, timer.levelIndex);
      const person = directory.person(timer.userId);
      if (!person) return record(run, skipped(at.levelIndex, timer.userId, null, 'unknown-person', `the person ${timer.userId} is not known`));
      if (!person.canAcknowledge) return record(run, skipped(at.levelIndex, person.id, null, 'cannot-acknowledge', 'a viewer cannot acknowledge, so is never paged'));
      // Not checked against quiet hours again: the page was deferred to exactly this instant.
      return pagePerson(run, at, person, now, null);
    }
  }
}

/**
 * One step of an escalation: the state after `event` at `now`, and the effects to perform in the
 * same transaction (records, notifications, timers to store or cancel). Pure: everything it knows
 * about people, schedules and channels it asks `directory` at `now`.
 *
 * - `timer`: a stale timer (its round, pass or level no longer match, or the escalation was
 *   acknowledged or resolved) does nothing. `level` starts the next level (`timeout`) or the next
 *   pass (`repeat`), or records `exhausted` when the last level's delay ran out on the last pass;
 *   `rule` sends that rule if its contact method is still verified and its channel configured;
 *   `deferred` pages a person whose quiet hours just ended; `ack-timeout` starts a new round at level 0.
 * - `acknowledged`: cancels every pending timer and, with an acknowledgement timeout, sets one.
 * - `resolved`: cancels every pending timer.
 * - `escalate-now`: starts the next level (or pass) at once, also of an acknowledged escalation
 *   (which escalates again until the next acknowledgement); nothing when none remains.
 * Acknowledging or resolving twice does nothing. Nothing is ever notified before its instant.
 */
export function step(state: EscalationState, event: EscalationEvent, now: EpochMs, directory: Directory): StepResult {
  const run: Run = { state, directory, effects: [] };
  switch (event.type) {
    case 'timer':
      onTimer(run, event.timer, now);
      break;
    case 'acknowledged': {
      if (state.status === 'acknowledged' || state.status === 'resolved') break;
      run.state = { ...state, status: 'acknowledged' };
      run.effects.push({ type: 'cancel-timers' });
      const minutes = state.policy.ackTimeoutMinutes;
      if (minutes !== null) schedule(run, (now + minutes * MINUTE_MS) as EpochMs, { kind: 'ack-timeout', round: state.round });
      break;
    }
    case 'resolved':
      if (state.status === 'resolved') break;
      run.state = { ...state, status: 'resolved' };
      run.effects.push({ type: 'cancel-timers' });
      break;
    case 'escalate-now': {
      if (state.status !== 'escalating' && state.status !== 'acknowledged') break;
      const next = successorOf(state);
      if (next.exhausted) break;
      // An acknowledged incident escalated by hand pages the next level as PagerDuty does: the
      // acknowledgement's pending timeout goes, and the next acknowledgement stops it again.
      if (state.status === 'acknowledged') run.effects.push({ type: 'cancel-timers' });
      enterLevel(run, next, 'manual', now);
      break;
    }
  }
  return { state: run.state, effects: run.effects };
}
