import { describe, expect, it } from 'vitest';
import type { Severity } from '../incident/severity';
import { backupSchedule } from '../schedule/backup';
import { onCallAt } from '../schedule/resolve';
import type { EpochMs } from '../time/instant';
import { directorySchedule } from './directory';
import { notifyKey, startEscalation, step, timerKey } from './engine';
import type { EscalationEffect, EscalationRecord } from './model';
import type { EscalationPolicy } from './policy';
import {
  JANUARY_4AM_LA,
  JULY_4AM_LA,
  MIN,
  Z,
  backup,
  drive,
  guidePolicy,
  manager,
  pagesOf,
  paymentsSchedule,
  person,
  plus,
  primary,
  quiet,
  recordsOf,
  world,
} from './test-world';
import type { Logged } from './test-world';

const LA = 'America/Los_Angeles';
const ALICE_QUIET = { alice: { quietHours: quiet('02:00', '07:00') } };
const T = Z('2026-03-18T17:00:00Z');

const notifies = (effects: readonly EscalationEffect[]) => effects.filter((e): e is Extract<EscalationEffect, { type: 'notify' }> => e.type === 'notify');
const records = (effects: readonly EscalationEffect[]) => effects.flatMap((e) => (e.type === 'record' ? [e.record] : []));
const skips = (log: readonly Logged[]) => log.flatMap(({ effect }) => (effect.type === 'record' && effect.record.kind === 'skipped' ? [effect.record] : []));

/** Every effect at its own instant or later: notifications and records at `now`, timers strictly later. */
function expectNeverEarly(log: readonly Logged[]) {
  for (const { at, effect } of log) if (effect.type === 'schedule') expect(effect.at).toBeGreaterThan(at);
}

describe('the guide’s example, to the second', () => {
  it('SMS and in-app to the primary at once, voice at +1 min, the backup at +5, the manager at +10', () => {
    const { log } = drive({ directory: world(), policy: guidePolicy(), from: T, until: plus(T, 60) });
    expect(pagesOf(log, T)).toEqual([
      '+0 alice in-app',
      '+0 alice sms',
      '+1 alice voice',
      '+5 bob in-app',
      '+5 bob sms',
      '+6 bob voice',
      '+10 maria in-app',
      '+10 maria sms',
      '+11 maria voice',
    ]);
    expect(recordsOf(log, T)).toEqual(['+0 escalated 0.0.0 triggered', '+5 escalated 0.0.1 timeout', '+10 escalated 0.0.2 timeout', '+20 exhausted 0']);
    expectNeverEarly(log);
  });

  it('pages nobody after an acknowledgement at +7 min, and the timers already stored do nothing when they fire', () => {
    const { log, state } = drive({ directory: world(), policy: guidePolicy(), from: T, until: plus(T, 60), inputs: [{ at: plus(T, 7), event: { type: 'acknowledged', by: 'bob', how: 'web' } }] });
    expect(pagesOf(log, T)).toEqual(['+0 alice in-app', '+0 alice sms', '+1 alice voice', '+5 bob in-app', '+5 bob sms', '+6 bob voice']);
    expect(log.filter((l) => l.at === plus(T, 7)).map((l) => l.effect)).toEqual([{ type: 'cancel-timers' }]);
    expect(state.status).toBe('acknowledged');
    // A runner that lost the cancellation still pages nobody: the manager's level timer is stale.
    expect(step(state, { type: 'timer', timer: { kind: 'level', round: 0, pass: 0, levelIndex: 2 } }, plus(T, 10), world()).effects).toEqual([]);
  });

  it('starts with the state at round 0, pass 0, level 0 and the trigger recorded first', () => {
    const { state, effects } = startEscalation({ incidentId: 'inc-1', severity: 'P2', policy: guidePolicy(), directory: world() }, T);
    expect(state).toMatchObject({ incidentId: 'inc-1', severity: 'P2', urgency: 'high', status: 'escalating', round: 0, pass: 0, levelIndex: 0, levelStartedAt: T });
    expect(effects[0]).toEqual({ type: 'record', record: { kind: 'escalated', round: 0, pass: 0, levelIndex: 0, reason: 'triggered' } });
    expect(notifies(effects)[1]).toEqual({
      type: 'notify',
      key: 'page:inc-1:0.0.0:alice:alice-sms-0',
      userId: 'alice',
      channel: 'sms',
      contactMethodId: 'alice-sms',
      address: '+15550100123',
      levelIndex: 0,
      round: 0,
      pass: 0,
      ruleId: 'alice-sms-0',
      urgency: 'high',
    });
    expect(effects.filter((e) => e.type === 'schedule')).toEqual([
      { type: 'schedule', at: plus(T, 1), timer: { kind: 'rule', round: 0, pass: 0, levelIndex: 0, userId: 'alice', ruleId: 'alice-voice-1' }, key: 'timer:inc-1:0.0.0:rule:alice:alice-voice-1' },
      { type: 'schedule', at: plus(T, 5), timer: { kind: 'level', round: 0, pass: 0, levelIndex: 1 }, key: 'timer:inc-1:0.0.1:level' },
    ]);
  });
});

