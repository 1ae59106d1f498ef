import { memo, useId, useState } from 'react';
import { HOUR_MS } from '../../../domain/time/instant';
import { inputClass } from '../../../shared/components/field';
import { LoadError } from '../../../shared/components/page-state';
import { useFairness } from '../api/get-fairness';

const WINDOWS = [
  { value: 'past-4', label: 'Past 4 weeks', weeks: -4 },
  { value: 'past-12', label: 'Past 12 weeks', weeks: -12 },
  { value: 'next-4', label: 'Next 4 weeks', weeks: 4 },
  { value: 'next-12', label: 'Next 12 weeks', weeks: 12 },
] as const;

const WEEK_MS = 7 * 24 * HOUR_MS;
const hours = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en-US');

/**
 * Who carries how much (primary and backup together), counted by the server in each person's own
 * zone: nights and weekends are theirs, not the viewer's. Rows far from the mean are flagged.
 */
export const FairnessPanel = memo(function FairnessPanel({ scheduleId, now }: { scheduleId: string; now: number }) {
  const selectId = useId();
  const [choice, setChoice] = useState<(typeof WINDOWS)[number]['value']>('past-4');
  const weeks = WINDOWS.find((w) => w.value === choice)!.weeks;
  // Whole hours keep the query key steady for the life of the page.
  const anchor = Math.floor(now / HOUR_MS) * HOUR_MS;
  const from = new Date(weeks < 0 ? anchor + weeks * WEEK_MS : anchor).toISOString();
  const to = new Date(weeks < 0 ? anchor : anchor + weeks * WEEK_MS).toISOString();
  const query = useFairness(scheduleId, from, to);
  return (
    <section aria-labelledby="fairness-title" className="rounded-md border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h2 id="fairness-title" className="text-base font-semibold text-slate-900">
          Fairness
        </h2>
        <div>
          <label htmlFor={selectId} className="mb-1 block text-xs font-medium text-slate-700">
            Window
          </label>
          <select id={selectId} className={`${inputClass} w-auto`} value={choice} onChange={(e) => setChoice(e.target.value as typeof choice)}>
            {WINDOWS.map((w) => (
              <option key={w.value} value={w.value}>
                {w.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <p className="mt-2 text-sm text-slate-600">Counting hours…</p> : null}
      {query.data ? (
        <p className="mt-2 text-xs text-slate-600">
          Mean {hours(query.data.meanHours)} h on call (primary and backup). Night is 22:00–07:00 and weekends Saturday–Sunday in each person's own zone; rows more than 20 % from the mean are flagged.
        </p>
      ) : null}
      {query.data ? (
        <div className="mt-2 max-w-full overflow-x-auto">
          <table className="w-full min-w-[32rem] text-left text-sm">
            <caption className="sr-only">Hours on call per person</caption>
            <thead>
              <tr className="border-b border-slate-200 text-xs text-slate-600">
                <th scope="col" className="py-1 pr-3 font-medium">Person</th>
                <th scope="col" className="py-1 pr-3 font-medium">On call (h)</th>
                <th scope="col" className="py-1 pr-3 font-medium">Night (h)</th>
                <th scope="col" className="py-1 pr-3 font-medium">Weekend (h)</th>
                <th scope="col" className="py-1 font-medium">Versus mean</th>
              </tr>
            </thead>
            <tbody>
              {query.data.people.map((p) => (
                <tr key={p.userId} className={`border-b border-slate-100 ${p.flagged ? 'bg-amber-50' : ''}`}>
                  <th scope="row" className="py-1.5 pr-3 font-medium text-slate-900">
                    {p.name} <span className="text-xs font-normal text-slate-600">{p.zone}</span>
                  </th>
                  <td className="py-1.5 pr-3 tabular-nums">{hours(p.onCallHours)}</td>
                  <td className="py-1.5 pr-3 tabular-nums">{hours(p.nightHours)}</td>
                  <td className="py-1.5 pr-3 tabular-nums">{hours(p.weekendHours)}</td>
                  <td className="py-1.5 tabular-nums">
                    {p.deviation >= 0 ? '+' : '−'}
                    {Math.round(Math.abs(p.deviation) * 100)} %
                    {p.flagged ? <span className="ml-2 rounded bg-amber-200 px-1.5 py-0.5 text-xs font-semibold text-amber-950">Flagged: {p.deviation > 0 ? 'carries more' : 'carries less'}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
});
