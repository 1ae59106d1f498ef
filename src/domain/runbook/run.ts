import { epochMs } from '../time/instant';
import type { EpochMs } from '../time/instant';
import type { RunbookOutline, RunProgress } from './model';

const MINUTE_MS = 60_000;

/** How far a run has got, from the ids of the steps that are ticked now (unknown ids are ignored). */
export function runProgress(outline: RunbookOutline, checked: ReadonlySet<string>): RunProgress {
  const done = outline.steps.filter((step) => checked.has(step.id)).length;
  let section: RunProgress['section'] = null;
  for (const candidate of outline.sections) {
    const total = candidate.stepIds.length;
    const ticked = candidate.stepIds.filter((id) => checked.has(id)).length;
    if (total > 0 && ticked < total) {
      section = { id: candidate.id, title: candidate.title, done: ticked, total };
      break;
    }
  }
  return { done, total: outline.steps.length, section };
}

/** When a time-boxed section started at `startedAt` runs over. */
export function timeBoxDeadline(startedAt: EpochMs, timeBoxMinutes: number): EpochMs {
  return epochMs(startedAt + timeBoxMinutes * MINUTE_MS);
}
