import { IncidentDashboard } from '../../features/incidents/components/incident-dashboard';
import { ReviewsDuePanel } from '../../features/runbooks/components/reviews-due-panel';
import { usePeople } from '../../features/people/api/get-people';
import { OverdueItemsPanel, PostmortemsDuePanel } from '../../features/postmortems/components/overdue-items-panel';
import { OnCallNowPanel } from '../../features/schedules/components/on-call-now-panel';
import { useServices } from '../../features/services/api/get-services';
import { useSetup } from '../../features/setup/api/get-setup';
import { Welcome } from '../../features/setup/components/welcome';
import { roleAllows } from '../../domain/access/roles';
import { useCurrentUser } from '../../lib/session';
import { Loading } from '../../shared/components/page-state';

const NONE: never[] = [];

export function DashboardRoute() {
  const setup = useSetup();
  const services = useServices();
  const people = usePeople();
  const user = useCurrentUser();
  const role = user?.role ?? 'viewer';
  if (setup.isPending) return <Loading />;
  // If the setup check itself fails, the dashboard (with its own error display) is the better fallback.
  if (setup.data?.empty) {
    return (
      <>
        <title>Welcome · Firewatch</title>
        <Welcome canLoadDemo={roleAllows(role, 'people:admin')} canCreateService={roleAllows(role, 'service:edit')} />
      </>
    );
  }
  return (
    <>
      <title>Incidents · Firewatch</title>
      <div className="space-y-6">
        <IncidentDashboard services={services.data?.items ?? NONE} people={people.data?.items ?? NONE} yourName={user?.name ?? ''} canDeclare={roleAllows(role, 'incident:act')} />
        <OnCallNowPanel />
        <ReviewsDuePanel />
        <OverdueItemsPanel />
        <PostmortemsDuePanel />
      </div>
    </>
  );
}
