import type { MetricsSummaryDto } from '../../../contracts/metrics';
import { METRIC_DEFINITIONS, METRIC_LABELS } from '../model/definitions';
import type { MetricKey } from '../model/definitions';
import { formatDuration, formatShare } from '../model/format';
import { DefinitionTerm } from './definition-term';

type Card = { key: MetricKey; value: string; detail: string };

function cards(total: MetricsSummaryDto): Card[] {
  const of = (n: number, what: string) => `${n} ${what}`;
  return [
    { key: 'count', value: String(total.count), detail: 'triggered in the range' },
    { key: 'mttaMedian', value: formatDuration(total.mtta.median), detail: of(total.mtta.n, 'acknowledged') },
    { key: 'mttaP90', value: formatDuration(total.mtta.p90), detail: of(total.mtta.n, 'acknowledged') },
    { key: 'mttrMedian', value: formatDuration(total.mttr.median), detail: of(total.mttr.n, 'resolved') },
    { key: 'mttrP90', value: formatDuration(total.mttr.p90), detail: of(total.mttr.n, 'resolved') },
    { key: 'escalationMedian', value: formatDuration(total.escalation.median), detail: of(total.escalation.n, 'escalated') },
    { key: 'escalationRate', value: formatShare(total.escalation.n, total.count), detail: `${total.escalation.n} of ${total.count}` },
  ];
}

/** The range's headline numbers; each name explains itself on hover or focus. */
export function SummaryCards({ total }: { total: MetricsSummaryDto }) {
  return (
    <ul aria-label="Summary" className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
      {cards(total).map((card) => (
        <li key={card.key} className="rounded-lg border border-slate-200 bg-white p-3">
          <DefinitionTerm label={METRIC_LABELS[card.key]} definition={METRIC_DEFINITIONS[card.key]} />
          <p className="mt-1 text-xl font-semibold text-slate-900 tabular-nums">{card.value}</p>
          <p className="text-xs text-slate-600">{card.detail}</p>
        </li>
      ))}
    </ul>
  );
}
