import { useParams } from 'react-router-dom';
import { AckLinkPage } from '../../features/paging/components/ack-link-page';

/** Public: the token in the address is the permission, so it works from a phone with no session. */
export default function AckRoute() {
  const { token = '' } = useParams();
  return (
    <>
      <title>Acknowledge · Firewatch</title>
      <AckLinkPage token={token} />
    </>
  );
}
