import type { IncidentFacts, RunbookCandidate, RunbookMatch } from './model';

/**
 * The runbooks that fit an incident, best first: a selector matching one of its alerts (labels,
 * plus the alert's summary as the label `summary`) counts more than the service alone; among
 * selector matches, the more specific selector (more matchers) wins. A runbook that fits neither
 * way is left out; an unparsable stored selector is ignored.
 */
export function rankRunbooks(candidates: readonly RunbookCandidate[], incident: IncidentFacts): RunbookMatch[] {
  throw new Error(`rankRunbooks not built yet: ${candidates.length} ${incident.serviceId}`);
}
