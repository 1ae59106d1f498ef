import { METRIC_LABELS } from './definitions';
import type { GroupedMetric, Grouping } from './view-state';

/** The titles every chart and its table share: the accessible name of both. */
export function panelTitles(bucket: 'week' | 'month', groupBy: Grouping | null, groupMetric: GroupedMetric) {
  const per = `per ${bucket}`;
  return {
    mtta: `MTTA ${per} (median and p90)`,
    mttr: `MTTR ${per} (median and p90)`,
    count: `Incidents ${per}`,
    grouped: groupBy ? `${METRIC_LABELS[groupMetric]} ${per} by ${groupBy}` : '',
    groupTotals: groupBy ? `Totals by ${groupBy}` : '',
    escalation: `Time to first escalation ${per} (median and p90)`,
    burnout: 'Interruptions per person: night, weekend and business hours (each in their own time zone)',
  };
}

/** Colours that stay apart for the common kinds of colour blindness (Okabe–Ito), then a few more. */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#8C6D31', '#7F7F7F', '#17BECF'];

export const MEDIAN_COLOUR = '#0072B2';
export const P90_COLOUR = '#D55E00';
export const NIGHT_COLOUR = '#1e3a8a';
export const WEEKEND_COLOUR = '#E69F00';
export const BUSINESS_COLOUR = '#94a3b8';
