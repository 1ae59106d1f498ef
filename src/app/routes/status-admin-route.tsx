import { useTeams } from '../../features/people/api/get-teams';
import { useServices } from '../../features/services/api/get-services';
import { StatusAdminPage } from '../../features/status-page/components/status-admin-page';
import { useAllowed } from '../../lib/session';

const NONE: never[] = [];

/** The status page's admin screen, with the services and teams it links components and chat mirrors to. */
export default function StatusAdminRoute() {
  const canEdit = useAllowed('status:edit');
  const services = useServices();
  const teams = useTeams();
  return (
    <>
      <title>Status page · Firewatch</title>
      <StatusAdminPage canEdit={canEdit} services={services.data?.items ?? NONE} teams={teams.data?.items ?? NONE} />
    </>
  );
}
