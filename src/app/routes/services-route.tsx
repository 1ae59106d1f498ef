import { PolicyFlag } from '../../features/escalation/components/policy-flag';
import { useTeams } from '../../features/people/api/get-teams';
import { ServicesPage } from '../../features/services/components/services-page';
import type { ServiceDto } from '../../contracts/services';

const NONE: never[] = [];
const policyFlag = (service: ServiceDto) => <PolicyFlag serviceId={service.id} />;

export default function ServicesRoute() {
  // Team names (and an admin's choice of owner) come from the people feature; each card's policy flag from the escalation feature.
  const teams = useTeams();
  return (
    <>
      <title>Services · Firewatch</title>
      <ServicesPage teams={teams.data?.items ?? NONE} policyStatus={policyFlag} />
    </>
  );
}
