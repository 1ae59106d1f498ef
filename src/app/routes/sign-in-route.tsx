import { Navigate } from 'react-router-dom';
import { SignInPage } from '../../features/auth/components/sign-in-page';
import { useSetup } from '../../features/setup/api/get-setup';

const NONE: never[] = [];

export function SignInRoute() {
  const setup = useSetup();
  // Nobody can sign in before the first admin exists.
  if (setup.data?.needsAdmin) return <Navigate to="/setup" replace />;
  return <SignInPage demoAccounts={setup.data?.demoMode ? setup.data.demoAccounts : NONE} />;
}
