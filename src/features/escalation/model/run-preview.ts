import type { Directory, PreviewEntry } from '../../../domain/escalation/model';
import type { EscalationPolicy } from '../../../domain/escalation/policy';
import { previewEscalation } from '../../../domain/escalation/preview';
import type { Severity } from '../../../domain/incident/severity';
import type { EpochMs } from '../../../domain/time/instant';

/** Long enough for every level of every repeat to run, plus a little; never more than a day. */
export function previewHorizonMinutes(policy: Pick<EscalationPolicy, 'levels' | 'repeat'>): number {
  const cycle = policy.levels.reduce((sum, level) => sum + (Number.isFinite(level.escalateAfterMinutes) ? level.escalateAfterMinutes : 0), 0);
  return Math.min(24 * 60, Math.max(30, cycle * (policy.repeat + 1) + 10));
}

/**
 * What the engine would do if an alert of `severity` fired at `from` and nobody acknowledged:
 * the domain's own preview on a fake clock, asked of the browser's directory.
 */
export function runPreview({ policy, directory, severity, from }: { policy: EscalationPolicy; directory: Directory; severity: Severity; from: EpochMs }): PreviewEntry[] {
  return previewEscalation({ severity, policy, directory, from, horizonMinutes: previewHorizonMinutes(policy) });
}
