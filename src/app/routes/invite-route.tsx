import { useParams } from 'react-router-dom';
import { InvitePage } from '../../features/auth/components/invite-page';

export default function InviteRoute() {
  const { token = '' } = useParams();
  return (
    <>
      <title>Accept invitation · Firewatch</title>
      <InvitePage token={token} />
    </>
  );
}
