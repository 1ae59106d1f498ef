import { NavLink, useNavigate } from 'react-router-dom';
import type { PersonDto } from '../../contracts/people';
import { useSignOut } from '../../features/auth/api/sign-out';
import { errorMessage } from '../../lib/api-client';

/** Who is signed in, a way to their profile, and out. */
export function UserMenu({ user }: { user: PersonDto }) {
  const navigate = useNavigate();
  // flushSync: the signed-in pages are gone from the screen before the session is dropped.
  const signOut = useSignOut(async () => {
    await navigate('/sign-in', { replace: true, flushSync: true, state: { signedOut: true } });
  });
  return (
    <div className="flex min-w-0 items-center gap-2">
      <NavLink
        to="/profile"
        className={({ isActive }) =>
          `flex min-w-0 flex-col rounded-md px-2 py-0.5 text-right leading-tight hover:bg-slate-800 ${isActive ? 'bg-slate-700' : ''}`
        }
        aria-label={`Profile: ${user.name}, ${user.role}`}
      >
        <span className="max-w-36 truncate text-xs font-medium text-white">{user.name}</span>
        <span className="text-[0.7rem] text-slate-300">{user.role}</span>
      </NavLink>
      <button
        type="button"
        className="rounded-md border border-slate-600 px-2.5 py-1 text-xs font-medium text-slate-100 hover:bg-slate-800 disabled:opacity-60"
        disabled={signOut.isPending}
        title={signOut.isError ? `Sign-out failed: ${errorMessage(signOut.error)}` : undefined}
        onClick={() => signOut.mutate()}
      >
        Sign out
      </button>
    </div>
  );
}
