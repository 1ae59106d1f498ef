import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSetup } from '../../features/setup/api/get-setup';
import { useSession } from '../../lib/session';
import { LoadError, Loading } from '../../shared/components/page-state';

/**
 * Everything behind it needs a signed-in person. Signed out (never signed in, or the session
 * ended mid-way: any 401 marks it so) goes to the sign-in page with the way back in `next`; a
 * brand-new installation goes to create its first admin instead.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const setup = useSetup();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (session.isError) {
    return (
      <div className="mx-auto max-w-lg p-8">
        <LoadError error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  if (session.data) return <>{children}</>;
  if (setup.isPending) return <Loading />;
  if (setup.data?.needsAdmin) return <Navigate to="/setup" replace />;
  const next = `${location.pathname}${location.search}`;
  return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
}
