import type { EscalationPolicyDto, PutEscalationPolicyBody } from '../../../contracts/escalation';
import { policyFromDto } from '../../../contracts/escalation';
import type { ScheduleDto } from '../../../contracts/schedules';
import { DEFAULT_URGENCY_BY_SEVERITY, policyProblems } from '../../../domain/escalation/policy';
import type { EscalationLevel, EscalationPolicy, EscalationTarget } from '../../../domain/escalation/policy';

/** The editor's working copy: the domain's policy, so the same rules and the same preview apply to it. */
export type PolicyDraft = {
  levels: EscalationLevel[];
  repeat: number;
  ackTimeoutMinutes: number | null;
  urgencyBySeverity: EscalationPolicy['urgencyBySeverity'];
  lowUrgency: EscalationPolicy['lowUrgency'];
};

/** Field problems keyed as the domain names fields (`levels.0.escalateAfterMinutes`). */
export type FieldErrors = Record<string, string>;

let made = 0;
/** A level id the server keeps (it keeps ids across reorders), unique within the draft. */
export function newLevelId(): string {
  made += 1;
  return `level-${Date.now().toString(36)}-${made}`;
}

export function draftOf(policy: EscalationPolicyDto): PolicyDraft {
  const domain = policyFromDto(policy);
  return { ...domain, levels: domain.levels.map((level) => ({ ...level, targets: [...level.targets] })), urgencyBySeverity: { ...domain.urgencyBySeverity } };
}

/**
 * Where a new policy starts: the team's first schedule's primary, then its backup after 5 minutes
 * (when the schedule has a backup lane) — the guide's shape, ready for a manager to extend.
 */
export function starterDraft(schedules: readonly Pick<ScheduleDto, 'id' | 'backupLag'>[]): PolicyDraft {
  const first = schedules[0];
  const levels: EscalationLevel[] = [{ id: newLevelId(), escalateAfterMinutes: 5, targets: first ? [{ type: 'schedule', scheduleId: first.id, role: 'primary' }] : [] }];
  if (first && first.backupLag !== null) levels.push({ id: newLevelId(), escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId: first.id, role: 'backup' }] });
  return { levels, repeat: 0, ackTimeoutMinutes: null, urgencyBySeverity: { ...DEFAULT_URGENCY_BY_SEVERITY }, lowUrgency: 'waking-hours' };
}

export function moveLevel(draft: PolicyDraft, from: number, to: number): PolicyDraft {
  if (to < 0 || to >= draft.levels.length || from === to) return draft;
  const levels = [...draft.levels];
  const [level] = levels.splice(from, 1);
  levels.splice(to, 0, level!);
  return { ...draft, levels };
}

export function changeLevel(draft: PolicyDraft, index: number, patch: Partial<EscalationLevel>): PolicyDraft {
  return { ...draft, levels: draft.levels.map((level, i) => (i === index ? { ...level, ...patch } : level)) };
}

export function addTarget(draft: PolicyDraft, index: number, target: EscalationTarget): PolicyDraft {
  return changeLevel(draft, index, { targets: [...draft.levels[index]!.targets, target] });
}

export function removeTarget(draft: PolicyDraft, index: number, targetIndex: number): PolicyDraft {
  return changeLevel(draft, index, { targets: draft.levels[index]!.targets.filter((_, j) => j !== targetIndex) });
}

/**
 * The server names zod's fields `levels[0].targets` and the domain's `levels.0.targets`; both are
 * read here as the domain's, so an error lands at its field whichever check found it.
 */
export function normalizeField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1');
}

/** The shape rules, checked before sending: the same function the contract and the server apply. */
export function draftProblems(draft: PolicyDraft): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of policyProblems(draft)) errors[problem.field] ??= problem.message;
  return errors;
}

export function bodyOf(draft: PolicyDraft, version: number | null): PutEscalationPolicyBody {
  return { version, levels: draft.levels.map((level) => ({ id: level.id, escalateAfterMinutes: level.escalateAfterMinutes, targets: [...level.targets] })), repeat: draft.repeat, ackTimeoutMinutes: draft.ackTimeoutMinutes, urgencyBySeverity: { ...draft.urgencyBySeverity }, lowUrgency: draft.lowUrgency };
}

/** The level a field belongs to (`levels.2.targets.0` → 2), or undefined for policy-wide fields. */
export function levelOfField(field: string): number | undefined {
  const match = /^levels\.(\d+)(\.|$)/.exec(field);
  return match ? Number(match[1]) : undefined;
}
