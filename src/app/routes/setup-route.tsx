import { Navigate } from 'react-router-dom';
import { useSetup } from '../../features/setup/api/get-setup';
import { FirstAdminForm } from '../../features/setup/components/first-admin-form';
import { Loading } from '../../shared/components/page-state';

export default function SetupRoute() {
  const setup = useSetup();
  if (setup.isPending) return <Loading />;
  // Once an admin exists this page has nothing to offer (and the server would refuse).
  if (!setup.data?.needsAdmin) return <Navigate to="/" replace />;
  return <FirstAdminForm />;
}
