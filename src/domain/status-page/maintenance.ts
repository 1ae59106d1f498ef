import type { EpochMs } from '../time/instant';

export type MaintenanceStatus = 'scheduled' | 'in_progress' | 'completed' | 'cancelled';

/**
 * A scheduled maintenance's status at `now`, from its window alone (half-open `[for, until)`), so
 * that nothing has to flip a stored status when the window starts or ends. Cancelled wins.
 */
export function maintenanceStatusAt(row: { scheduledFor: EpochMs | number; scheduledUntil: EpochMs | number; cancelledAt: EpochMs | number | null }, now: EpochMs | number): MaintenanceStatus {
  if (row.cancelledAt !== null) return 'cancelled';
  if (now < row.scheduledFor) return 'scheduled';
  if (now < row.scheduledUntil) return 'in_progress';
  return 'completed';
}
