import { useParams, useSearchParams } from 'react-router-dom';
import { EscalationPolicyPage } from '../../features/escalation/components/escalation-policy-page';
import { useServices } from '../../features/services/api/get-services';
import { canEditOwnedBy, useCurrentUser } from '../../lib/session';
import { LoadError, Loading, NotFound } from '../../shared/components/page-state';
import { viewerZone } from '../../shared/components/zoned-time';
import { isIanaZone } from '../../domain/people/contact';

/**
 * The service (its name and team, which decide who may edit) comes from the services feature, the
 * policy from the escalation feature; `?zone=` shows the page's times in another zone than the browser's.
 */
export default function EscalationPolicyRoute() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const services = useServices();
  const user = useCurrentUser();
  if (services.isPending || !user) return <Loading label="Loading the service…" />;
  if (services.isError) return <LoadError error={services.error} onRetry={() => void services.refetch()} />;
  const service = services.data.items.find((s) => s.id === id);
  if (!service) return <NotFound title="No such service">It may have been deleted, or the link is wrong.</NotFound>;
  const asked = search.get('zone');
  const zone = asked && isIanaZone(asked) ? asked : viewerZone();
  return (
    <>
      <title>{`Escalation policy · ${service.name} · Firewatch`}</title>
      <EscalationPolicyPage serviceId={service.id} serviceName={service.name} teamId={service.teamId} canEdit={canEditOwnedBy(user, service.teamId)} zone={zone} />
    </>
  );
}
