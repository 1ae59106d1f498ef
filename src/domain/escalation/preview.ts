import type { Severity } from '../incident/severity';
import { MINUTE_MS } from '../time/instant';
import type { EpochMs } from '../time/instant';
import { startEscalation, step } from './engine';
import type { Directory, EscalationEffect, EscalationState, PreviewEntry, Timer } from './model';
import type { EscalationPolicy } from './policy';

/** Without a horizon the preview runs until the engine has nothing left to do, but never past a day. */
export const PREVIEW_DEFAULT_HORIZON_MINUTES = 24 * 60;
/** A preview never lists more entries than this (a long policy repeated many times stays readable). */
export const PREVIEW_MAX_ENTRIES = 1000;

type Pending = { at: EpochMs; order: number; timer: Timer };

/**
 * What the engine would do for an incident triggered at `from` if nobody acknowledged: every
 * notification and record, each with its instant, in the order the engine decides them. It runs
 * `startEscalation` and then `step` with each scheduled timer in due order (ties in the order they
 * were scheduled) on a fake clock — the same code the server runs, so the preview shows what the
 * engine then does. Timers due up to and including `from + horizonMinutes` run (default: until no
 * timer is left, at most a day); at most {@link PREVIEW_MAX_ENTRIES} entries are returned.
 */
export function previewEscalation(input: {
  incidentId?: string;
  severity: Severity;
  policy: EscalationPolicy;
  directory: Directory;
  from: EpochMs;
  horizonMinutes?: number;
}): PreviewEntry[] {
  const { directory, from } = input;
  const end = from + (input.horizonMinutes ?? PREVIEW_DEFAULT_HORIZON_MINUTES) * MINUTE_MS;
  const entries: PreviewEntry[] = [];
  const pending: Pending[] = [];
  let scheduled = 0;

  const take = (effects: readonly EscalationEffect[], at: EpochMs) => {
    for (const effect of effects) {
      if (effect.type === 'schedule') pending.push({ at: effect.at, order: scheduled++, timer: effect.timer });
      else if (effect.type === 'notify' || effect.type === 'record') entries.push({ at, effect });
    }
  };

  const first = startEscalation({ incidentId: input.incidentId ?? 'preview', severity: input.severity, policy: input.policy, directory }, from);
  let state: EscalationState = first.state;
  take(first.effects, from);
  while (pending.length > 0 && entries.length < PREVIEW_MAX_ENTRIES) {
    let next = 0;
    for (let i = 1; i < pending.length; i++) {
      const a = pending[i]!;
      const b = pending[next]!;
      if (a.at < b.at || (a.at === b.at && a.order < b.order)) next = i;
    }
    const due = pending[next]!;
    if (due.at > end) break;
    pending.splice(next, 1);
    const result = step(state, { type: 'timer', timer: due.timer }, due.at, directory);
    state = result.state;
    take(result.effects, due.at);
  }
  return entries.slice(0, PREVIEW_MAX_ENTRIES);
}
