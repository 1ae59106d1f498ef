import type { PostmortemStatus } from '../../../domain/postmortem/model';

const MINUTE_MS = 60_000;

function span(ms: number): string {
  const minutes = Math.floor(ms / MINUTE_MS);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

/**
 * "due in 47 h 12 min" or "overdue by 3 h 5 min", from the due instant and a `now` the caller
 * passes (a ticking hook in the page, a fixed instant in a test). Whole minutes, rounded down,
 * so the text changes once a minute however often it is drawn.
 */
export function countdownText(dueAt: number, now: number): string {
  const left = dueAt - now;
  return left > 0 ? `due in ${span(left)}` : `overdue by ${span(-left)}`;
}

export const POSTMORTEM_STATUS_LABELS: Record<PostmortemStatus, string> = { draft: 'Draft', in_review: 'In review', published: 'Published' };
