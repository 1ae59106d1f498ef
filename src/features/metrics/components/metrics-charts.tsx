import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useElementWidth } from '../hooks/use-element-width';
import { axisUnitFor, formatDuration } from '../model/format';
import type { AxisUnit } from '../model/format';
import type { BucketRow } from '../model/chart-rows';
import type { PanelData } from '../model/panel-data';
import { BUSINESS_COLOUR, MEDIAN_COLOUR, NIGHT_COLOUR, P90_COLOUR, SERIES_COLOURS, WEEKEND_COLOUR } from '../model/panels';
import { METRIC_DEFINITIONS } from '../model/definitions';
import { Panel } from './panel';

/** The User Timing mark set once the charts of an answer have committed (read by scripts/bench-metrics-page.ts). */
export const METRICS_CHARTS_MARK = 'metrics:charts';

const HEIGHT = 240;

/**
 * Every how many category labels one is shown: a fixed number, because recharts' own choice
 * ("preserveEnd" and friends) measures each label in the DOM, which dominated the render time of a
 * year of weekly buckets. About 72 px per label ("23 Nov 2026" at 12 px) plus the y axis.
 */
function labelInterval(count: number, width: number): number {
  const fit = Math.max(1, Math.floor((width - 60) / 72));
  return Math.max(0, Math.ceil(count / fit) - 1);
}
const AXIS_TICK = { fontSize: 12, fill: '#475569' };

/**
 * True once the element is within a screen's height of the viewport, and from then on. Charts
 * below the fold wait for it, so the answer's first screen draws without waiting for the rest: each
 * recharts chart costs several animation frames and its own layout. Where nothing is laid out
 * (jsdom, no IntersectionObserver) everything counts as near.
 */
function useNearViewport<T extends HTMLElement>(eager: boolean) {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(eager || typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setNear(true);
    }, { rootMargin: '0px 0px 100% 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return [ref, near] as const;
}

/**
 * A chart box as wide as its panel; recharts draws at that width (no ResponsiveContainer, which
 * needs layout to exist). Below the fold (`eager` false) it keeps the chart's height empty until it
 * comes near the viewport, so the page does not jump as charts appear.
 */
function ChartBox({ labelledBy, height, eager, children }: { labelledBy: string; height: number; eager: boolean; children: (width: number) => ReactNode }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(640);
  const [nearRef, near] = useNearViewport<HTMLDivElement>(eager);
  return (
    <div ref={nearRef}>
      <figure ref={ref} aria-labelledby={labelledBy} data-deferred={near ? undefined : 'true'} className="m-0 w-full min-w-0" style={{ minHeight: height }}>
        {width === null || !near ? null : children(width)}
      </figure>
    </div>
  );
}

type DurationPoint = { label: string; median: number | null; p90: number | null };

function inUnit(value: number | null, unit: AxisUnit): number | null {
  return value === null ? null : value / unit.ms;
}

type SpreadOf = { median: keyof BucketRow; p90: keyof BucketRow };

function DurationChart({ id, title, rows, keys, eager }: { id: string; title: string; rows: BucketRow[]; keys: SpreadOf; eager: boolean }) {
  const { unit, data } = useMemo(() => {
    const points = rows.map((r) => ({ label: r.label, median: r[keys.median] as number | null, p90: r[keys.p90] as number | null }));
    const axis = axisUnitFor(points.flatMap((p) => [p.median, p.p90]));
    const inAxis: DurationPoint[] = points.map((p) => ({ label: p.label, median: inUnit(p.median, axis), p90: inUnit(p.p90, axis) }));
    return { unit: axis, data: inAxis };
  }, [rows, keys]);
  const show = (value: unknown) => (typeof value === 'number' ? formatDuration(value * unit.ms) : '—');
  return (
    <Panel id={id} title={title}>
      <ChartBox labelledBy={id} height={HEIGHT} eager={eager}>
        {(width) => (
          <LineChart width={width} height={HEIGHT} data={data} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} title={title}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} interval={labelInterval(data.length, width)} />
            <YAxis tick={AXIS_TICK} width={44} label={{ value: unit.name, angle: -90, position: 'insideLeft', style: { fontSize: 12, fill: '#475569' } }} />
            <Tooltip formatter={show} />
            <Legend itemSorter={null} />
            <Line type="monotone" name="Median" dataKey="median" stroke={MEDIAN_COLOUR} strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line type="monotone" name="p90" dataKey="p90" stroke={P90_COLOUR} strokeWidth={2} strokeDasharray="5 3" dot={false} isAnimationActive={false} />
          </LineChart>
        )}
      </ChartBox>
    </Panel>
  );
}

function CountChart({ id, title, data, eager }: { id: string; title: string; data: PanelData['rows']; eager: boolean }) {
  return (
    <Panel id={id} title={title}>
      <ChartBox labelledBy={id} height={HEIGHT} eager={eager}>
        {(width) => (
          <BarChart width={width} height={HEIGHT} data={data} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} title={title}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} interval={labelInterval(data.length, width)} />
            <YAxis tick={AXIS_TICK} width={44} allowDecimals={false} />
            <Tooltip />
            <Bar name="Incidents" dataKey="count" fill={MEDIAN_COLOUR} isAnimationActive={false} />
          </BarChart>
        )}
      </ChartBox>
    </Panel>
  );
}

