import type { EpochMs } from '../time/instant';
import { MINUTE_MS } from '../time/instant';
import type { Severity } from './severity';
import { severityRank } from './severity';

/** Paging state: who has to act. */
export const PAGING_STATES = ['triggered', 'acknowledged', 'resolved'] as const;
export type PagingState = (typeof PAGING_STATES)[number];

/** Public phase: what customers are told. Kept apart from the paging state on purpose. */
export const PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type Phase = (typeof PHASES)[number];

export type IncidentNumberParts = { year: number; number: number };

/** `INC-2026-0042`; numbers past 9999 keep all their digits rather than wrap. */
export function formatIncidentId({ year, number }: IncidentNumberParts): string {
  return `INC-${year}-${String(number).padStart(4, '0')}`;
}

export function parseIncidentId(id: string): IncidentNumberParts | undefined {
  const match = /^INC-(\d{4})-(\d{4,})$/.exec(id);
  if (!match) return undefined;
  return { year: Number(match[1]), number: Number(match[2]) };
}

export type TransitionResult =
  | { ok: true; changed: boolean }
  | { ok: false; reason: string };

/**
 * Acknowledging says "someone is on it". It is a no-op on an acknowledged incident (two people
 * pressing the button at once is normal) and refused on a resolved one.
 */
export function canAcknowledge(state: PagingState): TransitionResult {
  if (state === 'resolved') return { ok: false, reason: 'the incident is already resolved' };
  return { ok: true, changed: state === 'triggered' };
}

/** Resolving is allowed from triggered or acknowledged and is a no-op when already resolved. */
export function canResolve(state: PagingState): TransitionResult {
  return { ok: true, changed: state !== 'resolved' };
}

/**
 * How often the scribe should post a status update, by severity (minutes). The guide asks for
 * an update every few minutes on a customer-facing incident; lower severities can wait longer.
 */
export const DEFAULT_UPDATE_CADENCE_MINUTES: Record<Severity, number> = { P1: 5, P2: 15, P3: 30, P4: 60 };

export type UpdateCadenceStatus = {
  /** When the clock started: the last status update, or the trigger if there has been none. */
  since: EpochMs;
  elapsedMs: number;
  cadenceMs: number;
  overdue: boolean;
};

/**
 * Whether the incident is overdue for a status update at `now`. Resolved incidents are never
 * overdue. Exactly at the cadence is not yet overdue; one millisecond later is.
 */
export function updateCadenceStatus(input: {
  severity: Severity;
  state: PagingState;
  triggeredAt: EpochMs;
  lastStatusUpdateAt: EpochMs | null;
  now: EpochMs;
  cadenceMinutes?: Record<Severity, number>;
}): UpdateCadenceStatus {
  const cadence = (input.cadenceMinutes ?? DEFAULT_UPDATE_CADENCE_MINUTES)[input.severity] * MINUTE_MS;
  const since = input.lastStatusUpdateAt ?? input.triggeredAt;
  const elapsedMs = Math.max(0, input.now - since);
  return { since, elapsedMs, cadenceMs: cadence, overdue: input.state !== 'resolved' && elapsedMs > cadence };
}

export type OrderableIncident = { id: string; severity: Severity; triggeredAt: number };

/**
 * Dashboard order: most severe first, then the oldest (it has waited longest), then by id so
 * the order is total and rows never swap places between renders.
 */
export function compareForDashboard(a: OrderableIncident, b: OrderableIncident): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.triggeredAt - b.triggeredAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