describe('quiet hours skip to the backup', () => {
  it.each([
    ['January (PST, UTC−8)', JANUARY_4AM_LA, '2026-01-20T12:00:00.000Z'],
    ['July (PDT, UTC−7)', JULY_4AM_LA, '2026-07-07T11:00:00.000Z'],
  ])('Alice in her quiet hours at 04:00 her time in %s: the backup is paged at the same instant, and the record says why', (_, at, iso) => {
    expect(new Date(at).toISOString()).toBe(iso);
    expect(onCallAt(paymentsSchedule, at)).toBe('alice');
    expect(onCallAt(backupSchedule(paymentsSchedule), at)).toBe('bob');
    const { log } = drive({ directory: world({ people: ALICE_QUIET }), policy: guidePolicy(), from: at, until: plus(at, 4) });
    expect(recordsOf(log, at)).toEqual(['+0 escalated 0.0.0 triggered', '+0 skipped alice quiet-hours', '+0 escalated 0.0.1 everyone-skipped']);
    expect(skips(log)[0]).toEqual({ kind: 'skipped', levelIndex: 0, userId: 'alice', scheduleId: 'payments', reason: 'quiet-hours', detail: 'in quiet hours 02:00–07:00 America/Los_Angeles', until: null });
    expect(pagesOf(log, at)).toEqual(['+0 bob in-app', '+0 bob sms', '+1 bob voice']);
  });

  it('pages Alice at 07:00 her time, the end of her quiet hours (half-open), and skips her a minute before', () => {
    const seven = Z('2026-01-20T15:00:00Z');
    expect(pagesOf(drive({ directory: world({ people: ALICE_QUIET }), policy: guidePolicy(), from: seven, until: seven }).log, seven)).toEqual(['+0 alice in-app', '+0 alice sms']);
    const before = plus(seven, -1);
    expect(pagesOf(drive({ directory: world({ people: ALICE_QUIET }), policy: guidePolicy(), from: before, until: before }).log, before)).toEqual(['+0 bob in-app', '+0 bob sms']);
  });

  it('with the primary and the backup both quiet and the backup the last level, pages the backup anyway', () => {
    const policy = guidePolicy({ levels: guidePolicy().levels.slice(0, 2) });
    const directory = world({ people: { ...ALICE_QUIET, bob: { zone: LA, quietHours: quiet('01:00', '08:00') } } });
    const { log } = drive({ directory, policy, from: JANUARY_4AM_LA, until: plus(JANUARY_4AM_LA, 2) });
    expect(recordsOf(log, JANUARY_4AM_LA)).toEqual(['+0 escalated 0.0.0 triggered', '+0 skipped alice quiet-hours', '+0 escalated 0.0.1 everyone-skipped', '+0 overridden bob last-level']);
    expect(pagesOf(log, JANUARY_4AM_LA)).toEqual(['+0 bob in-app', '+0 bob sms', '+1 bob voice']);
  });

  it('with every level of three quiet, skips two at once and pages the last', () => {
    const directory = world({ people: { ...ALICE_QUIET, bob: { zone: LA, quietHours: quiet('01:00', '08:00') }, maria: { zone: LA, quietHours: quiet('23:00', '06:00') } } });
    const { log } = drive({ directory, policy: guidePolicy(), from: JULY_4AM_LA, until: plus(JULY_4AM_LA, 2) });
    expect(recordsOf(log, JULY_4AM_LA)).toEqual([
      '+0 escalated 0.0.0 triggered',
      '+0 skipped alice quiet-hours',
      '+0 escalated 0.0.1 everyone-skipped',
      '+0 skipped bob quiet-hours',
      '+0 escalated 0.0.2 everyone-skipped',
      '+0 overridden maria last-level',
    ]);
    expect(pagesOf(log, JULY_4AM_LA)).toEqual(['+0 maria in-app', '+0 maria sms', '+1 maria voice']);
  });

  it('lets a P1 through to a person who allowed it, and not a P2', () => {
    const directory = world({ people: { alice: { quietHours: quiet('02:00', '07:00'), p1BreaksQuietHours: true } } });
    const p1 = drive({ directory, policy: guidePolicy(), severity: 'P1', from: JANUARY_4AM_LA, until: JANUARY_4AM_LA }).log;
    expect(recordsOf(p1, JANUARY_4AM_LA)).toEqual(['+0 escalated 0.0.0 triggered', '+0 overridden alice p1-allowed']);
    expect(pagesOf(p1, JANUARY_4AM_LA)).toEqual(['+0 alice in-app', '+0 alice sms']);
    const p2 = drive({ directory, policy: guidePolicy(), severity: 'P2', from: JANUARY_4AM_LA, until: JANUARY_4AM_LA }).log;
    expect(pagesOf(p2, JANUARY_4AM_LA)).toEqual(['+0 bob in-app', '+0 bob sms']);
  });
});

