import { SEVERITIES } from '../incident/severity';
import { isInQuietHours } from '../schedule/quiet-instants';
import { DAY_MS, HOUR_MS, toIsoUtc } from '../time/instant';
import type { EpochMs } from '../time/instant';
import { normalize } from '../time/interval';
import type { Interval } from '../time/interval';
import { CHANNEL_NAMES } from './engine';
import type { ContactChannel, Directory, LintCode, LintFinding, PagingPerson } from './model';
import { URGENCIES } from './policy';
import type { EscalationPolicy, EscalationTarget, Urgency } from './policy';

/** How far ahead the lint looks for coverage gaps and for the people a schedule puts on call. */
export const LINT_DEFAULT_WEEKS = 4;
/** The hours of the week sampled for "every level is in quiet hours". */
const HOURS_OF_A_WEEK = 168;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Sat 2026-01-10 09:00 UTC": the lint has no viewer's zone; the page shows `window` in theirs. */
function utcText(at: EpochMs): string {
  const iso = toIsoUtc(at);
  return `${WEEKDAYS[new Date(at).getUTCDay()]} ${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function finding(code: LintCode, levelIndex: number | null, message: string, ids: { userId?: string; scheduleId?: string; window?: Interval } = {}): LintFinding {
  return { code, levelIndex, userId: ids.userId ?? null, scheduleId: ids.scheduleId ?? null, message, window: ids.window ?? null };
}

/** A person a level pages, and through which schedule (null when named directly). */
type LevelMember = { person: PagingPerson; via: string | null };

/** A person a level pages with rules on a channel this server cannot send (reported per channel, see `unconfiguredFindings`). */
type UnconfiguredUse = { channel: ContactChannel; levelIndex: number; person: PagingPerson; who: string; ruleIds: readonly string[] };

function laneName(scheduleName: string, role: 'primary' | 'backup'): string {
  return `${scheduleName} ${role}`;
}

/** Who a level pages at one instant: known people who may acknowledge. */
function peopleAt(directory: Directory, targets: readonly EscalationTarget[], at: EpochMs): PagingPerson[] {
  const people = new Map<string, PagingPerson>();
  for (const target of targets) {
    let userId: string | null = null;
    if (target.type === 'user') userId = target.userId;
    else {
      const answer = directory.onCall(target.scheduleId, target.role, at);
      userId = answer.exists ? answer.userId : null;
    }
    const person = userId === null ? undefined : directory.person(userId);
    if (person?.canAcknowledge) people.set(person.id, person);
  }
  return [...people.values()];
}

/**
 * The findings about one level's targets: unknown people and missing schedules, coverage gaps, and
 * for every person it may page (named, or on call through a schedule at some hour of the coming
 * weeks) their contact methods, rules and channels.
 */
function lintLevel(
  policy: EscalationPolicy,
  levelIndex: number,
  directory: Directory,
  horizon: Interval,
  urgencies: readonly Urgency[],
): { findings: LintFinding[]; unconfigured: UnconfiguredUse[] } {
  const level = policy.levels[levelIndex]!;
  const label = `Level ${levelIndex + 1}`;
  const findings: LintFinding[] = [];
  const unconfigured: UnconfiguredUse[] = [];
  const members = new Map<string, LevelMember>();

  for (const target of level.targets) {
    if (target.type === 'user') {
      const person = directory.person(target.userId);
      if (!person) findings.push(finding('unknown-target', levelIndex, `${label} names a person (${target.userId}) who is not known, so nobody is paged in their place.`, { userId: target.userId }));
      else if (!members.has(person.id)) members.set(person.id, { person, via: null });
      continue;
    }
    const { scheduleId, role } = target;
    const answer = directory.onCall(scheduleId, role, horizon.start);
    if (!answer.exists) {
      findings.push(finding('unknown-target', levelIndex, `${label} names a schedule (${scheduleId}) that no longer exists, so it pages nobody.`, { scheduleId }));
      continue;
    }
    const lane = laneName(answer.scheduleName, role);
    for (const gap of normalize(directory.gaps(scheduleId, role, horizon))) {
      findings.push(finding('coverage-gap', levelIndex, `${label}: ${lane} has nobody on call from ${utcText(gap.start)} to ${utcText(gap.end)}.`, { scheduleId, window: gap }));
    }
    const unknown = new Set<string>();
    for (let at = horizon.start; at < horizon.end; at = (at + HOUR_MS) as EpochMs) {
      const now = directory.onCall(scheduleId, role, at);
      if (!now.exists || now.userId === null || members.has(now.userId) || unknown.has(now.userId)) continue;
      const person = directory.person(now.userId);
      if (person) members.set(person.id, { person, via: lane });
      else {
        unknown.add(now.userId);
        findings.push(finding('unknown-target', levelIndex, `${label}: ${lane} puts a person (${now.userId}) on call who is not known, so nobody is paged then.`, { userId: now.userId, scheduleId }));
      }
    }
  }

  for (const { person, via } of members.values()) {
    const who = via ? `${person.name} (on call in ${via})` : person.name;
    const userId = person.id;
    if (!person.contacts.some((c) => c.verified)) {
      findings.push(finding('no-verified-contact', levelIndex, `${label}: ${who} has no verified contact method, so only their open Firewatch tabs ring.`, { userId }));
    }
    for (const urgency of urgencies) {
      if (!person.rules.some((r) => r.urgency === urgency)) {
        findings.push(finding('no-rules-for-urgency', levelIndex, `${label}: ${who} has no notification rules for ${urgency} urgency, so only their open Firewatch tabs ring for it.`, { userId }));
      }
    }
    const rules = person.rules.filter((r) => urgencies.includes(r.urgency));
    const unsendable = new Map<ContactChannel, string[]>();
    for (const rule of rules) {
      const contact = person.contacts.find((c) => c.id === rule.contactMethodId);
      if (contact && !directory.channelConfigured(contact.kind)) unsendable.set(contact.kind, [...(unsendable.get(contact.kind) ?? []), rule.id]);
    }
    for (const [channel, ruleIds] of unsendable) unconfigured.push({ channel, levelIndex, person, who, ruleIds });
    const lastRule = Math.max(0, ...rules.map((r) => r.delayMinutes));
    if (rules.length > 0 && lastRule >= level.escalateAfterMinutes) {
      const isLast = levelIndex === policy.levels.length - 1;
      const next = !isLast ? `level ${levelIndex + 2} is paged` : policy.repeat > 0 ? 'the policy starts over' : 'the escalation ends';
      findings.push(
        finding(
          'escalates-before-rules-finish',
          levelIndex,
          `${label}: ${next} after ${level.escalateAfterMinutes} min, before ${who}'s notification rules have all run (the last at ${lastRule} min), so the later ones may never be sent.`,
          { userId },
        ),
      );
    }
  }
  return { findings, unconfigured };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "1", "1 and 3", "1, 2 and 3" (1-based). */
