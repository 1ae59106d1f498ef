import { useParams } from 'react-router-dom';
import { RunbookHistory } from '../../features/runbooks/components/runbook-history';

export default function RunbookHistoryRoute() {
  const { id = '' } = useParams();
  return (
    <>
      <title>Runbook history · Firewatch</title>
      <RunbookHistory key={id} id={id} />
    </>
  );
}