describe('low urgency waits for waking hours', () => {
  it.each([
    ['January', JANUARY_4AM_LA, Z('2026-01-20T15:00:00Z')],
    ['July', JULY_4AM_LA, Z('2026-07-07T14:00:00Z')],
  ])('a P3 at 04:00 in %s defers Alice to 07:00 her time (the DST-true instant) and pages her then; the levels go on meanwhile', (_, at, sevenLocal) => {
    const { log } = drive({ directory: world({ people: ALICE_QUIET }), policy: guidePolicy(), severity: 'P3', from: at, until: plus(at, 6 * 60) });
    expect(skips(log)[0]).toEqual({
      kind: 'skipped',
      levelIndex: 0,
      userId: 'alice',
      scheduleId: 'payments',
      reason: 'low-urgency-deferred',
      detail: 'in quiet hours 02:00–07:00 America/Los_Angeles, low urgency waits for them to end',
      until: sevenLocal,
    });
    expect(log.find((l) => l.effect.type === 'schedule' && l.effect.timer.kind === 'deferred')?.effect).toEqual({
      type: 'schedule',
      at: sevenLocal,
      timer: { kind: 'deferred', round: 0, pass: 0, levelIndex: 0, userId: 'alice' },
      key: 'timer:inc-1:0.0.0:deferred:alice',
    });
    // Nobody acknowledged: Bob (awake in Berlin) after 5 min, Maria after 10, then the levels run out — and Alice is still paged at 07:00.
    expect(pagesOf(log, at)).toEqual(['+5 bob in-app', '+5 bob email', '+10 maria in-app', '+10 maria email', `+${(sevenLocal - at) / MIN} alice in-app`, `+${(sevenLocal - at) / MIN} alice email`]);
    expect(recordsOf(log, at)).toContain('+20 exhausted 0');
  });

  it('a deferred page is dropped once someone acknowledged', () => {
    const { log } = drive({ directory: world({ people: ALICE_QUIET }), policy: guidePolicy(), severity: 'P4', from: JANUARY_4AM_LA, until: plus(JANUARY_4AM_LA, 6 * 60), inputs: [{ at: plus(JANUARY_4AM_LA, 6), event: { type: 'acknowledged', by: 'bob', how: 'sms' } }] });
    expect(pagesOf(log, JANUARY_4AM_LA)).toEqual(['+5 bob in-app', '+5 bob email']);
  });

  it("'any-time' pages a quiet person at once for low urgency", () => {
    const { log } = drive({ directory: world({ people: ALICE_QUIET }), policy: guidePolicy({ lowUrgency: 'any-time' }), severity: 'P3', from: JANUARY_4AM_LA, until: JANUARY_4AM_LA });
    expect(pagesOf(log, JANUARY_4AM_LA)).toEqual(['+0 alice in-app', '+0 alice email']);
    expect(skips(log)).toEqual([]);
  });
});

