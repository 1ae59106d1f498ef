import type { QuietHours } from '../people/quiet-hours';
import { dailyWindowInstants, inDailyWindow } from '../time/daily-window';
import type { EpochMs } from '../time/instant';
import type { Interval } from '../time/interval';

/**
 * The instants within `window` when a person is in quiet hours, given as local times in their own
 * `zone` (sorted, disjoint, merged). Quiet hours ending before they start wrap midnight and end the next
 * morning. Across DST the edges follow the time module's rules: a start that does not exist
 * (02:00 on a spring-forward day in America/Los_Angeles) begins right after the gap, a repeated
 * one at its first occurrence, so such a night is an hour shorter or longer in real time. Equal
 * start and end are refused by the people module; here they yield no quiet time, so a person is
 * never silenced by malformed input.
 */
export function quietHoursInstants(quiet: QuietHours, zone: string, window: Interval): Interval[] {
  if (quiet.start === quiet.end) return [];
  return dailyWindowInstants(zone, { start: quiet.start, end: quiet.end }, window);
}

/**
 * Whether `at` falls in the person's quiet hours, consistent with {@link quietHoursInstants} at every
 * instant. It differs from reading the local clock (`isQuietAt` of the people module) only in a
 * repeated hour: quiet hours that began keep going through the repeat, and quiet hours that ended at
 * the first occurrence of their end do not restart on the second.
 */
export function isInQuietHours(quiet: QuietHours, zone: string, at: EpochMs): boolean {
  if (quiet.start === quiet.end) return false;
  return inDailyWindow(zone, { start: quiet.start, end: quiet.end }, at);
}
