import type { EpochMs } from '../time/instant';
import type { RunbookOutline, RunProgress } from './model';

/** How far a run has got, from the ids of the steps that are ticked now (unknown ids are ignored). */
export function runProgress(outline: RunbookOutline, checked: ReadonlySet<string>): RunProgress {
  throw new Error(`runProgress not built yet: ${outline.steps.length} ${checked.size}`);
}

/** When a time-boxed section started at `startedAt` runs over. */
export function timeBoxDeadline(startedAt: EpochMs, timeBoxMinutes: number): EpochMs {
  throw new Error(`timeBoxDeadline not built yet: ${startedAt} ${timeBoxMinutes}`);
}
