/**
 * What each number on the metrics page means, in one place: the summary cards' tooltips, the
 * comparison's labels and the charts' captions read these. They restate the rules of
 * domain/metrics/incident-metrics.ts and interruptions.ts for a reader, not a programmer.
 */
export type MetricKey = 'count' | 'mttaMedian' | 'mttaP90' | 'mttrMedian' | 'mttrP90' | 'escalationMedian' | 'escalationRate' | 'interruptions';

const SPREAD =
  'The median is the middle value; p90 is the value nine in ten incidents stay at or under. Both are interpolated between neighbouring values (as a spreadsheet’s PERCENTILE.INC), so the median of 2 and 3 minutes is 2 min 30 s.';

const ACK = 'Time from the incident being triggered to its first acknowledgement. Only acknowledged incidents count: one resolved without anyone acknowledging it has no such time and is left out.';
const RESOLVE = 'Time from the incident being triggered to its resolution. Only resolved incidents count; open ones are left out.';

export const METRIC_LABELS: Record<MetricKey, string> = {
  count: 'Incidents',
  mttaMedian: 'MTTA median',
  mttaP90: 'MTTA p90',
  mttrMedian: 'MTTR median',
  mttrP90: 'MTTR p90',
  escalationMedian: 'Time to first escalation (median)',
  escalationRate: 'Escalation rate',
  interruptions: 'Interruptions',
};

export const METRIC_DEFINITIONS: Record<MetricKey, string> = {
  count:
    'Incidents triggered in the range. Each one counts in the week or month (in your time zone) in which it was triggered, even when it was acknowledged or resolved after the range ended.',
  mttaMedian: `Mean time to acknowledge, as its median. ${ACK} ${SPREAD}`,
  mttaP90: `Mean time to acknowledge, as its 90th percentile. ${ACK} ${SPREAD}`,
  mttrMedian: `Mean time to resolve, as its median. ${RESOLVE} ${SPREAD}`,
  mttrP90: `Mean time to resolve, as its 90th percentile. ${RESOLVE} ${SPREAD}`,
  escalationMedian: `Time from the incident being triggered to its first escalation to a further level, over the incidents that escalated at all. ${SPREAD}`,
  escalationRate: 'The share of the range’s incidents that escalated to a further level at least once.',
  interruptions:
    'Pages that interrupt a person: push or in-app, SMS and voice (e-mail and webhooks do not count). Further pages to the same person less than 60 seconds after the first are the same interruption. Night is 22:00–07:00 and the weekend is Saturday and Sunday, both on the clock of the person’s own time zone; a weekend night counts as both.',
};
