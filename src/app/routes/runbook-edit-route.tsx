import { useMemo } from 'react';
import { useParams } from 'react-router-dom';
import { usePeople } from '../../features/people/api/get-people';
import { useTeams } from '../../features/people/api/get-teams';
import { Loading } from '../../shared/components/page-state';
import { RunbookEditor } from '../../features/runbooks/components/runbook-editor';
import { useServices } from '../../features/services/api/get-services';
import { useAllowed, useCurrentUser } from '../../lib/session';

/** The editor gets the services, teams and people to choose from from their own features. */
export default function RunbookEditRoute() {
  const { id } = useParams();
  const services = useServices();
  const teams = useTeams();
  const people = usePeople();
  const user = useCurrentUser();
  const canCreate = useAllowed('service:edit');
  const directory = useMemo(
    () => ({
      services: (services.data?.items ?? []).map((s) => ({ id: s.id, name: s.name })),
      // A manager offers their own teams first: the server lets them own runbooks only there (admins: any).
      teams: (teams.data?.items ?? [])
        .filter((t) => user?.role === 'admin' || user?.teams.some((mine) => mine.id === t.id && mine.manager))
        .map((t) => ({ id: t.id, name: t.name })),
      people: (people.data?.items ?? []).filter((p) => user?.role === 'admin' || p.id === user?.id).map((p) => ({ id: p.id, name: p.name })),
    }),
    [services.data, teams.data, people.data, user],
  );
  // The new runbook's owner defaults to the first team offered, so the choices load first.
  if (services.isPending || teams.isPending || people.isPending) return <Loading label="Loading the editor…" />;
  return (
    <>
      <title>{id ? 'Edit runbook · Firewatch' : 'New runbook · Firewatch'}</title>
      <RunbookEditor key={id ?? 'new'} id={id} directory={directory} me={user ? { id: user.id, name: user.name } : null} canCreate={canCreate} />
    </>
  );
}
