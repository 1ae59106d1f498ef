import { useState } from 'react';
import type { FormEvent } from 'react';
import { SEVERITIES } from '../../../domain/incident/severity';
import { Button, buttonClass } from '../../../shared/components/button';
import { Field, inputClass } from '../../../shared/components/field';
import type { LocalDay } from '../../../domain/time/zoned';
import { GROUPED_METRICS, GROUPINGS, PRESETS, presetOf, presetRange, previousRange } from '../model/view-state';
import type { GroupedMetric, Grouping, MetricsView } from '../model/view-state';
import { METRIC_LABELS } from '../model/definitions';

export type Choice = { id: string; name: string };
export type FieldErrors = Partial<Record<'from' | 'to' | 'compareFrom' | 'compareTo', string>>;

const GROUPING_LABELS: Record<Grouping, string> = { severity: 'Severity', service: 'Service', team: 'Team' };
const selectClass = `${inputClass} sm:w-auto`;

type Props = {
  view: MetricsView;
  today: LocalDay;
  zone: string;
  services: Choice[];
  teams: Choice[];
  errors: FieldErrors;
  onChange: (next: MetricsView) => void;
};

/**
 * The range (dates in the viewer's zone, applied together with the comparison's), presets that
 * apply at once, bucket, grouping and filters. Every choice ends up in the URL through `onChange`.
 */
export function MetricsControls({ view, today, zone, services, teams, errors, onChange }: Props) {
  const [draft, setDraft] = useState({ from: view.from, to: view.to, compareFrom: view.compare?.from ?? '', compareTo: view.compare?.to ?? '' });
  const [seen, setSeen] = useState(view);
  // The URL changed underneath (a preset, back, a link): the date fields follow it.
  if (seen !== view) {
    setSeen(view);
    setDraft({ from: view.from, to: view.to, compareFrom: view.compare?.from ?? '', compareTo: view.compare?.to ?? '' });
  }
  const active = presetOf(view, today);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...view, from: draft.from, to: draft.to, compare: view.compare ? { from: draft.compareFrom, to: draft.compareTo } : null });
  };
  const toggleCompare = (on: boolean) => {
    const range = { from: draft.from, to: draft.to };
    onChange({ ...view, ...range, compare: on ? (previousRange(range) ?? { from: draft.from, to: draft.to }) : null });
  };
  const date = (key: keyof typeof draft, label: string) => (
    <Field label={label} error={errors[key]} className="min-w-[9.5rem] flex-1 sm:flex-none">
      {(props) => <input {...props} type="date" className={inputClass} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />}
    </Field>
  );
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
      <div role="group" aria-label="Range presets" className="flex flex-wrap gap-2">
        {PRESETS.map((preset) => (
          <Button key={preset.key} size="sm" variant={active === preset.key ? 'primary' : 'secondary'} aria-pressed={active === preset.key} onClick={() => onChange({ ...view, ...presetRange(preset.key, today) })}>
            {preset.label}
          </Button>
        ))}
      </div>
      <form onSubmit={apply} aria-label="Date range" className="flex flex-wrap items-end gap-3">
        {date('from', 'From')}
        {date('to', 'To')}
        {view.compare ? (
          <>
            {date('compareFrom', 'Before: from')}
            {date('compareTo', 'Before: to')}
          </>
        ) : null}
        <button type="submit" className={buttonClass('secondary')}>
          Apply dates
        </button>
        <p className="w-full text-xs text-slate-600">Dates are read in {zone}; both days are included.</p>
      </form>
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Bucket">
          {(props) => (
            <select {...props} className={selectClass} value={view.bucket} onChange={(e) => onChange({ ...view, bucket: e.target.value === 'month' ? 'month' : 'week' })}>
              <option value="week">Week</option>
              <option value="month">Month</option>
            </select>
          )}
        </Field>
        <Field label="Group by">
          {(props) => (
            <select {...props} className={selectClass} value={view.groupBy ?? ''} onChange={(e) => onChange({ ...view, groupBy: (GROUPINGS as readonly string[]).includes(e.target.value) ? (e.target.value as Grouping) : null })}>
              <option value="">None</option>
              {GROUPINGS.map((g) => (
                <option key={g} value={g}>
                  {GROUPING_LABELS[g]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {view.groupBy ? (
          <Field label="Grouped chart shows">
            {(props) => (
              <select {...props} className={selectClass} value={view.groupMetric} onChange={(e) => onChange({ ...view, groupMetric: e.target.value as GroupedMetric })}>
                {GROUPED_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {METRIC_LABELS[m]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field label="Severity">
          {(props) => (
            <select {...props} className={selectClass} value={view.severity ?? ''} onChange={(e) => onChange({ ...view, severity: SEVERITIES.find((s) => s === e.target.value) ?? null })}>
              <option value="">All</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Service">
          {(props) => (
            <select {...props} className={selectClass} value={view.serviceId ?? ''} onChange={(e) => onChange({ ...view, serviceId: e.target.value || null })}>
              <option value="">All</option>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Team">
          {(props) => (
            <select {...props} className={selectClass} value={view.teamId ?? ''} onChange={(e) => onChange({ ...view, teamId: e.target.value || null })}>
              <option value="">All</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="flex items-center gap-2 pb-1.5 text-sm text-slate-800">
          <input type="checkbox" checked={view.compare !== null} onChange={(e) => toggleCompare(e.target.checked)} className="h-4 w-4" />
          Compare with an earlier range
        </label>
      </div>
    </div>
  );
}