describe('repeats and exhaustion', () => {
  it('runs the policy again while repeats remain, then records exhausted when the last level’s delay runs out', () => {
    const { log, state } = drive({ directory: world(), policy: guidePolicy({ repeat: 1 }), from: T, until: plus(T, 120) });
    expect(recordsOf(log, T)).toEqual([
      '+0 escalated 0.0.0 triggered',
      '+5 escalated 0.0.1 timeout',
      '+10 escalated 0.0.2 timeout',
      '+20 escalated 0.1.0 repeat',
      '+25 escalated 0.1.1 timeout',
      '+30 escalated 0.1.2 timeout',
      '+40 exhausted 0',
    ]);
    expect(state.status).toBe('exhausted');
    expect(log.filter((l) => l.effect.type === 'notify' && l.effect.pass === 1).map((l) => (l.effect as { key: string }).key)[0]).toBe('page:inc-1:0.1.0:alice:in-app');
  });

  it('is exhausted at once when the last level has nobody to page and no repeat remains', () => {
    const policy = guidePolicy({ levels: [{ id: 'only', escalateAfterMinutes: 5, targets: [{ type: 'user', userId: 'ghost' }] }] });
    const { effects, state } = startEscalation({ incidentId: 'inc-1', severity: 'P1', policy, directory: world() }, T);
    expect(records(effects).map((r) => r.kind)).toEqual(['escalated', 'skipped', 'exhausted']);
    expect(effects.some((e) => e.type === 'schedule')).toBe(false);
    expect(state.status).toBe('exhausted');
  });

  it('with a repeat left, waits the last level’s delay before running the policy again', () => {
    const policy = guidePolicy({ repeat: 1, levels: [{ id: 'only', escalateAfterMinutes: 5, targets: [{ type: 'user', userId: 'ghost' }] }] });
    const { log } = drive({ directory: world(), policy, from: T, until: plus(T, 60) });
    expect(recordsOf(log, T)).toEqual(['+0 escalated 0.0.0 triggered', '+0 skipped ghost unknown-person', '+5 escalated 0.1.0 repeat', '+5 skipped ghost unknown-person', '+5 exhausted 0']);
  });
});

