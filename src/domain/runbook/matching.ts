import type { IncidentFacts, RunbookCandidate, RunbookMatch, Selector } from './model';
import { parseSelector, selectorMatches } from './selector';

/** The weights behind a match's score: any matching selector outranks the service alone. */
export const MATCH_WEIGHTS = { alert: 10, perMatcher: 1, service: 5 } as const;

/** An alert's labels with its summary as the label `summary`, unless the alert already has one. */
function labelsOf(alert: IncidentFacts['alerts'][number]): Readonly<Record<string, string>> {
  return Object.hasOwn(alert.labels, 'summary') ? alert.labels : { ...alert.labels, summary: alert.summary };
}

/**
 * The runbooks that fit an incident, best first: a selector matching one of its alerts (labels,
 * plus the alert's summary as the label `summary`) counts more than the service alone; among
 * selector matches, the more specific selector (more matchers) wins. A runbook that fits neither
 * way is left out; an unparsable stored selector is ignored.
 *
 * Score: 10 + the number of matchers of the most specific matching selector, plus 5 when the
 * incident's service is one of the runbook's.
 */
export function rankRunbooks(candidates: readonly RunbookCandidate[], incident: IncidentFacts): RunbookMatch[] {
  const alertLabels = incident.alerts.map(labelsOf);
  const ranked: Array<RunbookMatch & { order: number }> = [];
  candidates.forEach((candidate, order) => {
    let best: { text: string; selector: Selector } | null = null;
    for (const text of candidate.selectors) {
      const parsed = parseSelector(text);
      if (!parsed.ok) continue;
      if (best !== null && parsed.selector.length <= best.selector.length) continue;
      if (alertLabels.some((labels) => selectorMatches(parsed.selector, labels))) best = { text, selector: parsed.selector };
    }
    const service = candidate.serviceIds.includes(incident.serviceId);
    if (best === null && !service) return;
    const reasons: Array<'service' | 'alert'> = [];
    let score = 0;
    if (service) {
      reasons.push('service');
      score += MATCH_WEIGHTS.service;
    }
    if (best !== null) {
      reasons.push('alert');
      score += MATCH_WEIGHTS.alert + MATCH_WEIGHTS.perMatcher * best.selector.length;
    }
    ranked.push({ id: candidate.id, score, reasons, selector: best?.text ?? null, order });
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  return ranked.map(({ order: _order, ...match }) => match);
}
