import { useMemo, useState } from 'react';
import type { EscalationPolicyViewDto } from '../../../contracts/escalation';
import type { EscalationPolicy } from '../../../domain/escalation/policy';
import { SEVERITIES } from '../../../domain/incident/severity';
import type { Severity } from '../../../domain/incident/severity';
import type { EpochMs } from '../../../domain/time/instant';
import { instantOfLocalText, zonedDateTime } from '../../../domain/time/zoned';
import { Field, inputClass } from '../../../shared/components/field';
import { directoryFromView } from '../model/directory';
import { previewLines } from '../model/preview-lines';
import type { PreviewTone } from '../model/preview-lines';
import { runPreview } from '../model/run-preview';

const TONE: Record<PreviewTone, string> = {
  page: 'border-blue-700',
  level: 'border-slate-500',
  quiet: 'border-violet-700',
  deferred: 'border-violet-700',
  unreachable: 'border-red-700',
  warning: 'border-amber-600',
};

function localInputValue(zone: string, at: number): string {
  const { date, time } = zonedDateTime(zone, at);
  return `${date}T${time}`;
}

function instantOfInput(zone: string, value: string): EpochMs | undefined {
  const [date, time] = value.split('T');
  if (!date || !time) return undefined;
  try {
    return instantOfLocalText(zone, date, time.slice(0, 5));
  } catch {
    return undefined;
  }
}

/**
 * "What would happen if an alert fired at T": the domain engine runs the policy (the saved one,
 * or the unsaved draft while editing) on a fake clock in the browser, against the people and
 * schedules the API sent, and every decision is listed minute by minute.
 */
export function EscalationPreview({ policy, view, zone, now }: { policy: EscalationPolicy | null; view: Pick<EscalationPolicyViewDto, 'people' | 'schedules' | 'channels'>; zone: string; now: number }) {
  const [at, setAt] = useState(() => localInputValue(zone, now));
  const [severity, setSeverity] = useState<Severity>('P1');
  const directory = useMemo(() => directoryFromView(view), [view]);
  const from = instantOfInput(zone, at);
  const lines = useMemo(() => {
    if (!policy || from === undefined) return null;
    const format = new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const scheduleName = (id: string) => view.schedules.find((s) => s.id === id)?.name;
    return previewLines(runPreview({ policy, directory, severity, from }), from, directory, scheduleName, (instant) => format.format(instant));
  }, [policy, directory, severity, from, zone, view.schedules]);

  return (
    <section aria-labelledby="preview-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="preview-heading" className="text-base font-semibold text-slate-900">
        Preview
      </h2>
      <p className="text-sm text-slate-600">What would happen if an alert fired and nobody acknowledged. Times are in {zone}.</p>
      <div className="mt-2 flex flex-wrap items-end gap-3">
        <Field label="If an alert fired at" error={from === undefined ? 'must be a date and time' : undefined}>
          {(props) => <input {...props} type="datetime-local" className={inputClass} value={at} onChange={(e) => setAt(e.target.value)} />}
        </Field>
        <Field label="with severity">
          {(props) => (
            <select {...props} className={inputClass} value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {policy === null ? (
        <p className="mt-3 text-sm text-slate-600">Fix the problems above to see the preview.</p>
      ) : lines === null ? null : lines.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">Nobody would be paged.</p>
      ) : (
        <ol aria-label="What would happen" className="mt-3 space-y-1">
          {lines.map((line, i) => (
            <li key={i} className={`grid grid-cols-[4.5rem_1fr] gap-2 border-l-4 py-0.5 pl-2 text-sm ${TONE[line.tone]}`}>
              <span className="font-mono text-slate-700 tabular-nums">{line.offset}</span>
              <span className="text-slate-900">
                {line.sentence}
                {line.tag ? <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs font-medium text-slate-800">{line.tag}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