describe('acknowledgement timeout', () => {
  const policy = guidePolicy({ ackTimeoutMinutes: 30 });

  it('re-enters escalation at level 0 in a new round with new keys when an acknowledged incident is not resolved in time', () => {
    const { log, state } = drive({ directory: world(), policy, from: T, until: plus(T, 33), inputs: [{ at: plus(T, 2), event: { type: 'acknowledged', by: 'alice', how: 'link' } }] });
    expect(log.filter((l) => l.at === plus(T, 2)).map((l) => l.effect)).toEqual([
      { type: 'cancel-timers' },
      { type: 'schedule', at: plus(T, 32), timer: { kind: 'ack-timeout', round: 0 }, key: 'timer:inc-1:0:ack-timeout' },
    ]);
    expect(recordsOf(log, T)).toEqual(['+0 escalated 0.0.0 triggered', '+32 escalated 1.0.0 ack-timeout']);
    const pages = log.flatMap((l) => (l.effect.type === 'notify' ? [{ at: l.at, key: l.effect.key }] : []));
    expect(pages.filter((p) => p.at === plus(T, 32)).map((p) => p.key)).toEqual(['page:inc-1:1.0.0:alice:in-app', 'page:inc-1:1.0.0:alice:alice-sms-0']);
    expect(pages.filter((p) => p.at === T).map((p) => p.key)).toEqual(['page:inc-1:0.0.0:alice:in-app', 'page:inc-1:0.0.0:alice:alice-sms-0']);
    expect(state).toMatchObject({ status: 'escalating', round: 1, pass: 0, levelIndex: 0, levelStartedAt: plus(T, 32) });
  });

  it('does nothing when the incident was resolved before the timeout, or the timer is of an older round', () => {
    const { state } = drive({
      directory: world(),
      policy,
      from: T,
      until: plus(T, 60),
      inputs: [
        { at: plus(T, 2), event: { type: 'acknowledged', by: 'alice', how: 'web' } },
        { at: plus(T, 10), event: { type: 'resolved' } },
      ],
    });
    expect(state.status).toBe('resolved');
    expect(step(state, { type: 'timer', timer: { kind: 'ack-timeout', round: 0 } }, plus(T, 32), world()).effects).toEqual([]);
    const acknowledgedLater = { ...state, status: 'acknowledged' as const, round: 1 };
    expect(step(acknowledgedLater, { type: 'timer', timer: { kind: 'ack-timeout', round: 0 } }, plus(T, 32), world()).effects).toEqual([]);
  });
});

describe('stale timers and repeated events do nothing', () => {
  const start = () => startEscalation({ incidentId: 'inc-1', severity: 'P1', policy: guidePolicy(), directory: world() }, T);

  it('a level timer that already fired, a rule of a level that moved on, and any timer after resolve', () => {
    const { state } = start();
    const atLevel1 = step(state, { type: 'timer', timer: { kind: 'level', round: 0, pass: 0, levelIndex: 1 } }, plus(T, 5), world());
    expect(atLevel1.state.levelIndex).toBe(1);
    expect(step(atLevel1.state, { type: 'timer', timer: { kind: 'level', round: 0, pass: 0, levelIndex: 1 } }, plus(T, 5), world()).effects).toEqual([]);
    expect(step(atLevel1.state, { type: 'timer', timer: { kind: 'rule', round: 0, pass: 0, levelIndex: 0, userId: 'alice', ruleId: 'alice-voice-1' } }, plus(T, 6), world()).effects).toEqual([]);
    expect(step(atLevel1.state, { type: 'timer', timer: { kind: 'level', round: 0, pass: 1, levelIndex: 0 } }, plus(T, 6), world()).effects).toEqual([]);
    const resolved = step(atLevel1.state, { type: 'resolved' }, plus(T, 6), world());
    expect(resolved.effects).toEqual([{ type: 'cancel-timers' }]);
    expect(step(resolved.state, { type: 'timer', timer: { kind: 'level', round: 0, pass: 0, levelIndex: 2 } }, plus(T, 10), world()).effects).toEqual([]);
    expect(step(resolved.state, { type: 'timer', timer: { kind: 'rule', round: 0, pass: 0, levelIndex: 1, userId: 'bob', ruleId: 'bob-voice-1' } }, plus(T, 6), world()).effects).toEqual([]);
  });

  it('acknowledged twice, resolved twice, and acknowledged after resolve change nothing', () => {
    const acked = step(start().state, { type: 'acknowledged', by: 'alice', how: 'web' }, plus(T, 1), world());
    expect(acked.effects).toEqual([{ type: 'cancel-timers' }]);
    expect(step(acked.state, { type: 'acknowledged', by: 'bob', how: 'api' }, plus(T, 2), world())).toEqual({ state: acked.state, effects: [] });
    const resolved = step(acked.state, { type: 'resolved' }, plus(T, 3), world());
    expect(resolved.effects).toEqual([{ type: 'cancel-timers' }]);
    expect(step(resolved.state, { type: 'resolved' }, plus(T, 4), world())).toEqual({ state: resolved.state, effects: [] });
    expect(step(resolved.state, { type: 'acknowledged', by: 'bob', how: 'api' }, plus(T, 4), world()).effects).toEqual([]);
  });
});

