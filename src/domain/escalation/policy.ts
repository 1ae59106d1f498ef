import type { Severity } from '../incident/severity';

/** High urgency pages at once; low urgency by default waits for the person's waking hours. */
export const URGENCIES = ['high', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Who a level pages: a person, or whoever a schedule's primary or backup lane resolves to at that moment. */
export type EscalationTarget = { type: 'user'; userId: string } | { type: 'schedule'; scheduleId: string; role: 'primary' | 'backup' };

/**
 * One level of a policy. Its targets are paged when the level starts; if nobody acknowledges within
 * `escalateAfterMinutes`, the next level starts (PagerDuty's escalation delay). After the last level's
 * delay the policy starts over while repeats remain.
 */
export type EscalationLevel = { id: string; escalateAfterMinutes: number; targets: readonly EscalationTarget[] };

/** When low-urgency pages reach a person: only outside their quiet hours (deferred to the end of them), or at any time. */
export const LOW_URGENCY_HOURS = ['waking-hours', 'any-time'] as const;
export type LowUrgencyHours = (typeof LOW_URGENCY_HOURS)[number];

export type EscalationPolicy = {
  levels: readonly EscalationLevel[];
  /** How many more times the whole policy runs after its last level (0 = once in all). */
  repeat: number;
  /** An acknowledged incident not resolved within this many minutes starts escalating again; null = never. */
  ackTimeoutMinutes: number | null;
  urgencyBySeverity: Readonly<Record<Severity, Urgency>>;
  lowUrgency: LowUrgencyHours;
};

export const DEFAULT_URGENCY_BY_SEVERITY: Readonly<Record<Severity, Urgency>> = { P1: 'high', P2: 'high', P3: 'low', P4: 'low' };

export const POLICY_LIMITS = {
  levels: { min: 1, max: 20 },
  targetsPerLevel: { min: 1, max: 10 },
  escalateAfterMinutes: { min: 1, max: 1440 },
  repeat: { min: 0, max: 9 },
  ackTimeoutMinutes: { min: 1, max: 10080 },
} as const;

/** A problem with a policy, naming the field ("levels.1.escalateAfterMinutes"). */
export type PolicyProblem = { field: string; message: string };

function wholeNumberProblem(value: number, bounds: { min: number; max: number }): string | undefined {
  if (!Number.isFinite(value) || !Number.isInteger(value)) return 'must be a whole number';
  if (value < bounds.min) return bounds.min === 0 ? 'must be 0 or more' : `must be at least ${bounds.min}`;
  if (value > bounds.max) return `must be at most ${bounds.max}`;
  return undefined;
}

export function escalateAfterProblem(minutes: number): string | undefined {
  return wholeNumberProblem(minutes, POLICY_LIMITS.escalateAfterMinutes);
}
export function repeatProblem(repeat: number): string | undefined {
  return wholeNumberProblem(repeat, POLICY_LIMITS.repeat);
}
export function ackTimeoutProblem(minutes: number | null): string | undefined {
  return minutes === null ? undefined : wholeNumberProblem(minutes, POLICY_LIMITS.ackTimeoutMinutes);
}

function targetKey(target: EscalationTarget): string {
  return target.type === 'user' ? `user:${target.userId}` : `schedule:${target.scheduleId}:${target.role}`;
}

/**
 * The shape rules of a policy, shared by the HTTP contract, the server and the editor. Whether the
 * people and schedules exist and may be paged is checked where they are loaded (the server).
 */
export function policyProblems(policy: EscalationPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const { levels } = policy;
  if (levels.length < POLICY_LIMITS.levels.min) problems.push({ field: 'levels', message: 'must have at least one level' });
  if (levels.length > POLICY_LIMITS.levels.max) problems.push({ field: 'levels', message: `must have at most ${POLICY_LIMITS.levels.max} levels` });
  const ids = new Set<string>();
  levels.forEach((level, index) => {
    if (ids.has(level.id)) problems.push({ field: `levels.${index}.id`, message: 'is used by another level' });
    ids.add(level.id);
    const delay = escalateAfterProblem(level.escalateAfterMinutes);
    if (delay) problems.push({ field: `levels.${index}.escalateAfterMinutes`, message: delay });
    if (level.targets.length < POLICY_LIMITS.targetsPerLevel.min) problems.push({ field: `levels.${index}.targets`, message: 'must name at least one person or schedule' });
    if (level.targets.length > POLICY_LIMITS.targetsPerLevel.max) problems.push({ field: `levels.${index}.targets`, message: `must name at most ${POLICY_LIMITS.targetsPerLevel.max} targets` });
    const seen = new Set<string>();
    level.targets.forEach((target, targetIndex) => {
      const key = targetKey(target);
      if (seen.has(key)) problems.push({ field: `levels.${index}.targets.${targetIndex}`, message: 'is already a target of this level' });
      seen.add(key);
    });
  });
  const repeat = repeatProblem(policy.repeat);
  if (repeat) problems.push({ field: 'repeat', message: repeat });
  const ackTimeout = ackTimeoutProblem(policy.ackTimeoutMinutes);
  if (ackTimeout) problems.push({ field: 'ackTimeoutMinutes', message: ackTimeout });
  return problems;
}

export function urgencyOf(policy: Pick<EscalationPolicy, 'urgencyBySeverity'>, severity: Severity): Urgency {
  return policy.urgencyBySeverity[severity];
}
