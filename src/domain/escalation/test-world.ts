import { parseLocalTime } from '../people/quiet-hours';
import type { QuietHours } from '../people/quiet-hours';
import type { Schedule } from '../schedule/schedule';
import type { EpochMs } from '../time/instant';
import { directoryFrom, directorySchedule } from './directory';
import type { DirectorySchedule } from './directory';
import { startEscalation, step } from './engine';
import type { ContactChannel, Directory, EscalationEffect, EscalationEvent, EscalationState, PagingPerson, Timer } from './model';
import { DEFAULT_URGENCY_BY_SEVERITY } from './policy';
import type { EscalationPolicy, EscalationTarget } from './policy';
import type { Severity } from '../incident/severity';

/**
 * The small world the escalation tests page: the payments team of the guide on a real schedule
 * (weekly, Monday 09:00 America/Los_Angeles, Alice and Bob taking turns, the backup lane one shift
 * behind), Maria their manager, and helpers that drive the engine on a fake clock. Test support only.
 */

export const Z = (iso: string) => Date.parse(iso) as EpochMs;
export const MIN = 60_000;
export const plus = (at: EpochMs, minutes: number) => (at + minutes * MIN) as EpochMs;
export const quiet = (start: string, end: string): QuietHours => ({ start: parseLocalTime(start)!, end: parseLocalTime(end)! });

/** A person who can be paged by SMS (at 0) and voice (at 1) for high urgency and by e-mail for low. */
export function person(id: string, name: string, more: Partial<PagingPerson> = {}): PagingPerson {
  return {
    id,
    name,
    zone: 'UTC',
    quietHours: null,
    p1BreaksQuietHours: false,
    canAcknowledge: true,
    contacts: [
      { id: `${id}-sms`, kind: 'sms', address: '+15550100123', verified: true },
      { id: `${id}-voice`, kind: 'voice', address: '+15550100123', verified: true },
      { id: `${id}-email`, kind: 'email', address: `${id}@example.com`, verified: true },
    ],
    rules: [
      { id: `${id}-voice-1`, urgency: 'high', contactMethodId: `${id}-voice`, delayMinutes: 1 },
      { id: `${id}-sms-0`, urgency: 'high', contactMethodId: `${id}-sms`, delayMinutes: 0 },
      { id: `${id}-email-0`, urgency: 'low', contactMethodId: `${id}-email`, delayMinutes: 0 },
    ],
    ...more,
  };
}

