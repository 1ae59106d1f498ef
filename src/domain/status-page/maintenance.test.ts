import { describe, expect, it } from 'vitest';
import { maintenanceStatusAt } from './maintenance';

describe('a scheduled maintenance read from the clock', () => {
  const window = { scheduledFor: 1_000, scheduledUntil: 2_000, cancelledAt: null };
  it('is scheduled before its window, in progress inside it (half-open), completed after', () => {
    expect(maintenanceStatusAt(window, 999)).toBe('scheduled');
    expect(maintenanceStatusAt(window, 1_000)).toBe('in_progress');
    expect(maintenanceStatusAt(window, 1_999)).toBe('in_progress');
    expect(maintenanceStatusAt(window, 2_000)).toBe('completed');
  });
  it('is cancelled whatever the clock says once cancelled', () => {
    expect(maintenanceStatusAt({ ...window, cancelledAt: 500 }, 1_500)).toBe('cancelled');
    expect(maintenanceStatusAt({ ...window, cancelledAt: 1_500 }, 3_000)).toBe('cancelled');
  });
});
