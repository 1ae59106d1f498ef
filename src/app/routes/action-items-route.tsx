import { useTeams } from '../../features/people/api/get-teams';
import { ActionItemList } from '../../features/postmortems/components/action-item-list';
import { useServices } from '../../features/services/api/get-services';
import { useAllowed } from '../../lib/session';

const NONE: never[] = [];

/** Teams and services come from their features for the filters; responders and up change statuses. */
export default function ActionItemsRoute() {
  const teams = useTeams();
  const services = useServices();
  const canEdit = useAllowed('incident:act');
  return (
    <>
      <title>Action items · Firewatch</title>
      <ActionItemList teams={teams.data?.items ?? NONE} services={services.data?.items ?? NONE} canEdit={canEdit} />
    </>
  );
}