describe('escalate now', () => {
  it('starts the next level at once, and the old level’s timer is then ignored', () => {
    const { log } = drive({ directory: world(), policy: guidePolicy(), from: T, until: plus(T, 13), inputs: [{ at: plus(T, 2), event: { type: 'escalate-now', by: 'maria' } }] });
    expect(recordsOf(log, T)).toEqual(['+0 escalated 0.0.0 triggered', '+2 escalated 0.0.1 manual', '+7 escalated 0.0.2 timeout']);
    expect(pagesOf(log, T)).toEqual(['+0 alice in-app', '+0 alice sms', '+1 alice voice', '+2 bob in-app', '+2 bob sms', '+3 bob voice', '+7 maria in-app', '+7 maria sms', '+8 maria voice']);
  });

  it('after the last level starts the next pass while repeats remain, and otherwise does nothing', () => {
    const atLast = (policy: EscalationPolicy) => {
      const { state } = startEscalation({ incidentId: 'inc-1', severity: 'P1', policy, directory: world() }, T);
      return { ...state, levelIndex: 2 };
    };
    const repeated = step(atLast(guidePolicy({ repeat: 1 })), { type: 'escalate-now', by: null }, plus(T, 3), world());
    expect(records(repeated.effects)[0]).toEqual({ kind: 'escalated', round: 0, pass: 1, levelIndex: 0, reason: 'manual' });
    const last = atLast(guidePolicy());
    expect(step(last, { type: 'escalate-now', by: null }, plus(T, 3), world())).toEqual({ state: last, effects: [] });
  });

  it('pages the next level of an acknowledged escalation, drops its acknowledgement timeout, and stops again at the next acknowledgement', () => {
    const started = startEscalation({ incidentId: 'inc-1', severity: 'P1', policy: guidePolicy({ ackTimeoutMinutes: 30 }), directory: world() }, T);
    const acked = step(started.state, { type: 'acknowledged', by: 'alice', how: 'web' }, plus(T, 1), world());
    const escalated = step(acked.state, { type: 'escalate-now', by: 'alice' }, plus(T, 3), world());
    expect(escalated.state).toMatchObject({ status: 'escalating', levelIndex: 1, round: 0 });
    expect(escalated.effects[0]).toEqual({ type: 'cancel-timers' });
    expect(records(escalated.effects)).toContainEqual({ kind: 'escalated', round: 0, pass: 0, levelIndex: 1, reason: 'manual' });
    expect(escalated.effects.some((effect) => effect.type === 'notify' && effect.userId === 'bob')).toBe(true);
    const ackedAgain = step(escalated.state, { type: 'acknowledged', by: 'bob', how: 'sms' }, plus(T, 4), world());
    expect(ackedAgain.state.status).toBe('acknowledged');
    expect(ackedAgain.effects[0]).toEqual({ type: 'cancel-timers' });
  });
});

