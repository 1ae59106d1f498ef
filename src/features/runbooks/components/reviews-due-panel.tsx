import { Link } from 'react-router-dom';
import { useRunbooks } from '../api/get-runbooks';
import { ReviewStatus } from './review-status';

/**
 * The dashboard's reminder for the people who look after runbooks (whoever may edit them: the
 * owning person, the owning team's managers): the runbooks whose review is overdue, each a link
 * to the page with "Mark reviewed". Nothing is shown when none is due, or before the list loads.
 */
export function ReviewsDuePanel() {
  const runbooks = useRunbooks();
  const due = (runbooks.data?.items ?? []).filter((runbook) => runbook.reviewOverdue && runbook.canEdit);
  if (due.length === 0) return null;
  return (
    <section aria-labelledby="reviews-due-heading" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h2 id="reviews-due-heading" className="text-sm font-semibold text-amber-950">
        {due.length === 1 ? 'A runbook you look after is due for review' : `${due.length} runbooks you look after are due for review`}
      </h2>
      <p className="mt-1 text-xs text-amber-950">A stale runbook misleads at 2 AM: read it through, fix what changed, and mark it reviewed.</p>
      <ul className="mt-2 space-y-1 text-sm">
        {due.map((runbook) => (
          <li key={runbook.id} className="flex flex-wrap items-center gap-2">
            <Link to={`/runbooks/${encodeURIComponent(runbook.id)}`} className="font-medium text-blue-800 underline underline-offset-2 hover:text-blue-950">
              {runbook.title}
            </Link>
            <ReviewStatus runbook={runbook} />
          </li>
        ))}
      </ul>
    </section>
  );
}
