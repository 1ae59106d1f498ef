import { Link } from 'react-router-dom';
import type { PostmortemSummaryDto } from '../../../contracts/postmortems';
import { useCurrentUser } from '../../../lib/session';
import { useNow } from '../../../shared/hooks/use-now';
import { useActionItems } from '../api/action-items';
import { usePostmortemSummaries } from '../api/incident-postmortem';
import { DueDate } from './action-item-parts';
import { POSTMORTEM_STATUS_LABELS, countdownText } from './postmortem-entry-countdown';

const linkClass = 'font-medium text-blue-800 underline underline-offset-2 hover:text-blue-950';

/**
 * The dashboard's reminder for the caller's own action items that are past their due date (in
 * the caller's zone, as the server decides). Nothing is shown when none is, or before the list loads.
 */
export function OverdueItemsPanel() {
  const items = useActionItems({ owner: 'me', status: 'overdue' });
  const overdue = items.data?.items ?? [];
  if (overdue.length === 0) return null;
  return (
    <section aria-labelledby="overdue-items-heading" className="rounded-lg border border-red-300 bg-red-50 p-4">
      <h2 id="overdue-items-heading" className="text-sm font-semibold text-red-950">
        Your overdue action items
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {overdue.map((item) => (
          <li key={item.id} className="flex flex-wrap items-center gap-x-2">
            <Link to={`/postmortems/${encodeURIComponent(item.postmortemId)}`} className={linkClass}>
              {item.title}
            </Link>{' '}
            <span className="text-slate-800">
              ({item.incidentId}) · <DueDate item={item} />
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-sm">
        <Link to="/action-items?owner=me&status=overdue" className={linkClass}>
          All your overdue action items
        </Link>
      </p>
    </section>
  );
}

/**
 * The post-mortems the caller owns that are not published yet, with the 48-hour countdown from
 * the incident's resolution. `now` defaults to the shared ticking clock.
 */
export function PostmortemsDuePanel({ now }: { now?: number }) {
  const me = useCurrentUser();
  const list = usePostmortemSummaries();
  const due = (list.data?.items ?? []).filter((pm) => pm.owner.id === me?.id && pm.status !== 'published');
  if (due.length === 0) return null;
  return (
    <section aria-labelledby="postmortems-due-heading" className="rounded-lg border border-blue-300 bg-blue-50 p-4">
      <h2 id="postmortems-due-heading" className="text-sm font-semibold text-blue-950">
        Post-mortems due
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {due.map((pm) => (
          <DueRow key={pm.id} postmortem={pm} now={now} />
        ))}
      </ul>
    </section>
  );
}

/** One row, with the clock: only a panel that shows something ticks. */
function DueRow({ postmortem: pm, now }: { postmortem: PostmortemSummaryDto; now: number | undefined }) {
  const ticking = useNow();
  const at = now ?? ticking;
  const dueAt = pm.dueAt === null ? null : Date.parse(pm.dueAt);
  return (
    <li className="flex flex-wrap items-center gap-x-2">
      <Link to={`/postmortems/${encodeURIComponent(pm.id)}`} className={linkClass}>
        {pm.title}
      </Link>{' '}
      <span className="text-slate-800">
        {POSTMORTEM_STATUS_LABELS[pm.status]} ·{' '}
        {dueAt === null ? 'due 48 h after the incident resolves' : <span className={dueAt <= at ? 'font-semibold text-red-800' : ''}>{countdownText(dueAt, at)}</span>}
      </span>
    </li>
  );
}
