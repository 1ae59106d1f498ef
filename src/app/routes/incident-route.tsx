import { Suspense, lazy } from 'react';
import { useParams } from 'react-router-dom';
import { IncidentView } from '../../features/incidents/components/incident-view';
import type { IncidentPanel } from '../../features/incidents/components/incident-view';
import { usePeople } from '../../features/people/api/get-people';
import { PostmortemEntry } from '../../features/postmortems/components/postmortem-entry';
import { RecurrencePanel } from '../../features/postmortems/components/recurrence-panel';
import { Loading } from '../../shared/components/page-state';
import { useAllowed, useCurrentUser } from '../../lib/session';

const NONE: never[] = [];

// The runbooks (their matching, runs and the markdown viewer) load beside the incident, never before it.
// The status page's panel (its dialog and forms) loads beside the incident too.
const PublicStatusPanel = lazy(() => import('../../features/status-page/components/public-status-panel').then((m) => ({ default: m.PublicStatusPanel })));
const IncidentRunbooksPanel = lazy(() => import('../../features/runbooks/components/incident-runbooks-panel').then((m) => ({ default: m.IncidentRunbooksPanel })));

export default function IncidentRoute() {
  const { id = '' } = useParams();
  const people = usePeople();
  const canAct = useAllowed('incident:act');
  const user = useCurrentUser();
  const me = user ? { id: user.id, name: user.name } : null;
  // The post-mortem offer and the unfinished work of earlier incidents first: both are short, and shown only when they apply.
  const sidePanel: IncidentPanel = (incident) => (
    <div className="space-y-4">
      <PostmortemEntry incident={incident} canAct={canAct} />
      <RecurrencePanel incidentId={incident.id} />
      <Suspense fallback={null}>
        <PublicStatusPanel incidentId={incident.id} canAct={canAct} />
      </Suspense>
      <Suspense fallback={<Loading label="Finding runbooks…" />}>
        <IncidentRunbooksPanel incidentId={incident.id} resolved={incident.state === 'resolved'} canAct={canAct} me={me} />
      </Suspense>
    </div>
  );
  return (
    <>
      <title>{`${id} · Firewatch`}</title>
      <IncidentView key={id} id={id} people={people.data?.items ?? NONE} canAct={canAct} sidePanel={sidePanel} />
    </>
  );
}
