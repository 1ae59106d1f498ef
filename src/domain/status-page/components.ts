/**
 * Component states and how they add up to the page's overall status, in Atlassian Statuspage's
 * vocabulary, so that clients written for Statuspage read Firewatch unchanged.
 */
export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const COMPONENT_STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

/** Statuspage's page indicator and incident impact. */
export const INDICATORS = ['none', 'minor', 'major', 'critical'] as const;
export type Indicator = (typeof INDICATORS)[number];

const STATUS_INDICATOR: Record<ComponentStatus, Indicator> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

/** Worse states sort later; maintenance is planned, so it ranks below any degradation. */
const STATUS_RANK: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function isComponentStatus(value: unknown): value is ComponentStatus {
  return typeof value === 'string' && (COMPONENT_STATUSES as readonly string[]).includes(value);
}

export function worstStatus(statuses: readonly ComponentStatus[]): ComponentStatus {
  return statuses.reduce<ComponentStatus>((worst, status) => (STATUS_RANK[status] > STATUS_RANK[worst] ? status : worst), 'operational');
}

const INDICATOR_RANK: Record<Indicator, number> = { none: 0, minor: 1, major: 2, critical: 3 };

export function worstIndicator(indicators: readonly Indicator[]): Indicator {
  return indicators.reduce<Indicator>((worst, indicator) => (INDICATOR_RANK[indicator] > INDICATOR_RANK[worst] ? indicator : worst), 'none');
}

/** The impact a public incident has when it sets these component states. */
export function impactOf(statuses: readonly ComponentStatus[]): Indicator {
  return STATUS_INDICATOR[worstStatus(statuses)];
}

export type PageStatus = { indicator: Indicator; description: string };

/**
 * The banner at the top of the page and `status.json`: the worst of the components' states and
 * the impacts of the unresolved public incidents. Maintenance alone reads as such, not as an outage.
 */
export function pageStatus(input: { componentStatuses: readonly ComponentStatus[]; openIncidentImpacts: readonly Indicator[] }): PageStatus {
  const worst = worstStatus(input.componentStatuses);
  const indicator = worstIndicator([STATUS_INDICATOR[worst], ...input.openIncidentImpacts]);
  if (indicator === 'critical') return { indicator, description: 'Major System Outage' };
  if (indicator === 'major') return { indicator, description: 'Partial System Outage' };
  if (indicator === 'minor') return { indicator, description: 'Minor Service Outage' };
  if (worst === 'under_maintenance') return { indicator, description: 'Service Under Maintenance' };
  return { indicator, description: 'All Systems Operational' };
}
