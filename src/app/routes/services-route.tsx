import { useTeams } from '../../features/people/api/get-teams';
import { ServicesPage } from '../../features/services/components/services-page';

const NONE: never[] = [];

export default function ServicesRoute() {
  // Team names (and an admin's choice of owner) come from the people feature.
  const teams = useTeams();
  return (
    <>
      <title>Services · Firewatch</title>
      <ServicesPage teams={teams.data?.items ?? NONE} />
    </>
  );
}
