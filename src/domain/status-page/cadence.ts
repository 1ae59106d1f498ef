import type { Severity } from '../incident/severity';
import type { EpochMs } from '../time/instant';
import { epochMs, MINUTE_MS } from '../time/instant';

/**
 * How often customers hear from us while a public incident is open (minutes): slower than the
 * internal cadence, because each public update is read by many and must be considered.
 */
export const DEFAULT_PUBLIC_CADENCE_MINUTES: Record<Severity, number> = { P1: 30, P2: 60, P3: 120, P4: 240 };

/** When the next public update is promised, counted from the last one; none once resolved. */
export function nextPublicUpdateDue(input: { lastUpdateAt: EpochMs; severity: Severity; resolved: boolean; cadenceMinutes?: Record<Severity, number> }): EpochMs | null {
  if (input.resolved) return null;
  return epochMs(input.lastUpdateAt + (input.cadenceMinutes ?? DEFAULT_PUBLIC_CADENCE_MINUTES)[input.severity] * MINUTE_MS);
}

export type PublicCadenceState = 'on-time' | 'overdue-scribe' | 'overdue-commander';

/**
 * A missed public update nudges the scribe at once, and the commander when it is still missing
 * half a cadence later (or at once when there is no scribe). Exactly at the due time is on time.
 */
export function publicCadenceState(input: { dueAt: EpochMs | null; now: EpochMs; cadenceMs: number; hasScribe: boolean }): PublicCadenceState {
  if (input.dueAt === null || input.now <= input.dueAt) return 'on-time';
  if (!input.hasScribe || input.now > input.dueAt + input.cadenceMs / 2) return 'overdue-commander';
  return 'overdue-scribe';
}
