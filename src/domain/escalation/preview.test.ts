import { describe, expect, it } from 'vitest';
import { startEscalation, step } from './engine';
import type { EscalationEffect, PreviewEntry, Timer } from './model';
import { PREVIEW_MAX_ENTRIES, previewEscalation } from './preview';
import { JANUARY_4AM_LA, MIN, Z, guidePolicy, plus, quiet, world } from './test-world';
import type { EpochMs } from '../time/instant';

const T = Z('2026-03-18T17:00:00Z');
const line = ({ at, effect }: PreviewEntry, from: EpochMs) =>
  effect.type === 'notify' ? `+${(at - from) / MIN} notify ${effect.userId} ${effect.channel}` : `+${(at - from) / MIN} ${effect.record.kind}`;
const visible = (effects: EscalationEffect[], at: EpochMs): PreviewEntry[] =>
  effects.flatMap((effect) => (effect.type === 'notify' || effect.type === 'record' ? [{ at, effect }] : []));

describe('escalation preview', () => {
  it('equals the effects of driving the engine by hand, timer by timer', () => {
    const directory = world();
    const policy = guidePolicy();
    const start = startEscalation({ incidentId: 'inc-9', severity: 'P1', policy, directory }, T);
    const byHand: PreviewEntry[] = visible(start.effects, T);
    let state = start.state;
    const fire = (timer: Timer, at: EpochMs) => {
      const result = step(state, { type: 'timer', timer }, at, directory);
      state = result.state;
      byHand.push(...visible(result.effects, at));
    };
    fire({ kind: 'rule', round: 0, pass: 0, levelIndex: 0, userId: 'alice', ruleId: 'alice-voice-1' }, plus(T, 1));
    fire({ kind: 'level', round: 0, pass: 0, levelIndex: 1 }, plus(T, 5));
    fire({ kind: 'rule', round: 0, pass: 0, levelIndex: 1, userId: 'bob', ruleId: 'bob-voice-1' }, plus(T, 6));
    fire({ kind: 'level', round: 0, pass: 0, levelIndex: 2 }, plus(T, 10));
    fire({ kind: 'rule', round: 0, pass: 0, levelIndex: 2, userId: 'maria', ruleId: 'maria-voice-1' }, plus(T, 11));
    fire({ kind: 'level', round: 0, pass: 0, levelIndex: 3 }, plus(T, 20));
    expect(state.status).toBe('exhausted');

    expect(previewEscalation({ incidentId: 'inc-9', severity: 'P1', policy, directory, from: T })).toEqual(byHand);
  });

  it('runs until the escalation is exhausted by default, minute by minute', () => {
    expect(previewEscalation({ severity: 'P1', policy: guidePolicy(), directory: world(), from: T }).map((e) => line(e, T))).toEqual([
      '+0 escalated',
      '+0 notify alice in-app',
      '+0 notify alice sms',
      '+1 notify alice voice',
      '+5 escalated',
      '+5 notify bob in-app',
      '+5 notify bob sms',
      '+6 notify bob voice',
      '+10 escalated',
      '+10 notify maria in-app',
      '+10 notify maria sms',
      '+11 notify maria voice',
      '+20 exhausted',
    ]);
  });

  it('stops at the horizon, including what falls due exactly then', () => {
    const entries = previewEscalation({ severity: 'P1', policy: guidePolicy(), directory: world(), from: T, horizonMinutes: 5 });
    expect(entries.map((e) => line(e, T)).slice(-3)).toEqual(['+5 escalated', '+5 notify bob in-app', '+5 notify bob sms']);
  });

  it('shows who is skipped for quiet hours and who is paged instead', () => {
    const directory = world({ people: { alice: { quietHours: quiet('02:00', '07:00') } } });
    const entries = previewEscalation({ severity: 'P2', policy: guidePolicy(), directory, from: JANUARY_4AM_LA, horizonMinutes: 0 });
    expect(entries.map((e) => line(e, JANUARY_4AM_LA))).toEqual(['+0 escalated', '+0 skipped', '+0 escalated', '+0 notify bob in-app', '+0 notify bob sms']);
  });

  it('never lists more than the cap, even for a long policy repeated many times', () => {
    const many = guidePolicy({ repeat: 9, levels: Array.from({ length: 20 }, (_, i) => ({ id: `l${i}`, escalateAfterMinutes: 1, targets: [{ type: 'user' as const, userId: 'bob' }, { type: 'user' as const, userId: 'maria' }] })) });
    const entries = previewEscalation({ severity: 'P1', policy: many, directory: world(), from: T });
    expect(entries).toHaveLength(PREVIEW_MAX_ENTRIES);
  });

  it('does not look past a day without a horizon', () => {
    const slow = guidePolicy({ repeat: 9, levels: [{ id: 'l1', escalateAfterMinutes: 1440, targets: [{ type: 'user', userId: 'maria' }] }] });
    const entries = previewEscalation({ severity: 'P1', policy: slow, directory: world(), from: T });
    expect(entries.at(-1)!.at).toBe(plus(T, 1440));
    expect(entries.filter((e) => e.effect.type === 'record' && e.effect.record.kind === 'escalated')).toHaveLength(2);
  });
});
