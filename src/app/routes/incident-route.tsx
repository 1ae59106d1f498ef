import { useParams } from 'react-router-dom';
import { IncidentView } from '../../features/incidents/components/incident-view';
import { usePeople } from '../../features/people/api/get-people';
import { useAllowed } from '../../lib/session';

const NONE: never[] = [];

export default function IncidentRoute() {
  const { id = '' } = useParams();
  const people = usePeople();
  const canAct = useAllowed('incident:act');
  return (
    <>
      <title>{`${id} · Firewatch`}</title>
      <IncidentView key={id} id={id} people={people.data?.items ?? NONE} canAct={canAct} />
    </>
  );
}