function GroupedChart({ id, data }: { id: string; data: PanelData }) {
  const { series, rows } = data.grouped;
  const durations = data.groupMetric !== 'count';
  const { unit, chartRows } = useMemo(() => {
    const axis = axisUnitFor(durations ? rows.flatMap((row) => series.map((s) => row[s.dataKey] as number | null)) : []);
    const inAxis = durations ? rows.map((row) => ({ ...row, ...Object.fromEntries(series.map((s) => [s.dataKey, inUnit(row[s.dataKey] as number | null, axis)])) })) : rows;
    return { unit: axis, chartRows: inAxis };
  }, [durations, rows, series]);
  const show = (value: unknown) => (typeof value === 'number' ? (durations ? formatDuration(value * unit.ms) : String(value)) : '—');
  return (
    <Panel id={id} title={data.titles.grouped}>
      <ChartBox labelledBy={id} height={HEIGHT + 40} eager={false}>
        {(width) =>
          durations ? (
            <LineChart width={width} height={HEIGHT + 40} data={chartRows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} title={data.titles.grouped}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="label" tick={AXIS_TICK} interval={labelInterval(rows.length, width)} />
              <YAxis tick={AXIS_TICK} width={44} label={{ value: unit.name, angle: -90, position: 'insideLeft', style: { fontSize: 12, fill: '#475569' } }} />
              <Tooltip formatter={show} />
              <Legend itemSorter={null} />
              {series.map((s, i) => (
                <Line key={s.key} type="monotone" name={s.name} dataKey={s.dataKey} stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
              ))}
            </LineChart>
          ) : (
            <BarChart width={width} height={HEIGHT + 40} data={chartRows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} title={data.titles.grouped}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="label" tick={AXIS_TICK} interval={labelInterval(rows.length, width)} />
              <YAxis tick={AXIS_TICK} width={44} allowDecimals={false} />
              <Tooltip formatter={show} />
              <Legend itemSorter={null} />
              {series.map((s, i) => (
                <Bar key={s.key} name={s.name} dataKey={s.dataKey} stackId="groups" fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          )
        }
      </ChartBox>
    </Panel>
  );
}

/** A person's name over their zone, so every bar says whose clock it was read on. */
function PersonTick({ x, y, payload, people }: { x?: number | string; y?: number | string; payload?: { value?: unknown }; people: Map<string, { name: string; zone: string }> }) {
  const person = people.get(String(payload?.value ?? ''));
  return (
    <text x={Number(x)} y={Number(y)} textAnchor="end" fontSize={12} fill="#334155">
      <tspan x={Number(x)} dy={-2}>
        {person?.name ?? String(payload?.value ?? '')}
      </tspan>
      <tspan x={Number(x)} dy={13} fontSize={10} fill="#64748b">
        {person?.zone ?? ''}
      </tspan>
    </text>
  );
}

function BurnoutChart({ id, data }: { id: string; data: PanelData }) {
  const people = useMemo(() => new Map(data.burnout.map((row) => [row.label, { name: row.name, zone: row.zone }])), [data.burnout]);
  return (
    <Panel id={id} title={data.titles.burnout} note={METRIC_DEFINITIONS.interruptions}>
      <ChartBox labelledBy={id} height={data.burnout.length * 34 + 70} eager={false}>
        {(width) => (
          <BarChart layout="vertical" width={width} height={data.burnout.length * 34 + 70} data={data.burnout} margin={{ top: 8, right: 12, bottom: 4, left: 4 }} title={data.titles.burnout}>
            <CartesianGrid stroke="#e2e8f0" horizontal={false} />
            <XAxis type="number" tick={AXIS_TICK} allowDecimals={false} />
            <YAxis type="category" dataKey="label" tickLine={false} width={Math.min(170, Math.round(width * 0.42))} interval={0} tick={(props: object) => <PersonTick {...props} people={people} />} />
            <Tooltip />
            <Legend itemSorter={null} />
            <Bar name="Night (22:00–07:00)" dataKey="night" stackId="hours" fill={NIGHT_COLOUR} isAnimationActive={false} />
            <Bar name="Weekend daytime" dataKey="weekendDay" stackId="hours" fill={WEEKEND_COLOUR} isAnimationActive={false} />
            <Bar name="Business hours" dataKey="businessHours" stackId="hours" fill={BUSINESS_COLOUR} isAnimationActive={false} />
          </BarChart>
        )}
      </ChartBox>
    </Panel>
  );
}

const MTTA: SpreadOf = { median: 'mttaMedian', p90: 'mttaP90' };
const MTTR: SpreadOf = { median: 'mttrMedian', p90: 'mttrP90' };
const ESCALATION: SpreadOf = { median: 'escalationMedian', p90: 'escalationP90' };

/**
 * The metrics as charts (recharts, so this module loads only with the metrics page), animations
 * off. MTTA and MTTR, the page's first screen, draw at once; the others when scrolled near.
 * Memoised: the page's data is memoised per answer and grouping, so typing in the controls does
 * not redraw the charts.
 */
function MetricsCharts({ data }: { data: PanelData }) {
  useEffect(() => {
    performance.mark(METRICS_CHARTS_MARK);
  }, [data]);
  const { titles, rows } = data;
  return (
    <>
      <div className="grid gap-4 lg:grid-cols-2">
        <DurationChart id="metrics-mtta" title={titles.mtta} rows={rows} keys={MTTA} eager />
        <DurationChart id="metrics-mttr" title={titles.mttr} rows={rows} keys={MTTR} eager />
        <CountChart id="metrics-count" title={titles.count} data={rows} eager={false} />
        <DurationChart id="metrics-escalation" title={titles.escalation} rows={rows} keys={ESCALATION} eager={false} />
      </div>
      {data.groupBy ? <GroupedChart id="metrics-grouped" data={data} /> : null}
      {data.burnout.length > 0 ? <BurnoutChart id="metrics-burnout" data={data} /> : null}
    </>
  );
}

export default memo(MetricsCharts);
