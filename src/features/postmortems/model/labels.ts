import type { PostmortemStatus } from '../../../domain/postmortem/model';
import { diffLines } from '../../../domain/runbook/diff';

export const STATUS_LABEL: Record<PostmortemStatus, string> = { draft: 'Draft', in_review: 'In review', published: 'Published' };

export const STATUS_BADGE: Record<PostmortemStatus, string> = {
  draft: 'border-slate-300 bg-slate-100 text-slate-800',
  in_review: 'border-amber-300 bg-amber-50 text-amber-900',
  published: 'border-green-300 bg-green-50 text-green-900',
};

const HOUR = 3_600_000;
const MINUTE = 60_000;

function span(ms: number): string {
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}

/** The 48-hour countdown as words: "Due in 31 h 5 min", "Overdue by 2 h 0 min", or "Published". */
export function dueLabel(postmortem: { status: PostmortemStatus; dueAt: string | null }, now: number): { text: string; overdue: boolean } {
  if (postmortem.status === 'published') return { text: 'Published', overdue: false };
  if (postmortem.dueAt === null) return { text: 'Due 48 h after the incident resolves', overdue: false };
  const left = Date.parse(postmortem.dueAt) - now;
  return left >= 0 ? { text: `Due in ${span(left)}`, overdue: false } : { text: `Overdue by ${span(-left)}`, overdue: true };
}

/**
 * A starting point for "Edit merged": every line of both texts, in order, where lines both have
 * appear once and a line only one of them has is kept. Nothing either person wrote is dropped.
 */
export function mergedDraft(theirs: string, mine: string): string {
  return diffLines(theirs, mine)
    .map((line) => line.text)
    .join('\n');
}
