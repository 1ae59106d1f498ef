import type { ReactNode } from 'react';
import type { BucketRow } from '../model/chart-rows';
import { formatDuration } from '../model/format';
import type { PanelData } from '../model/panel-data';
import { METRIC_DEFINITIONS } from '../model/definitions';
import { Panel } from './panel';

const th = 'border-b border-slate-300 px-2 py-1.5 text-left font-semibold text-slate-800';
const td = 'border-b border-slate-100 px-2 py-1 text-slate-800 tabular-nums';

/**
 * Below 640 px each row becomes a small card: the header row is kept for screen readers only and
 * every cell shows its column's name (`data-label`) before its value, so nothing scrolls sideways.
 * From 640 px up it is an ordinary table. The native elements keep their table roles either way.
 */
const NARROW =
  'max-sm:[&_thead]:sr-only max-sm:[&_tr]:block max-sm:[&_tbody_tr]:mb-2 max-sm:[&_tbody_tr]:rounded-md max-sm:[&_tbody_tr]:border max-sm:[&_tbody_tr]:border-slate-200 max-sm:[&_tbody_tr]:px-2 max-sm:[&_tbody_th]:block max-sm:[&_tbody_th]:border-b max-sm:[&_td]:flex max-sm:[&_td]:justify-between max-sm:[&_td]:gap-2 max-sm:[&_td]:border-0 max-sm:[&_td]:before:font-medium max-sm:[&_td]:before:text-slate-600 max-sm:[&_td]:before:content-[attr(data-label)]';

function Table({ labelledBy, head, children }: { labelledBy: string; head: string[]; children: ReactNode }) {
  return (
    <div className="sm:overflow-x-auto">
      <table aria-labelledby={labelledBy} className={`w-full border-collapse text-sm sm:min-w-max ${NARROW}`}>
        <thead>
          <tr>
            {head.map((name) => (
              <th key={name} scope="col" className={th}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function RowHead({ children }: { children: ReactNode }) {
  return (
    <th scope="row" className={`${td} text-left font-medium whitespace-nowrap`}>
      {children}
    </th>
  );
}

type SpreadKeys = { n: keyof BucketRow; median: keyof BucketRow; p90: keyof BucketRow };

function DurationTable({ id, title, first, measured, rows, keys }: { id: string; title: string; first: string; measured: string; rows: BucketRow[]; keys: SpreadKeys }) {
  return (
    <Panel id={id} title={title}>
      <Table labelledBy={id} head={[first, measured, 'Median', 'p90']}>
        {rows.map((row) => (
          <tr key={row.start}>
            <RowHead>{row.label}</RowHead>
            <td data-label={measured} className={td}>{row[keys.n]}</td>
            <td data-label="Median" className={td}>{formatDuration(row[keys.median] as number | null)}</td>
            <td data-label="p90" className={td}>{formatDuration(row[keys.p90] as number | null)}</td>
          </tr>
        ))}
      </Table>
    </Panel>
  );
}

const MTTA: SpreadKeys = { n: 'mttaN', median: 'mttaMedian', p90: 'mttaP90' };
const MTTR: SpreadKeys = { n: 'mttrN', median: 'mttrMedian', p90: 'mttrP90' };
const ESCALATION: SpreadKeys = { n: 'escalationN', median: 'escalationMedian', p90: 'escalationP90' };

/** Each group's numbers over the whole range (shown with the charts and with the tables). */
export function GroupTotalsTable({ data }: { data: PanelData }) {
  if (!data.groupBy) return null;
  const name = data.groupBy[0]!.toUpperCase() + data.groupBy.slice(1);
  return (
    <Panel id="metrics-group-totals" title={data.titles.groupTotals}>
      <Table labelledBy="metrics-group-totals" head={[name, 'Incidents', 'MTTA median', 'MTTA p90', 'MTTR median', 'MTTR p90', 'First escalation median']}>
        {data.totals.map((row) => (
          <tr key={row.start}>
            <RowHead>{row.label}</RowHead>
            <td data-label="Incidents" className={td}>{row.count}</td>
            <td data-label="MTTA median" className={td}>{formatDuration(row.mttaMedian)}</td>
            <td data-label="MTTA p90" className={td}>{formatDuration(row.mttaP90)}</td>
            <td data-label="MTTR median" className={td}>{formatDuration(row.mttrMedian)}</td>
            <td data-label="MTTR p90" className={td}>{formatDuration(row.mttrP90)}</td>
            <td data-label="First escalation median" className={td}>{formatDuration(row.escalationMedian)}</td>
          </tr>
        ))}
      </Table>
    </Panel>
  );
}

/** The charts' numbers as tables with headers: the text alternative for screen readers (and for copying). */
export function MetricsTables({ data }: { data: PanelData }) {
  const { titles, rows } = data;
  const first = data.bucket === 'week' ? 'Week of' : 'Month';
  const durations = data.groupMetric !== 'count';
  return (
    <>
      <div className="grid gap-4 lg:grid-cols-2">
        <DurationTable id="metrics-mtta" title={titles.mtta} first={first} measured="Acknowledged" rows={rows} keys={MTTA} />
        <DurationTable id="metrics-mttr" title={titles.mttr} first={first} measured="Resolved" rows={rows} keys={MTTR} />
        <Panel id="metrics-count" title={titles.count}>
          <Table labelledBy="metrics-count" head={[first, 'Incidents']}>
            {rows.map((row) => (
              <tr key={row.start}>
                <RowHead>{row.label}</RowHead>
                <td data-label="Incidents" className={td}>{row.count}</td>
              </tr>
            ))}
          </Table>
        </Panel>
        <DurationTable id="metrics-escalation" title={titles.escalation} first={first} measured="Escalated" rows={rows} keys={ESCALATION} />
      </div>
      {data.groupBy ? (
        <Panel id="metrics-grouped" title={titles.grouped}>
          <Table labelledBy="metrics-grouped" head={[first, ...data.grouped.series.map((s) => s.name)]}>
            {data.grouped.rows.map((row) => (
              <tr key={row.start}>
                <RowHead>{row.label}</RowHead>
                {data.grouped.series.map((s) => {
                  const value = row[s.dataKey] as number | null;
                  return (
                    <td data-label={s.name} key={s.key} className={td}>
                      {durations ? formatDuration(value) : (value ?? '—')}
                    </td>
                  );
                })}
              </tr>
            ))}
          </Table>
        </Panel>
      ) : null}
      {data.burnout.length > 0 ? (
        <Panel id="metrics-burnout" title={titles.burnout} note={METRIC_DEFINITIONS.interruptions}>
          <Table labelledBy="metrics-burnout" head={['Person', 'Time zone', 'Interruptions', 'Night', 'Weekend', 'Business hours']}>
            {data.burnout.map((row) => (
              <tr key={row.userId}>
                <RowHead>{row.name}</RowHead>
                <td data-label="Time zone" className={td}>{row.zone}</td>
                <td data-label="Interruptions" className={td}>{row.total}</td>
                <td data-label="Night" className={td}>{row.night}</td>
                <td data-label="Weekend" className={td}>{row.weekend}</td>
                <td data-label="Business hours" className={td}>{row.businessHours}</td>
              </tr>
            ))}
          </Table>
        </Panel>
      ) : null}
    </>
  );
}
