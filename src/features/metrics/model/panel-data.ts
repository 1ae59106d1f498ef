import type { MetricsDto } from '../../../contracts/metrics';
import { bucketRows, burnoutRows, groupTotals, groupedRows } from './chart-rows';
import type { BucketRow, BurnoutRow, GroupSeries, GroupedRow } from './chart-rows';
import { panelTitles } from './panels';
import type { GroupedMetric, Grouping } from './view-state';

/** Everything the charts and the tables draw, computed once per answer. */
export type PanelData = {
  bucket: 'week' | 'month';
  groupBy: Grouping | null;
  groupMetric: GroupedMetric;
  titles: ReturnType<typeof panelTitles>;
  rows: BucketRow[];
  grouped: { series: GroupSeries[]; rows: GroupedRow[] };
  totals: BucketRow[];
  burnout: BurnoutRow[];
};

export function panelData(dto: MetricsDto, groupBy: Grouping | null, groupMetric: GroupedMetric): PanelData {
  const bucket = dto.range.bucket;
  return {
    bucket,
    groupBy: groupBy && dto.groups.length > 0 ? groupBy : null,
    groupMetric,
    titles: panelTitles(bucket, groupBy, groupMetric),
    rows: bucketRows(dto),
    grouped: groupedRows(dto, groupMetric),
    totals: groupTotals(dto),
    burnout: burnoutRows(dto),
  };
}
