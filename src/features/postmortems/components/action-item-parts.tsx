import type { ActionItemDto } from '../../../contracts/postmortems';
import { ACTION_ITEM_STATUSES } from '../../../domain/postmortem/model';
import type { ActionItemStatus } from '../../../domain/postmortem/model';
import { ApiRequestError } from '../../../lib/api-client';
import { inputClass } from '../../../shared/components/field';

export const STATUS_LABELS: Record<ActionItemStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', wont_do: "Won't do" };

/** What a past due date's warning says once the server has stored the item anyway. */
export const PAST_DUE_NOTICE = 'Due date is in the past — saved';

const dateFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const dayMonthFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', day: 'numeric', month: 'long' });

/**
 * A calendar date 'YYYY-MM-DD' as words. It is a date in the owner's zone, not an instant, so it
 * is shown as written (formatted at UTC midnight only to borrow the locale's month names).
 */
export function formatDueDate(date: string, style: 'full' | 'day-month' = 'full'): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return (style === 'full' ? dateFormat : dayMonthFormat).format(new Date(Date.UTC(y, m - 1, d)));
}

/** The due date, with "overdue" in words (not only colour) once it has passed in the owner's zone. */
export function DueDate({ item }: { item: Pick<ActionItemDto, 'dueOn' | 'overdue'> }) {
  if (item.dueOn === null) return <span className="text-slate-600">No due date</span>;
  return (
    <span className={item.overdue ? 'font-semibold text-red-800' : 'text-slate-800'}>
      Due <time dateTime={item.dueOn}>{formatDueDate(item.dueOn)}</time>
      {item.overdue ? ' · Overdue' : null}
    </span>
  );
}

export function OwnerText({ owner }: { owner: ActionItemDto['owner'] }) {
  return (
    <span>
      {owner.name} <span className="text-slate-600">({owner.timeZone})</span>
    </span>
  );
}

/** The status as a labelled select: changing it saves at once. */
export function StatusSelect({ item, disabled, onChange }: { item: ActionItemDto; disabled: boolean; onChange: (status: ActionItemStatus) => void }) {
  return (
    <select
      aria-label={`Status of ${item.title}`}
      value={item.status}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value as ActionItemStatus)}
      className={`${inputClass} w-auto py-1 text-xs`}
    >
      {ACTION_ITEM_STATUSES.map((status) => (
        <option key={status} value={status}>
          {STATUS_LABELS[status]}
        </option>
      ))}
    </select>
  );
}

export function isStale(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 409 && error.code === 'stale_version';
}

/** After a write: the notice to show (a stale change, a past date), or the error as the server said it. */
export function staleNotice(title: string): string {
  return `Someone else changed “${title}” meanwhile, so nothing was saved. The list now shows their version; change it again if you still want to.`;
}
