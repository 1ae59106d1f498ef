import { Link } from 'react-router-dom';
import type { TeamDto } from '../../../contracts/people';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { useSchedules } from '../api/get-schedules';

export function SchedulesPage({ teams }: { teams: readonly TeamDto[] }) {
  const query = useSchedules();
  return (
    <section aria-labelledby="schedules-title" className="space-y-4">
      <h1 id="schedules-title" className="text-xl font-semibold text-slate-900">
        On-call schedules
      </h1>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && query.data.items.length === 0 ? <p className="text-sm text-slate-600">No schedules yet. A manager of a team can create one through the API.</p> : null}
      {query.data && query.data.items.length > 0 ? (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
          {query.data.items.map((schedule) => (
            <li key={schedule.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3">
              <Link to={`/schedules/${encodeURIComponent(schedule.id)}`} className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
                {schedule.name}
              </Link>
              <span className="text-sm text-slate-600">
                {teams.find((t) => t.id === schedule.teamId)?.name ?? 'Team'} · {schedule.zone} · {schedule.layers.length} {schedule.layers.length === 1 ? 'layer' : 'layers'}
                {schedule.backupLag !== null && schedule.backupLag !== undefined ? ' · with backup' : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