describe('what cannot be sent is recorded, never silent', () => {
  it('an unverified number is never paged, an unconfigured channel is reported, and in-app still rings', () => {
    const directory = world({
      people: { alice: { contacts: [{ id: 'alice-sms', kind: 'sms', address: '+15550100123', verified: false }, { id: 'alice-voice', kind: 'voice', address: '+15550100123', verified: true }] } },
      configuredChannels: ['sms', 'email'],
    });
    const { effects } = startEscalation({ incidentId: 'inc-1', severity: 'P1', policy: guidePolicy(), directory }, T);
    expect(notifies(effects).map((n) => n.channel)).toEqual(['in-app']);
    expect(records(effects).filter((r) => r.kind === 'skipped')).toEqual([
      { kind: 'skipped', levelIndex: 0, userId: 'alice', scheduleId: 'payments', reason: 'unverified-contact', detail: 'SMS +1•••••0123 is not verified', until: null },
      { kind: 'skipped', levelIndex: 0, userId: 'alice', scheduleId: 'payments', reason: 'channel-not-configured', detail: 'Voice is not configured on this server', until: null },
    ]);
    expect(effects.filter((e) => e.type === 'schedule' && e.timer.kind === 'rule')).toEqual([]);
  });

  it('a delayed rule is checked again when due: a number unverified meanwhile is recorded, not paged', () => {
    const { state } = startEscalation({ incidentId: 'inc-1', severity: 'P1', policy: guidePolicy(), directory: world() }, T);
    const later = world({ people: { alice: { contacts: [{ id: 'alice-voice', kind: 'voice', address: '+15550100123', verified: false }] } } });
    const { effects } = step(state, { type: 'timer', timer: { kind: 'rule', round: 0, pass: 0, levelIndex: 0, userId: 'alice', ruleId: 'alice-voice-1' } }, plus(T, 1), later);
    expect(effects).toEqual([{ type: 'record', record: { kind: 'skipped', levelIndex: 0, userId: 'alice', scheduleId: null, reason: 'unverified-contact', detail: 'Voice +1•••••0123 is not verified', until: null } }]);
  });

  it('a person without rules for the urgency is paged in the app and the timeline says so', () => {
    const { effects } = startEscalation({ incidentId: 'inc-1', severity: 'P1', policy: guidePolicy(), directory: world({ people: { alice: { rules: [] } } }) }, T);
    expect(notifies(effects).map((n) => `${n.userId} ${n.channel}`)).toEqual(['alice in-app']);
    expect(records(effects)[1]).toMatchObject({ kind: 'skipped', userId: 'alice', reason: 'no-rules-for-urgency' });
    expect(effects.at(-1)).toMatchObject({ type: 'schedule', timer: { kind: 'level', levelIndex: 1 } });
  });

  it.each<[string, EscalationPolicy['levels'][number]['targets'], EscalationRecord]>([
    ['an unknown person', [{ type: 'user', userId: 'ghost' }], { kind: 'skipped', levelIndex: 0, userId: 'ghost', scheduleId: null, reason: 'unknown-person', detail: 'the person ghost is not known', until: null }],
    ['a viewer', [{ type: 'user', userId: 'victor' }], { kind: 'skipped', levelIndex: 0, userId: 'victor', scheduleId: null, reason: 'cannot-acknowledge', detail: 'a viewer cannot acknowledge, so is never paged', until: null }],
    ['a deleted schedule', [{ type: 'schedule', scheduleId: 'gone', role: 'primary' }], { kind: 'skipped', levelIndex: 0, userId: null, scheduleId: 'gone', reason: 'schedule-missing', detail: 'the schedule gone no longer exists', until: null }],
    ['a schedule with nobody on call', [{ type: 'schedule', scheduleId: 'later', role: 'primary' }], { kind: 'skipped', levelIndex: 0, userId: null, scheduleId: 'later', reason: 'nobody-on-call', detail: 'nobody on call in Later (primary)', until: null }],
    ['a schedule without a backup lane', [{ type: 'schedule', scheduleId: 'later', role: 'backup' }], { kind: 'skipped', levelIndex: 0, userId: null, scheduleId: 'later', reason: 'nobody-on-call', detail: 'nobody on call in Later (backup)', until: null }],
  ])('%s at level 1 is recorded and level 2 starts at once', (_, targets, expected) => {
    const directory = world({
      extraPeople: [person('victor', 'Victor Viewer', { canAcknowledge: false })],
      schedules: {
        payments: directorySchedule('Payments', paymentsSchedule, 1),
        later: directorySchedule('Later', { ...paymentsSchedule, layers: [{ ...paymentsSchedule.layers[0]!, start: '2027-01-04' }] }, null),
      },
    });
    const policy = guidePolicy({ levels: [{ id: 'x', escalateAfterMinutes: 5, targets }, ...guidePolicy().levels.slice(1)] });
    const { effects } = startEscalation({ incidentId: 'inc-1', severity: 'P1', policy, directory }, T);
    expect(records(effects).slice(0, 3)).toEqual([{ kind: 'escalated', round: 0, pass: 0, levelIndex: 0, reason: 'triggered' }, expected, { kind: 'escalated', round: 0, pass: 0, levelIndex: 1, reason: 'everyone-skipped' }]);
    expect(notifies(effects)[0]).toMatchObject({ userId: 'bob', levelIndex: 1 });
  });
});

