import { useMemo } from 'react';
import { isIanaZone } from '../../domain/people/contact';
import { MetricsPage } from '../../features/metrics/components/metrics-page';
import { useTeams } from '../../features/people/api/get-teams';
import { useServices } from '../../features/services/api/get-services';
import { useCurrentUser } from '../../lib/session';
import { Loading } from '../../shared/components/page-state';
import { viewerZone } from '../../shared/components/zoned-time';

/**
 * The metrics page gets the filter choices (services, teams) from their own features, and the
 * viewer's zone — their profile's, or the browser's when the profile has none that is valid —
 * in which weeks and months are cut.
 */
export default function MetricsRoute() {
  const user = useCurrentUser();
  const services = useServices();
  const teams = useTeams();
  const choices = useMemo(
    () => ({
      services: (services.data?.items ?? []).map((s) => ({ id: s.id, name: s.name })).sort((a, b) => a.name.localeCompare(b.name)),
      teams: (teams.data?.items ?? []).map((t) => ({ id: t.id, name: t.name })).sort((a, b) => a.name.localeCompare(b.name)),
    }),
    [services.data, teams.data],
  );
  if (!user) return <Loading label="Loading metrics…" />;
  const zone = isIanaZone(user.timeZone) ? user.timeZone : viewerZone();
  return (
    <>
      <title>Metrics · Firewatch</title>
      <MetricsPage zone={zone} services={choices.services} teams={choices.teams} />
    </>
  );
}
