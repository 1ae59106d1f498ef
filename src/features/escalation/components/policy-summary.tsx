import type { EscalationPolicyDto, PagingPersonDto } from '../../../contracts/escalation';
import type { ScheduleDto } from '../../../contracts/schedules';
import { SEVERITIES } from '../../../domain/incident/severity';
import { targetLabel, targetValue } from '../model/targets';

const minutes = (n: number) => `${n} ${n === 1 ? 'minute' : 'minutes'}`;

/** The policy for people who may not change it: the same facts as the editor, as sentences. */
export function PolicySummary({ policy, people, schedules }: { policy: EscalationPolicyDto; people: readonly PagingPersonDto[]; schedules: readonly ScheduleDto[] }) {
  return (
    <div className="space-y-3">
      <ol aria-label="Levels" className="space-y-2">
        {policy.levels.map((level, i) => (
          <li key={level.id} className="rounded-lg border border-slate-200 bg-white p-3">
            <h3 className="text-base font-semibold text-slate-900">Level {i + 1}</h3>
            <ul aria-label={`Targets of Level ${i + 1}`} className="mt-1 list-disc pl-5 text-sm text-slate-800">
              {level.targets.map((target) => (
                <li key={targetValue(target)}>{targetLabel(target, people, schedules)}</li>
              ))}
            </ul>
            <p className="mt-1 text-sm text-slate-600">Escalate after {minutes(level.escalateAfterMinutes)} if not acknowledged.</p>
          </li>
        ))}
      </ol>
      <dl className="grid gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white p-3 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-800">Repeats</dt>
        <dd className="text-slate-700">{policy.repeat === 0 ? 'Runs once' : `Runs ${policy.repeat + 1} times in all`}</dd>
        <dt className="font-medium text-slate-800">Acknowledgement timeout</dt>
        <dd className="text-slate-700">{policy.ackTimeoutMinutes === null ? 'Off' : `Escalates again ${minutes(policy.ackTimeoutMinutes)} after an acknowledgement if not resolved`}</dd>
        <dt className="font-medium text-slate-800">Urgency</dt>
        <dd className="text-slate-700">{SEVERITIES.map((s) => `${s} ${policy.urgencyBySeverity[s]}`).join(' · ')}</dd>
        <dt className="font-medium text-slate-800">Low-urgency pages</dt>
        <dd className="text-slate-700">{policy.lowUrgency === 'waking-hours' ? 'Only in the person’s waking hours' : 'At any time'}</dd>
      </dl>
    </div>
  );
}