describe('keys', () => {
  it('are the same for the same (incident, level, attempt, person, rule) however often the engine runs', () => {
    const run = () => drive({ directory: world(), policy: guidePolicy({ repeat: 1 }), from: T, until: plus(T, 60) }).log.map((l) => l.effect);
    expect(run()).toEqual(run());
    expect(notifyKey('inc-1', { round: 2, pass: 1, levelIndex: 0 }, 'alice', null)).toBe('page:inc-1:2.1.0:alice:in-app');
    expect(timerKey('inc-1', { kind: 'deferred', round: 0, pass: 1, levelIndex: 2, userId: 'bob' })).toBe('timer:inc-1:0.1.2:deferred:bob');
  });

  it('are unique across passes, rounds and a person named twice in one level', () => {
    const policy = guidePolicy({ repeat: 2, ackTimeoutMinutes: 15, levels: [{ id: 'l1', escalateAfterMinutes: 5, targets: [primary, { type: 'user', userId: 'alice' }] }, { id: 'l2', escalateAfterMinutes: 5, targets: [backup, manager] }] });
    const inputs = [60, 200].map((m) => ({ at: plus(T, m), event: { type: 'acknowledged' as const, by: 'alice', how: 'web' as const } }));
    const { log } = drive({ directory: world(), policy, from: T, until: plus(T, 400), inputs });
    const notifyKeys = log.flatMap((l) => (l.effect.type === 'notify' ? [l.effect.key] : []));
    const timerKeys = log.flatMap((l) => (l.effect.type === 'schedule' ? [l.effect.key] : []));
    expect(new Set(notifyKeys).size).toBe(notifyKeys.length);
    expect(new Set(timerKeys).size).toBe(timerKeys.length);
    // Three passes in each of three rounds (two acknowledgement timeouts); Alice once per level start, not twice.
    expect(notifyKeys.filter((k) => k.endsWith(':alice:in-app'))).toEqual(['page:inc-1:0.0.0:alice:in-app', 'page:inc-1:0.1.0:alice:in-app', 'page:inc-1:0.2.0:alice:in-app', 'page:inc-1:1.0.0:alice:in-app', 'page:inc-1:1.1.0:alice:in-app', 'page:inc-1:1.2.0:alice:in-app', 'page:inc-1:2.0.0:alice:in-app', 'page:inc-1:2.1.0:alice:in-app', 'page:inc-1:2.2.0:alice:in-app']);
    expectNeverEarly(log);
  });
});

describe('never early', () => {
  it('every timer is due strictly after the step that set it, whatever the scenario', () => {
    const scenarios: Array<{ from: EpochMs; severity: Severity }> = [
      { from: T, severity: 'P1' },
      { from: JANUARY_4AM_LA, severity: 'P3' },
      { from: JULY_4AM_LA, severity: 'P2' },
    ];
    for (const { from, severity } of scenarios) {
      const { log } = drive({ directory: world({ people: ALICE_QUIET }), policy: guidePolicy({ repeat: 2 }), severity, from, until: plus(from, 24 * 60) });
      expect(log.length).toBeGreaterThan(0);
      expectNeverEarly(log);
    }
  });
});
