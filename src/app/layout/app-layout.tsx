import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { roleAllows } from '../../domain/access/roles';
import { useAcknowledgeIncident } from '../../features/incidents/api/acknowledge-incident';
import { PageRinger } from '../../features/paging/components/page-ringer';
import { useCurrentUser } from '../../lib/session';
import { Loading } from '../../shared/components/page-state';
import { LiveIndicator } from './live-indicator';
import { RequireSession } from './require-session';
import { UserMenu } from './user-menu';

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap sm:px-3 ${isActive ? 'bg-slate-700 text-white' : 'text-slate-300 hover:bg-slate-800 hover:text-white'}`;

export function AppLayout() {
  return (
    <RequireSession>
      <SignedInLayout />
    </RequireSession>
  );
}

function SignedInLayout() {
  const user = useCurrentUser();
  const acknowledge = useAcknowledgeIncident();
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900">
      <a href="#main" className="sr-only rounded bg-white px-3 py-2 text-sm font-medium text-blue-800 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50">
        Skip to content
      </a>
      <header className="bg-slate-900 text-white print:hidden">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2 sm:px-6">
          <NavLink to="/" className="flex items-center gap-2 text-base font-semibold tracking-tight">
            <span aria-hidden="true" className="flex size-6 items-center justify-center rounded bg-red-600 text-xs font-bold">
              F
            </span>
            Firewatch
          </NavLink>
          <nav aria-label="Main" className="order-last -mx-1 flex w-full gap-1 overflow-x-auto sm:order-none sm:mx-0 sm:w-auto">
            <NavLink to="/" end className={navClass}>
              Dashboard
            </NavLink>
            <NavLink to="/services" className={navClass}>
              Services
            </NavLink>
            <NavLink to="/schedules" className={navClass}>
              On-call
            </NavLink>
            <NavLink to="/runbooks" className={navClass}>
              Runbooks
            </NavLink>
            <NavLink to="/postmortems" className={navClass}>
              Post-mortems
            </NavLink>
            <NavLink to="/action-items" className={navClass}>
              Action items
            </NavLink>
            <NavLink to="/metrics" className={navClass}>
              Metrics
            </NavLink>
            <NavLink to="/status-admin" className={navClass}>
              Status page
            </NavLink>
            <NavLink to="/people" className={navClass}>
              People
            </NavLink>
            {user && roleAllows(user.role, 'audit:read') ? (
              <NavLink to="/admin/audit" className={navClass}>
                Audit log
              </NavLink>
            ) : null}
            {user && roleAllows(user.role, 'people:admin') ? (
              <NavLink to="/admin/channels" className={navClass}>
                Channels
              </NavLink>
            ) : null}
          </nav>
          <div className="ml-auto flex min-w-0 items-center gap-2">
            <LiveIndicator />
            {user ? <UserMenu user={user} /> : null}
          </div>
        </div>
      </header>
      {/* Keyed by the person: whoever signs in next starts with nothing ringing. */}
      {user ? <PageRinger key={user.id} userId={user.id} acknowledge={(id) => acknowledge.mutateAsync({ id })} /> : null}
      <main id="main" className="mx-auto max-w-7xl px-3 py-4 sm:px-6 sm:py-6">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
