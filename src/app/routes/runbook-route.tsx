import { useMemo } from 'react';
import { useParams } from 'react-router-dom';
import { RunbookPage } from '../../features/runbooks/components/runbook-page';
import { useServices } from '../../features/services/api/get-services';

export default function RunbookRoute() {
  const { id = '' } = useParams();
  const services = useServices();
  const names = useMemo(() => new Map((services.data?.items ?? []).map((s) => [s.id, s.name])), [services.data]);
  return (
    <>
      <title>Runbook · Firewatch</title>
      <RunbookPage key={id} id={id} serviceNames={names} />
    </>
  );
}