export const paymentsSchedule: Schedule = {
  zone: 'America/Los_Angeles',
  layers: [{ id: 'weekly', participants: ['alice', 'bob'], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-01-05' }],
  overrides: [],
};

/** 04:00 in Los Angeles during a week Alice is primary and Bob backup: winter (PST) and summer (PDT). */
export const JANUARY_4AM_LA = Z('2026-01-20T12:00:00Z');
export const JULY_4AM_LA = Z('2026-07-07T11:00:00Z');

export const primary: EscalationTarget = { type: 'schedule', scheduleId: 'payments', role: 'primary' };
export const backup: EscalationTarget = { type: 'schedule', scheduleId: 'payments', role: 'backup' };
export const manager: EscalationTarget = { type: 'user', userId: 'maria' };

/** The guide's policy: primary, then the backup after 5 minutes, then the manager after 10. */
export function guidePolicy(more: Partial<EscalationPolicy> = {}): EscalationPolicy {
  return {
    levels: [
      { id: 'l1', escalateAfterMinutes: 5, targets: [primary] },
      { id: 'l2', escalateAfterMinutes: 5, targets: [backup] },
      { id: 'l3', escalateAfterMinutes: 10, targets: [manager] },
    ],
    repeat: 0,
    ackTimeoutMinutes: null,
    urgencyBySeverity: DEFAULT_URGENCY_BY_SEVERITY,
    lowUrgency: 'waking-hours',
    ...more,
  };
}

export type WorldOptions = {
  people?: Partial<Record<'alice' | 'bob' | 'maria', Partial<PagingPerson>>>;
  extraPeople?: readonly PagingPerson[];
  schedules?: Readonly<Record<string, DirectorySchedule>>;
  configuredChannels?: readonly ContactChannel[];
};

export function world(options: WorldOptions = {}): Directory {
  const people = [
    person('alice', 'Alice Chen', { zone: 'America/Los_Angeles', ...options.people?.alice }),
    person('bob', 'Bob Okafor', { zone: 'Europe/Berlin', ...options.people?.bob }),
    person('maria', 'Maria Rossi', { zone: 'Europe/London', ...options.people?.maria }),
    ...(options.extraPeople ?? []),
  ];
  return directoryFrom({
    people,
    schedules: options.schedules ?? { payments: directorySchedule('Payments', paymentsSchedule, 1) },
    configuredChannels: options.configuredChannels ?? ['sms', 'voice', 'email', 'webhook'],
  });
}

export type Logged = { at: EpochMs; effect: EscalationEffect };

/**
 * Drives an escalation on a fake clock as the server's runner would: starts it at `from`, then
 * fires stored timers in due order (ties in the order they were scheduled) and feeds `inputs`
 * (acknowledgements, resolutions, "escalate now") at their instants — an input before a timer due
 * at the same instant. `cancel-timers` deletes every stored timer. Stops after `until`.
 */
export function drive(options: {
  directory: Directory;
  policy: EscalationPolicy;
  severity?: Severity;
  from: EpochMs;
  until: EpochMs;
  inputs?: ReadonlyArray<{ at: EpochMs; event: EscalationEvent }>;
}): { log: Logged[]; state: EscalationState } {
  const { directory, until } = options;
  const log: Logged[] = [];
  let pending: Array<{ at: EpochMs; order: number; timer: Timer }> = [];
  let order = 0;
  const inputs = [...(options.inputs ?? [])].sort((a, b) => a.at - b.at);
  const take = (effects: EscalationEffect[], at: EpochMs) => {
    for (const effect of effects) {
      log.push({ at, effect });
      if (effect.type === 'schedule') pending.push({ at: effect.at, order: order++, timer: effect.timer });
      if (effect.type === 'cancel-timers') pending = [];
    }
  };
  const first = startEscalation({ incidentId: 'inc-1', severity: options.severity ?? 'P1', policy: options.policy, directory }, options.from);
  let state = first.state;
  take(first.effects, options.from);
  for (;;) {
    pending.sort((a, b) => a.at - b.at || a.order - b.order);
    const timer = pending[0];
    const input = inputs[0];
    if (input && (!timer || input.at <= timer.at)) {
      if (input.at > until) break;
      inputs.shift();
      const result = step(state, input.event, input.at, directory);
      state = result.state;
      take(result.effects, input.at);
      continue;
    }
    if (!timer || timer.at > until) break;
    pending.shift();
    const result = step(state, { type: 'timer', timer: timer.timer }, timer.at, directory);
    state = result.state;
    take(result.effects, timer.at);
  }
  return { log, state };
}

/** "+5 bob sms": a notification as a line of the scenario tables, minutes after `from`. */
export function pagesOf(log: readonly Logged[], from: EpochMs): string[] {
  return log.flatMap(({ at, effect }) => (effect.type === 'notify' ? [`+${(at - from) / MIN} ${effect.userId} ${effect.channel}`] : []));
}

/** "+0 skipped alice quiet-hours" / "+5 escalated 1 timeout": the records of a run as lines (level 0-based). */
export function recordsOf(log: readonly Logged[], from: EpochMs): string[] {
  return log.flatMap(({ at, effect }) => {
    if (effect.type !== 'record') return [];
    const r = effect.record;
    const when = `+${(at - from) / MIN}`;
    switch (r.kind) {
      case 'escalated':
        return [`${when} escalated ${r.round}.${r.pass}.${r.levelIndex} ${r.reason}`];
      case 'skipped':
        return [`${when} skipped ${r.userId ?? r.scheduleId} ${r.reason}`];
      case 'quiet-hours-overridden':
        return [`${when} overridden ${r.userId} ${r.why}`];
      case 'exhausted':
        return [`${when} exhausted ${r.round}`];
    }
  });
}
