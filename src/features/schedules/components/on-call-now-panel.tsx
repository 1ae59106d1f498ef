import { Link } from 'react-router-dom';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useOnCall } from '../api/get-on-call';
import type { OnCallPerson } from '../api/get-on-call';

// This panel sits on the dashboard's first screen: it imports no calendar, domain or drag code.

function Who({ role, person }: { role: string; person: OnCallPerson | null }) {
  return (
    <div className="flex flex-wrap items-baseline gap-x-1.5 text-sm">
      <span className="text-xs font-medium text-slate-600">{role}</span>
      {person ? (
        <>
          <span className="font-medium text-slate-900">{person.name}</span>
          {person.until ? (
            <span className="text-xs text-slate-600">
              until <ZonedTime iso={person.until} />
            </span>
          ) : null}
          {person.inQuietHours ? (
            <span className="rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-900" title={`${person.name} is in their quiet hours: pages go to the backup`}>
              quiet hours
            </span>
          ) : null}
        </>
      ) : (
        <span className="text-sm font-medium text-red-800">nobody</span>
      )}
    </div>
  );
}

export function OnCallNowPanel() {
  const query = useOnCall();
  return (
    <section aria-labelledby="on-call-now-title" className="rounded-md border border-slate-200 bg-white p-4">
      <h2 id="on-call-now-title" className="text-sm font-semibold text-slate-900">
        Who is on call now
      </h2>
      {query.isPending ? <p className="mt-2 text-sm text-slate-600">Loading…</p> : null}
      {query.isError ? <p className="mt-2 text-sm text-red-800">Could not load who is on call.</p> : null}
      {query.data && query.data.items.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">
          No schedules yet. <Link to="/schedules" className="text-blue-700 underline underline-offset-2">Set one up</Link>.
        </p>
      ) : null}
      {query.data && query.data.items.length > 0 ? (
        <ul className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {query.data.items.map((entry) => (
            <li key={entry.scheduleId} className="rounded border border-slate-100 p-2">
              <Link to={`/schedules/${encodeURIComponent(entry.scheduleId)}`} className="text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
                {entry.name}
              </Link>
              {entry.error ? (
                <p className="text-sm font-medium text-red-800">Cannot tell who is on call: this schedule needs repair ({entry.error.fields.map((f) => `${f.field} ${f.problem}`).join('; ')}).</p>
              ) : (
                <>
                  <Who role="Primary" person={entry.primary} />
                  {/* The answer does not say whether a schedule has a backup lane at all, so "nobody" is kept for the primary. */}
                  {entry.backup ? <Who role="Backup" person={entry.backup} /> : null}
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
