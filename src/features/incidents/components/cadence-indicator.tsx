import type { IncidentDto } from '../../../contracts/incidents';
import { updateCadenceStatus } from '../../../domain/incident/lifecycle';
import { epochMs } from '../../../domain/time/instant';
import { formatElapsed } from '../../../domain/time/duration';
import { Button } from '../../../shared/components/button';
import { useNow } from '../../../shared/hooks/use-now';

/**
 * How long since stakeholders last heard from the incident team, against the cadence for its
 * severity. Only the static "overdue" sentence sits in the alert region: a live region that
 * ticked every second would talk over everything else a screen reader says.
 */
/** `onWriteUpdate` is absent for someone who may not post (a viewer): they only see the clock. */
export function CadenceIndicator({ incident, onWriteUpdate }: { incident: IncidentDto; onWriteUpdate?: (() => void) | undefined }) {
  const now = useNow();
  if (incident.state === 'resolved') return null;
  const status = updateCadenceStatus({
    severity: incident.severity,
    state: incident.state,
    triggeredAt: epochMs(Date.parse(incident.triggeredAt)),
    lastStatusUpdateAt: incident.lastStatusUpdateAt ? epochMs(Date.parse(incident.lastStatusUpdateAt)) : null,
    now: epochMs(now),
  });
  const cadenceMinutes = Math.round(status.cadenceMs / 60_000);
  const since = incident.lastStatusUpdateAt ? `Last status update ${formatElapsed(status.elapsedMs)} ago` : `No status update yet · ${formatElapsed(status.elapsedMs)} since it was triggered`;

  if (status.overdue) {
    return (
      <div className="flex flex-wrap items-center gap-3 rounded-lg border border-red-300 bg-red-50 px-4 py-3">
        <div className="min-w-0 flex-1">
          <p role="alert" className="font-semibold text-red-800">
            Status update overdue: {incident.severity} incidents need one every {cadenceMinutes} minutes.
          </p>
          <p className="text-sm text-red-800">
            {since} · overdue by <span className="tabular-nums">{formatElapsed(status.elapsedMs - status.cadenceMs)}</span>
          </p>
        </div>
        {onWriteUpdate ? (
          <Button variant="danger" size="sm" onClick={onWriteUpdate}>
            Write a status update
          </Button>
        ) : null}
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-slate-200 bg-white px-4 py-2.5 text-sm text-slate-700">
      <span className="font-medium text-slate-900">{since}</span>
      <span className="text-slate-600">
        Next due in <span className="tabular-nums">{formatElapsed(status.cadenceMs - status.elapsedMs)}</span> (every {cadenceMinutes} min for {incident.severity})
      </span>
    </div>
  );
}
