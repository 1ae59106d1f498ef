import type { PagingPersonDto } from '../../../contracts/escalation';
import type { ScheduleDto } from '../../../contracts/schedules';
import type { EscalationTarget } from '../../../domain/escalation/policy';

export type TargetOption = { value: string; label: string; target: EscalationTarget };

/** How a target reads: a person by name, a schedule by name and lane. Unknown ids still read as something. */
export function targetLabel(target: EscalationTarget, people: readonly Pick<PagingPersonDto, 'id' | 'name'>[], schedules: readonly Pick<ScheduleDto, 'id' | 'name'>[]): string {
  if (target.type === 'user') return people.find((p) => p.id === target.userId)?.name ?? `Unknown person (${target.userId})`;
  const name = schedules.find((s) => s.id === target.scheduleId)?.name ?? `Unknown schedule (${target.scheduleId})`;
  return `${name} — ${target.role === 'primary' ? 'primary on call' : 'backup on call'}`;
}

export const targetValue = (target: EscalationTarget) => (target.type === 'user' ? `user:${target.userId}` : `schedule:${target.scheduleId}:${target.role}`);

/**
 * What a level can add: people who can acknowledge a page (viewers cannot, and the server refuses
 * them), and each schedule's primary and, where it has one, backup lane; minus what it already has.
 */
export function targetOptions(current: readonly EscalationTarget[], people: readonly PagingPersonDto[], schedules: readonly ScheduleDto[]): { people: TargetOption[]; schedules: TargetOption[] } {
  const taken = new Set(current.map(targetValue));
  const fromPeople = people.filter((p) => p.canAcknowledge).map((p): TargetOption => ({ value: `user:${p.id}`, label: p.name, target: { type: 'user', userId: p.id } }));
  const fromSchedules = schedules.flatMap((s): TargetOption[] => {
    const roles: Array<'primary' | 'backup'> = s.backupLag === null ? ['primary'] : ['primary', 'backup'];
    return roles.map((role) => ({ value: `schedule:${s.id}:${role}`, label: `${s.name} — ${role === 'primary' ? 'primary on call' : 'backup on call'}`, target: { type: 'schedule', scheduleId: s.id, role } }));
  });
  return { people: fromPeople.filter((o) => !taken.has(o.value)), schedules: fromSchedules.filter((o) => !taken.has(o.value)) };
}
