import type { PagingState, Phase } from '../../../domain/incident/lifecycle';
import type { Severity } from '../../../domain/incident/severity';

export const PHASE_LABELS: Record<Phase, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const STATE_LABELS: Record<PagingState, string> = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

export function phaseLabel(value: unknown): string {
  return typeof value === 'string' && value in PHASE_LABELS ? PHASE_LABELS[value as Phase] : String(value);
}

export const SEVERITY_DESCRIPTIONS: Record<Severity, string> = {
  P1: 'Critical: customers cannot use the product',
  P2: 'Major: a key feature is broken or degraded',
  P3: 'Minor: limited impact, workaround exists',
  P4: 'Low: cosmetic or internal only',
};

/** A severity with its short name, as selects and the incident header show it: "P1 · Critical". */
export function severityLabel(severity: Severity): string {
  return `${severity} · ${SEVERITY_DESCRIPTIONS[severity].split(':')[0]}`;
}
