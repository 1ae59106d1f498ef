import type { PersonDto } from '../../../contracts/people';
import type { QuietHours } from '../../../domain/people/quiet-hours';
import { parseLocalTime } from '../../../domain/people/quiet-hours';
import { quietHoursInstants } from '../../../domain/schedule/quiet-instants';
import type { Override, Schedule } from '../../../domain/schedule/schedule';
import type { EpochMs } from '../../../domain/time/instant';
import type { Interval } from '../../../domain/time/interval';

export type Person = Pick<PersonDto, 'id' | 'name' | 'timeZone' | 'quietHours'>;

/** A shaded stretch of a segment: the on-call person's quiet hours, with the sentence that explains it. */
export type QuietBand = { start: EpochMs; end: EpochMs; title: string };

export function quietHoursOf(person: Person | undefined): QuietHours | null {
  if (!person?.quietHours) return null;
  const start = parseLocalTime(person.quietHours.start);
  const end = parseLocalTime(person.quietHours.end);
  return start === undefined || end === undefined || start === end ? null : { start, end };
}

/**
 * The part of `span` inside the person's quiet hours in their own zone (the domain decides the DST
 * edges). `consequence` finishes the sentence: what happens to a page in that time.
 */
export function quietBands(person: Person | undefined, span: Interval, consequence: string): QuietBand[] {
  const quiet = quietHoursOf(person);
  if (!person || !quiet) return [];
  const title = `${person.name}'s quiet hours ${person.quietHours!.start}–${person.quietHours!.end} ${person.timeZone} — ${consequence}`;
  return quietHoursInstants(quiet, person.timeZone, span).map((band) => ({ start: band.start, end: band.end, title }));
}

/** A change being dragged or typed, before it is saved: a new override, or a new span for an existing one. */
export type Proposal = { kind: 'create'; userId: string; start: EpochMs; end: EpochMs } | { kind: 'move'; overrideId: string; userId: string; start: EpochMs; end: EpochMs };

export const PREVIEW_ID = 'preview';

/** The schedule as it would be after `proposal`: a copy, the original is untouched. A new override goes last, so it wins (stacks). */
export function applyProposal(schedule: Schedule, proposal: Proposal | null): Schedule {
  if (!proposal) return schedule;
  if (proposal.kind === 'create') {
    const added: Override = { id: PREVIEW_ID, userId: proposal.userId, start: proposal.start, end: proposal.end };
    return { ...schedule, overrides: [...schedule.overrides, added] };
  }
  return { ...schedule, overrides: schedule.overrides.map((o) => (o.id === proposal.overrideId ? { ...o, userId: proposal.userId, start: proposal.start, end: proposal.end } : o)) };
}

export function sameProposal(a: Proposal | null, b: Proposal | null): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === b.kind && a.userId === b.userId && a.start === b.start && a.end === b.end && (a.kind === 'create' || a.overrideId === (b as typeof a).overrideId);
}

/** Rows for overlapping bars (stacked overrides): each bar takes the first row free at its start. */
export function stackRows<T extends { start: number; end: number }>(items: readonly T[]): Array<{ item: T; row: number }> {
  const rowEnds: number[] = [];
  return [...items]
    .sort((a, b) => a.start - b.start)
    .map((item) => {
      let row = rowEnds.findIndex((end) => end <= item.start);
      if (row < 0) row = rowEnds.length;
      rowEnds[row] = item.end;
      return { item, row };
    });
}