function levelsText(levelIndexes: readonly number[]): string {
  const numbers = levelIndexes.map((i) => String(i + 1));
  return numbers.length === 1 ? numbers[0]! : `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}

/** How many people a grouped finding names before "and N more". */
const NAMED_PEOPLE = 5;

/**
 * One finding per channel that is not configured, however many people and levels use it: a
 * fresh server with no channel set up would otherwise list every person at every level once per
 * channel (34 findings on the demo), hiding the findings a manager can act on. It says how many
 * people and rules are concerned and at which levels; it names the level and the person when
 * there is only one of each.
 */
function unconfiguredFindings(uses: readonly UnconfiguredUse[]): LintFinding[] {
  const channels = [...new Set(uses.map((use) => use.channel))].sort();
  return channels.map((channel) => {
    const ofChannel = uses.filter((use) => use.channel === channel);
    const levels = [...new Set(ofChannel.map((use) => use.levelIndex))].sort((a, b) => a - b);
    const people = new Map<string, { name: string; rules: Set<string> }>();
    for (const use of ofChannel) {
      const entry = people.get(use.person.id) ?? { name: use.person.name, rules: new Set<string>() };
      for (const id of use.ruleIds) entry.rules.add(id);
      people.set(use.person.id, entry);
    }
    const rules = [...people.values()].reduce((sum, entry) => sum + entry.rules.size, 0);
    const levelIndex = levels.length === 1 ? levels[0]! : null;
    const name = CHANNEL_NAMES[channel];
    const at = `${levels.length === 1 ? 'Level' : 'Levels'} ${levelsText(levels)}`;
    if (people.size === 1) {
      const [userId, entry] = [...people.entries()][0]!;
      const who = levels.length === 1 ? ofChannel[0]!.who : entry.name;
      const message = `${at}: ${who} is to be paged by ${name} (${plural(rules, 'notification rule', 'notification rules')}), which is not configured on this server, so those pages are not sent.`;
      return finding('channel-not-configured', levelIndex, message, { userId });
    }
    const names = [...people.values()].map((entry) => entry.name);
    const named = names.length > NAMED_PEOPLE ? `${names.slice(0, NAMED_PEOPLE).join(', ')} and ${names.length - NAMED_PEOPLE} more` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
    const message = `${name} is not configured on this server, so ${plural(rules, 'notification rule', 'notification rules')} of ${people.size} people (${at.toLowerCase()}) send nothing: ${named}.`;
    return finding('channel-not-configured', levelIndex, message);
  });
}

/**
 * The hours of the week from `from` (hourly samples) at which every level pages only people in
 * their quiet hours, merged into runs. A level with nobody at that hour is not "quiet": that is a
 * coverage gap or an unknown target, reported as such.
 */
function allQuietWindows(policy: EscalationPolicy, directory: Directory, from: EpochMs): Interval[] {
  const hours: Interval[] = [];
  for (let h = 0; h < HOURS_OF_A_WEEK; h++) {
    const at = (from + h * HOUR_MS) as EpochMs;
    const everyLevelQuiet = policy.levels.every((level) => {
      const people = peopleAt(directory, level.targets, at);
      return people.length > 0 && people.every((p) => p.quietHours !== null && isInQuietHours(p.quietHours, p.zone, at));
    });
    if (everyLevelQuiet) hours.push({ start: at, end: (at + HOUR_MS) as EpochMs });
  }
  return normalize(hours);
}

/**
 * Advice about a service's policy, never a refusal: no policy at all; a schedule's coverage gaps
 * in the next `weeks` (default 4); targets that are unknown or missing; people without a verified
 * contact method, without rules for an urgency the policy uses, or with rules on a channel that is
 * not configured (one finding per channel); a level that moves on before a person's rules have all run; and the hours of the
 * coming week when every level is in quiet hours. Messages are whole sentences naming the level
 * (1-based) and the person or schedule; `window` carries the period for the page to show in the
 * viewer's zone.
 */
export function lintPolicy(input: { policy: EscalationPolicy | null; directory: Directory; from: EpochMs; weeks?: number }): LintFinding[] {
  const { policy, directory, from } = input;
  if (!policy) return [finding('no-policy', null, 'This service has no escalation policy, so its incidents page nobody.')];
  const horizon: Interval = { start: from, end: (from + (input.weeks ?? LINT_DEFAULT_WEEKS) * 7 * DAY_MS) as EpochMs };
  // Rules for an urgency no severity maps to are never used, so their absence is no finding.
  const urgencies = URGENCIES.filter((u) => SEVERITIES.some((s) => policy.urgencyBySeverity[s] === u));
  const levels = policy.levels.map((_, levelIndex) => lintLevel(policy, levelIndex, directory, horizon, urgencies));
  const findings = [...levels.flatMap((level) => level.findings), ...unconfiguredFindings(levels.flatMap((level) => level.unconfigured))];
  if (policy.levels.length > 0) {
    const lastLevel = policy.levels.length;
    const lowUrgency = policy.lowUrgency === 'waking-hours' ? ', and a low-urgency page waits for the quiet hours to end' : '';
    for (const window of allQuietWindows(policy, directory, from)) {
      findings.push(
        finding(
          'all-levels-quiet',
          null,
          `Every level is in quiet hours from ${utcText(window.start)} to ${utcText(window.end)}: a high-urgency page then goes straight to level ${lastLevel}, the last, which is paged anyway${lowUrgency}.`,
          { window },
        ),
      );
    }
  }
  return findings;
}
