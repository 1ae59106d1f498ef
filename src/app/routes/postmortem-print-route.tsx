import { useParams } from 'react-router-dom';
import { PostmortemPrint } from '../../features/postmortems/components/postmortem-print';

export default function PostmortemPrintRoute() {
  const { id = '' } = useParams();
  return (
    <>
      <title>Post-mortem (print) · Firewatch</title>
      <PostmortemPrint id={id} />
    </>
  );
}
