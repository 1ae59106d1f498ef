import { useParams } from 'react-router-dom';
import { usePeople } from '../../features/people/api/get-people';
import { useTeams } from '../../features/people/api/get-teams';
import { ScheduleCalendar } from '../../features/schedules/components/schedule-calendar';
import { useCurrentUser } from '../../lib/session';
import { LoadError, Loading } from '../../shared/components/page-state';

/** The calendar needs the people (zones, quiet hours) and teams (the roster) from the people feature; they meet here. */
export default function ScheduleRoute() {
  const { id = '' } = useParams();
  const people = usePeople();
  const teams = useTeams();
  const user = useCurrentUser();
  if (people.isPending || teams.isPending || !user) return <Loading label="Loading the schedule…" />;
  if (people.isError) return <LoadError error={people.error} onRetry={() => void people.refetch()} />;
  if (teams.isError) return <LoadError error={teams.error} onRetry={() => void teams.refetch()} />;
  return (
    <>
      <title>On-call calendar · Firewatch</title>
      <ScheduleCalendar scheduleId={id} people={people.data.items} teams={teams.data.items} user={user} />
    </>
  );
}
