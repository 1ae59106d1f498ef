/** Incident severities, most urgent first. P1 and P2 are high urgency. */
export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Sort key: P1 sorts before P4. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isHighUrgency(severity: Severity): boolean {
  return severity === 'P1' || severity === 'P2';
}

/** The words monitoring tools use (PagerDuty's four levels), mapped to incident severities. */
export const MONITORING_SEVERITY_TO_INCIDENT = {
  critical: 'P1',
  error: 'P2',
  warning: 'P3',
  info: 'P4',
} as const satisfies Record<string, Severity>;
export type MonitoringSeverity = keyof typeof MONITORING_SEVERITY_TO_INCIDENT;
export const MONITORING_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const satisfies readonly MonitoringSeverity[];

/**
 * Maps a free-form severity label (Alertmanager's `labels.severity`) to an incident severity.
 * Accepts the monitoring words in any case and `P1`–`P4` themselves; anything else, or no label,
 * gives `fallback` — an unfamiliar label must never drop or block an alert.
 */
export function severityFromLabel(label: string | undefined, fallback: Severity = 'P3'): Severity {
  if (label === undefined) return fallback;
  const word = label.trim().toLowerCase();
  if (word in MONITORING_SEVERITY_TO_INCIDENT) {
    return MONITORING_SEVERITY_TO_INCIDENT[word as MonitoringSeverity];
  }
  const upper = word.toUpperCase();
  return isSeverity(upper) ? upper : fallback;
}

/** The most urgent of several severities (P1 beats P3); `fallback` when there are none. */
export function mostUrgent(severities: readonly Severity[], fallback: Severity): Severity {
  if (severities.length === 0) return fallback;
  return severities.reduce((best, s) => (severityRank(s) < severityRank(best) ? s : best));
}
