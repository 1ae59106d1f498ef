import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../incident/severity';
import { directorySchedule } from './directory';
import { lintPolicy } from './lint';
import type { LintCode, LintFinding } from './model';
import type { EscalationPolicy } from './policy';
import { JANUARY_4AM_LA, Z, guidePolicy, manager, paymentsSchedule, person, quiet, world } from './test-world';
import type { WorldOptions } from './test-world';

const LA = 'America/Los_Angeles';
const from = JANUARY_4AM_LA;
const codes = (findings: readonly LintFinding[]) => findings.map((f) => f.code);
const only = (findings: readonly LintFinding[], code: LintCode) => findings.filter((f) => f.code === code);
const lint = (policy: EscalationPolicy | null, options: WorldOptions = {}, weeks?: number) => lintPolicy({ policy, directory: world(options), from, ...(weeks === undefined ? {} : { weeks }) });

describe('policy lint', () => {
  it('finds nothing wrong with the guide’s policy for a well set-up team', () => {
    expect(lint(guidePolicy())).toEqual([]);
  });

  it('no-policy: a service without one pages nobody', () => {
    expect(lint(null)).toEqual([{ code: 'no-policy', levelIndex: null, userId: null, scheduleId: null, message: 'This service has no escalation policy, so its incidents page nobody.', window: null }]);
  });

  it('coverage-gap: one finding per gap of a schedule in the next four weeks, with its window', () => {
    const startsLater = { ...paymentsSchedule, layers: [{ ...paymentsSchedule.layers[0]!, start: '2026-02-02' }] };
    const schedules = { payments: directorySchedule('Payments', startsLater, 1) };
    const findings = only(lint(guidePolicy(), { schedules }), 'coverage-gap');
    expect(findings).toEqual([
      { code: 'coverage-gap', levelIndex: 0, userId: null, scheduleId: 'payments', message: 'Level 1: Payments primary has nobody on call from Tue 2026-01-20 12:00 UTC to Mon 2026-02-02 17:00 UTC.', window: { start: from, end: Z('2026-02-02T17:00:00Z') } },
      { code: 'coverage-gap', levelIndex: 1, userId: null, scheduleId: 'payments', message: 'Level 2: Payments backup has nobody on call from Tue 2026-01-20 12:00 UTC to Mon 2026-02-02 17:00 UTC.', window: { start: from, end: Z('2026-02-02T17:00:00Z') } },
    ]);
    // Past the first week nobody is on call yet, so a one-week look finds the gap cut at the horizon.
    expect(only(lint(guidePolicy(), { schedules }, 1), 'coverage-gap')[0]!.window).toEqual({ start: from, end: Z('2026-01-27T12:00:00Z') });
  });

  it('coverage-gap: a schedule without a backup lane has nobody as backup the whole time', () => {
    const findings = only(lint(guidePolicy(), { schedules: { payments: directorySchedule('Payments', paymentsSchedule, null) } }), 'coverage-gap');
    expect(findings.map((f) => [f.levelIndex, f.window])).toEqual([[1, { start: from, end: Z('2026-02-17T12:00:00Z') }]]);
  });

  it('unknown-target: a person who does not exist, a deleted schedule, and a schedule putting an unknown person on call', () => {
    const policy = guidePolicy({
      levels: [
        { id: 'a', escalateAfterMinutes: 5, targets: [{ type: 'user', userId: 'ghost' }] },
        { id: 'b', escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId: 'gone', role: 'primary' }] },
        { id: 'c', escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId: 'odd', role: 'primary' }] },
      ],
    });
    const odd = { ...paymentsSchedule, layers: [{ ...paymentsSchedule.layers[0]!, participants: ['alice', 'nobody-knows'] }] };
    const findings = lint(policy, { schedules: { odd: directorySchedule('Odd', odd, null) } });
    expect(only(findings, 'unknown-target').map((f) => [f.levelIndex, f.userId, f.scheduleId, f.message])).toEqual([
      [0, 'ghost', null, 'Level 1 names a person (ghost) who is not known, so nobody is paged in their place.'],
      [1, null, 'gone', 'Level 2 names a schedule (gone) that no longer exists, so it pages nobody.'],
      [2, 'nobody-knows', 'odd', 'Level 3: Odd primary puts a person (nobody-knows) on call who is not known, so nobody is paged then.'],
    ]);
  });

  it('no-verified-contact: a person whose contact methods are all unverified', () => {
    const findings = lint(guidePolicy(), { people: { maria: { contacts: [{ id: 'maria-sms', kind: 'sms', address: '+447700900123', verified: false }] } } });
    expect(only(findings, 'no-verified-contact')).toEqual([
      { code: 'no-verified-contact', levelIndex: 2, userId: 'maria', scheduleId: null, message: 'Level 3: Maria Rossi has no verified contact method, so only their open Firewatch tabs ring.', window: null },
    ]);
  });

  it('no-rules-for-urgency: high always matters with the default severities, low only when some severity is low', () => {
    const noLow = { people: { bob: { rules: [{ id: 'b1', urgency: 'high' as const, contactMethodId: 'bob-sms', delayMinutes: 0 }] } } };
    expect(only(lint(guidePolicy(), noLow), 'no-rules-for-urgency').map((f) => f.message)).toEqual([
      'Level 1: Bob Okafor (on call in Payments primary) has no notification rules for low urgency, so only their open Firewatch tabs ring for it.',
      'Level 2: Bob Okafor (on call in Payments backup) has no notification rules for low urgency, so only their open Firewatch tabs ring for it.',
    ]);
    const allHigh = guidePolicy({ urgencyBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 'high'])) as EscalationPolicy['urgencyBySeverity'] });
    expect(only(lint(allHigh, noLow), 'no-rules-for-urgency')).toEqual([]);
    expect(only(lint(guidePolicy(), { people: { maria: { rules: [] } } }), 'no-rules-for-urgency').map((f) => f.message)).toEqual([
      'Level 3: Maria Rossi has no notification rules for high urgency, so only their open Firewatch tabs ring for it.',
      'Level 3: Maria Rossi has no notification rules for low urgency, so only their open Firewatch tabs ring for it.',
    ]);
  });

  it('channel-not-configured: a rule on a channel this server cannot send', () => {
    const findings = only(lint(guidePolicy({ levels: [guidePolicy().levels[2]!] }), { configuredChannels: ['sms', 'email'] }), 'channel-not-configured');
    expect(findings).toEqual([
      {
        code: 'channel-not-configured',
        levelIndex: 0,
        userId: 'maria',
        scheduleId: null,
        message: 'Level 1: Maria Rossi is to be paged by Voice (1 notification rule), which is not configured on this server, so those pages are not sent.',
        window: null,
      },
    ]);
  });

  it('channel-not-configured: one finding per channel on a server with none configured, counting the people, rules and levels concerned', () => {
    const findings = lint(guidePolicy(), { configuredChannels: [] });
    // Alice and Bob take turns in both lanes of levels 1 and 2, Maria is level 3: one finding per channel, not one per person, level and channel.
    expect(only(findings, 'channel-not-configured')).toEqual(
      (['E-mail', 'SMS', 'Voice'] as const).map((channel) => ({
        code: 'channel-not-configured',
        levelIndex: null,
        userId: null,
        scheduleId: null,
        message: `${channel} is not configured on this server, so 3 notification rules of 3 people (levels 1, 2 and 3) send nothing: Alice Chen, Bob Okafor and Maria Rossi.`,
        window: null,
      })),
    );
    expect(findings).toHaveLength(3);
  });

  it('channel-not-configured: a person at two levels is counted once, under both levels', () => {
    const policy = guidePolicy({ levels: [{ id: 'a', escalateAfterMinutes: 5, targets: [manager] }, { id: 'b', escalateAfterMinutes: 5, targets: [manager] }] });
    expect(only(lint(policy, { configuredChannels: ['sms', 'email'] }), 'channel-not-configured')).toEqual([
      {
        code: 'channel-not-configured',
        levelIndex: null,
        userId: 'maria',
        scheduleId: null,
        message: 'Levels 1 and 2: Maria Rossi is to be paged by Voice (1 notification rule), which is not configured on this server, so those pages are not sent.',
        window: null,
      },
    ]);
  });

  it('channel-not-configured: names five people of a larger group and counts the rest, under the one level concerned', () => {
    const crew = Array.from({ length: 7 }, (_, i) =>
      person(`p${i + 1}`, `Person ${i + 1}`, { rules: [{ id: `p${i + 1}-sms-0`, urgency: 'high', contactMethodId: `p${i + 1}-sms`, delayMinutes: 0 }, { id: `p${i + 1}-sms-3`, urgency: 'low', contactMethodId: `p${i + 1}-sms`, delayMinutes: 3 }] }),
    );
    const policy = guidePolicy({ levels: [{ id: 'a', escalateAfterMinutes: 5, targets: crew.map((p) => ({ type: 'user' as const, userId: p.id })) }] });
    expect(only(lint(policy, { extraPeople: crew, configuredChannels: ['voice', 'email', 'webhook'] }), 'channel-not-configured')).toEqual([
      {
        code: 'channel-not-configured',
        levelIndex: 0,
        userId: null,
        scheduleId: null,
        message: 'SMS is not configured on this server, so 14 notification rules of 7 people (level 1) send nothing: Person 1, Person 2, Person 3, Person 4, Person 5 and 2 more.',
        window: null,
      },
    ]);
  });

  it('escalates-before-rules-finish: the next level is paged before a person’s last rule', () => {
    const policy = guidePolicy({ levels: [{ id: 'a', escalateAfterMinutes: 1, targets: [{ type: 'user', userId: 'maria' }] }, guidePolicy().levels[1]!] });
    expect(only(lint(policy), 'escalates-before-rules-finish')).toEqual([
      {
        code: 'escalates-before-rules-finish',
        levelIndex: 0,
        userId: 'maria',
        scheduleId: null,
        message: "Level 1: level 2 is paged after 1 min, before Maria Rossi's notification rules have all run (the last at 1 min), so the later ones may never be sent.",
        window: null,
      },
    ]);
    const lastLevel = guidePolicy({ repeat: 2, levels: [{ id: 'a', escalateAfterMinutes: 1, targets: [{ type: 'user', userId: 'maria' }] }] });
    expect(only(lint(lastLevel), 'escalates-before-rules-finish')[0]!.message).toContain('Level 1: the policy starts over after 1 min');
  });

  it('all-levels-quiet: the hours of the coming week when every level is in quiet hours, merged, saying the last level is paged anyway', () => {
    const people = { alice: { quietHours: quiet('02:00', '07:00') }, bob: { zone: LA, quietHours: quiet('01:00', '08:00') }, maria: { zone: LA, quietHours: quiet('23:00', '06:00') } };
    const findings = only(lint(guidePolicy(), { people }), 'all-levels-quiet');
    // 04:00–06:00 on the first morning (the week starts at 04:00 Los Angeles), 02:00–06:00 on six more, 02:00–04:00 on the last.
    expect(findings.map((f) => f.window)).toEqual([
      { start: from, end: Z('2026-01-20T14:00:00Z') },
      ...[21, 22, 23, 24, 25, 26].map((d) => ({ start: Z(`2026-01-${d}T10:00:00Z`), end: Z(`2026-01-${d}T14:00:00Z`) })),
      { start: Z('2026-01-27T10:00:00Z'), end: Z('2026-01-27T12:00:00Z') },
    ]);
    expect(findings[1]!.message).toBe(
      'Every level is in quiet hours from Wed 2026-01-21 10:00 UTC to Wed 2026-01-21 14:00 UTC: a high-urgency page then goes straight to level 3, the last, which is paged anyway, and a low-urgency page waits for the quiet hours to end.',
    );
    expect(codes(lint(guidePolicy(), { people: { ...people, maria: {} } }))).not.toContain('all-levels-quiet');
  });
});
