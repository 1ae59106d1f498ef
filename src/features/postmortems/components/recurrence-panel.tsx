import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import type { RecurrenceDto } from '../../../contracts/postmortems';
import { viewerZone } from '../../../shared/components/zoned-time';
import { useRecurrence } from '../api/recurrence';
import { formatDueDate } from './action-item-parts';

type Earlier = RecurrenceDto['earlier'][number];

const STILL: Record<string, string> = { open: 'is still open', in_progress: 'is still in progress' };

/** "3 March": the day the earlier incident began, in the viewer's zone (an instant, unlike a due date). */
function DayOf({ iso }: { iso: string }) {
  const text = useMemo(() => new Intl.DateTimeFormat(undefined, { timeZone: viewerZone(), day: 'numeric', month: 'long' }).format(new Date(iso)), [iso]);
  return (
    <time dateTime={iso} title={new Date(iso).toISOString()}>
      {text}
    </time>
  );
}

function EarlierIncident({ earlier }: { earlier: Earlier }) {
  return (
    <li className="space-y-1">
      <p>
        On <DayOf iso={earlier.triggeredAt} /> (
        <Link to={`/incidents/${encodeURIComponent(earlier.incidentId)}`} className="font-medium text-blue-800 underline underline-offset-2">
          {earlier.incidentId}
        </Link>
        , {earlier.incidentTitle}):{' '}
        <Link to={`/postmortems/${encodeURIComponent(earlier.postmortemId)}`} aria-label={`Post-mortem of ${earlier.incidentId}`} className="text-blue-800 underline underline-offset-2">
          its post-mortem
        </Link>
      </p>
      <ul className="list-disc space-y-0.5 pl-5">
        {earlier.openItems.map((item) => (
          <li key={item.id}>
            “{item.title}” {STILL[item.status] ?? 'is still open'} — owner {item.owner.name}
            {item.dueOn ? (
              <>
                , due <time dateTime={item.dueOn}>{formatDueDate(item.dueOn, 'day-month')}</time>
              </>
            ) : null}
            {item.overdue ? <strong className="text-red-800"> (overdue)</strong> : null}
          </li>
        ))}
      </ul>
    </li>
  );
}

/**
 * Ties a new incident to the unfinished work of the last ones on the same service: earlier
 * incidents whose post-mortems still have open action items. Shown only when there are some.
 */
export function RecurrencePanel({ incidentId }: { incidentId: string }) {
  const recurrence = useRecurrence(incidentId);
  const earlier = recurrence.data?.earlier ?? [];
  if (earlier.length === 0) return null;
  return (
    <section aria-labelledby="recurrence-heading" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <h2 id="recurrence-heading" className="mb-2 font-semibold">
        This happened before
      </h2>
      <ul className="space-y-3">
        {earlier.map((entry) => (
          <EarlierIncident key={entry.postmortemId} earlier={entry} />
        ))}
      </ul>
    </section>
  );
}
