import type { MetricsDto } from '../../../contracts/metrics';
import { METRIC_LABELS } from '../model/definitions';
import { formatDuration, formatPercent } from '../model/format';

type Comparison = NonNullable<MetricsDto['comparison']>;

const value = (metric: Comparison['changes'][number]['metric'], v: number | null) => (metric === 'count' ? (v === null ? '—' : String(v)) : formatDuration(v));

/** "MTTA median — before: 30 min, after: 2 min (−93 %)", one line per compared metric. */
export function ComparisonList({ comparison, describe }: { comparison: Comparison; describe: (iso: { from: string; to: string }) => string }) {
  return (
    <section aria-labelledby="metrics-comparison" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="metrics-comparison" className="text-base font-semibold text-slate-900">
        Before and after
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Before: {describe(comparison.before)} · after: {describe(comparison.after)}
      </p>
      <ul aria-label="Changes" className="mt-2 space-y-1 text-sm text-slate-800">
        {comparison.changes.map((change) => (
          <li key={change.metric}>
            <span className="font-medium">{METRIC_LABELS[change.metric]}</span> — before: {value(change.metric, change.before)}, after: {value(change.metric, change.after)}
            {change.changePercent === null ? '' : ` (${formatPercent(change.changePercent)})`}
          </li>
        ))}
      </ul>
    </section>
  );
}
