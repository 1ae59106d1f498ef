import { useMemo } from 'react';
import { RunbookLibrary } from '../../features/runbooks/components/runbook-library';
import { useServices } from '../../features/services/api/get-services';
import { useAllowed } from '../../lib/session';

/** Service names come from the services feature; who may write runbooks from the role (the server checks the owner). */
export default function RunbooksRoute() {
  const services = useServices();
  const canCreate = useAllowed('service:edit');
  const names = useMemo(() => new Map((services.data?.items ?? []).map((s) => [s.id, s.name])), [services.data]);
  return (
    <>
      <title>Runbooks · Firewatch</title>
      <RunbookLibrary serviceNames={names} canCreate={canCreate} />
    </>
  );
}
