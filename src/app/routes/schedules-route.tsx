import { useTeams } from '../../features/people/api/get-teams';
import { SchedulesPage } from '../../features/schedules/components/schedules-page';

const NONE: never[] = [];

export default function SchedulesRoute() {
  const teams = useTeams();
  return (
    <>
      <title>On-call · Firewatch</title>
      <SchedulesPage teams={teams.data?.items ?? NONE} />
    </>
  );
}
