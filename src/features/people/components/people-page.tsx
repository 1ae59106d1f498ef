import { LoadError, Loading } from '../../../shared/components/page-state';
import { useAllowed } from '../../../lib/session';
import { usePeople } from '../api/get-people';
import { useTeams } from '../api/get-teams';
import { InvitePersonForm } from './invite-person-form';
import { PeopleList } from './people-list';
import { TeamsSection } from './teams-section';

export function PeoplePage() {
  const people = usePeople();
  const teams = useTeams();
  const isAdmin = useAllowed('people:admin');
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">People and teams</h1>
        <p className="text-sm text-slate-600">Who may see and change what. {isAdmin ? 'You are an admin: you invite people and set their roles.' : 'Admins invite people and set roles.'}</p>
      </div>
      {isAdmin ? <InvitePersonForm /> : null}
      <section aria-labelledby="people-heading" className="space-y-3">
        <h2 id="people-heading" className="text-lg font-semibold text-slate-900">
          People
        </h2>
        {people.isPending ? <Loading label="Loading people…" /> : people.isError ? <LoadError error={people.error} onRetry={() => void people.refetch()} /> : <PeopleList people={people.data.items} isAdmin={isAdmin} />}
      </section>
      {teams.isPending ? (
        <Loading label="Loading teams…" />
      ) : teams.isError ? (
        <LoadError error={teams.error} onRetry={() => void teams.refetch()} />
      ) : (
        <TeamsSection teams={teams.data.items} people={people.data?.items ?? []} isAdmin={isAdmin} />
      )}
    </div>
  );
}
