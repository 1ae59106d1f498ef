import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { zonedDateTime } from '../../../domain/time/zoned';
import { ApiRequestError } from '../../../lib/api-client';
import { Button, buttonClass } from '../../../shared/components/button';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { metricsCsvUrl, useMetrics } from '../api/get-metrics';
import { panelData } from '../model/panel-data';
import { readView, toQuery, writeView } from '../model/view-state';
import type { MetricsView } from '../model/view-state';
import { ComparisonList } from './comparison-list';
import { MetricsControls } from './metrics-controls';
import type { Choice, FieldErrors } from './metrics-controls';
import { GroupTotalsTable, MetricsTables } from './metrics-tables';
import { SummaryCards } from './summary-cards';

// recharts is about 110 KB gzipped: it loads with this page only, and starts loading as the page
// mounts so that it is usually there before the first answer.
const loadCharts = () => import('./metrics-charts');
const MetricsCharts = lazy(loadCharts);

const FIELD_LABELS: Record<string, string> = { from: 'From', to: 'To', compareFrom: 'Before: from', compareTo: 'Before: to', zone: 'Time zone' };
const DATE_FIELDS = new Set(['from', 'to', 'compareFrom', 'compareTo']);

type Props = { zone: string; services: Choice[]; teams: Choice[] };

/** MTTA, MTTR, escalations and interruptions for a range, as charts or tables, with the state in the URL. */
export function MetricsPage({ zone, services, teams }: Props) {
  const [search, setSearch] = useSearchParams();
  const [today] = useState(() => zonedDateTime(zone, Date.now()).day);
  const searchText = search.toString();
  const view = useMemo(() => readView(new URLSearchParams(searchText), today), [searchText, today]);
  const built = useMemo(() => toQuery(view, zone), [view, zone]);
  const metrics = useMetrics(built.query);
  const setView = (next: MetricsView) => setSearch(writeView(next), { replace: true });
  useEffect(() => {
    void loadCharts();
  }, []);

  const error = metrics.error;
  const serverFields = error instanceof ApiRequestError && error.status === 400 ? error.fields : [];
  const errors: FieldErrors = {};
  for (const p of built.problems) errors[p.field] = p.problem;
  for (const f of serverFields) if (DATE_FIELDS.has(f.field)) errors[f.field as keyof FieldErrors] = f.problem;

  const data = useMemo(() => (metrics.data ? panelData(metrics.data, view.groupBy, view.groupMetric) : null), [metrics.data, view.groupBy, view.groupMetric]);
  const describeRange = (range: { from: string; to: string }) => {
    const first = zonedDateTime(zone, Date.parse(range.from)).date;
    const last = zonedDateTime(zone, Date.parse(range.to) - 1).date;
    return `${first} to ${last}`;
  };

  let body;
  if (built.query === null) body = null;
  else if (serverFields.length > 0) {
    body = (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        <p className="font-medium">These settings cannot be shown.</p>
        <ul className="mt-1 list-disc pl-5">
          {serverFields.map((f) => (
            <li key={`${f.field}:${f.problem}`}>
              {FIELD_LABELS[f.field] ?? f.field}: {f.problem}
            </li>
          ))}
        </ul>
      </div>
    );
  } else if (error) body = <LoadError error={error} onRetry={() => void metrics.refetch()} />;
  else if (!data || !metrics.data) body = <Loading label="Loading metrics…" />;
  else {
    const dto = metrics.data;
    const empty = dto.total.count === 0;
    body = empty ? (
      <div className="space-y-4">
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-700">No incidents in this range</p>
        {dto.comparison ? <ComparisonList comparison={dto.comparison} describe={describeRange} /> : null}
      </div>
    ) : (
      <div aria-busy={metrics.isFetching} className={`space-y-4 transition-opacity ${metrics.isPlaceholderData ? 'opacity-60' : ''}`}>
        <SummaryCards total={dto.total} />
        {dto.comparison ? <ComparisonList comparison={dto.comparison} describe={describeRange} /> : null}
        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm" aria-pressed={view.table} onClick={() => setView({ ...view, table: !view.table })}>
            Show as table
          </Button>
          <a className={buttonClass('secondary', 'sm')} href={metricsCsvUrl(built.query)} download>
            Download CSV
          </a>
        </div>
        {view.table ? (
          <MetricsTables data={data} />
        ) : (
          <Suspense fallback={<Loading label="Loading the charts…" />}>
            <MetricsCharts data={data} />
          </Suspense>
        )}
        <GroupTotalsTable data={data} />
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Metrics</h1>
        <p className="text-sm text-slate-600">How fast incidents are acknowledged and resolved, and who gets woken up. Weeks and months are cut in {zone}.</p>
      </div>
      <MetricsControls view={view} today={today} zone={zone} services={services} teams={teams} errors={errors} onChange={setView} />
      {body}
    </div>
  );
}
