import type { QueryClient } from '@tanstack/react-query';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PersonDto } from '../contracts/people';
import type { Permission, Principal } from '../domain/access/roles';
import { canEditService, roleAllows } from '../domain/access/roles';
import { ApiRequestError, apiRequest, onUnauthenticated } from './api-client';

/** Who is signed in in this browser, or null. The cookie is HttpOnly, so only the server can say. */
export type Session = { user: PersonDto; demoMode: boolean };

export async function getSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return await apiRequest<Session>('/api/v1/session', { signal, unauthenticatedIsAnswer: true });
  } catch (error) {
    // Not signed in is an ordinary state of the app, not a failure to show.
    if (error instanceof ApiRequestError && error.status === 401) return null;
    throw error;
  }
}

/**
 * The session changes only through this tab's own sign-in and sign-out (which write the cache)
 * or by expiring (which any 401 reports): there is nothing to gain by refetching it on a timer.
 */
export const sessionQueryOptions = () => queryOptions({ queryKey: ['session'] as const, queryFn: ({ signal }) => getSession(signal), staleTime: Infinity });

export function useSession() {
  return useQuery(sessionQueryOptions());
}

/** The signed-in person; only for components that render behind the sign-in gate. */
export function useCurrentUser(): PersonDto | undefined {
  return useSession().data?.user;
}

/** Cached data that belongs to the signed-in person: everything but the session and the public setup status. */
const isPersonal = (key: readonly unknown[]) => key[0] !== 'session' && key[0] !== 'setup';

/** Records a fresh sign-in. Data fetched as someone else (or before) must not leak into it. */
export function startSession(queryClient: QueryClient, session: Session): void {
  queryClient.removeQueries({ predicate: (query) => isPersonal(query.queryKey) });
  queryClient.setQueryData(sessionQueryOptions().queryKey, session);
}

/** Records that nobody is signed in any more, dropping what the previous person could see. */
export function endSession(queryClient: QueryClient): void {
  queryClient.setQueryData(sessionQueryOptions().queryKey, null);
  queryClient.removeQueries({ predicate: (query) => isPersonal(query.queryKey) });
}

/**
 * Any 401 from the API means the session is over (expired, revoked, password changed in another
 * browser). Marking it so lets the sign-in gate send the person to sign in and back.
 */
export function watchForExpiredSession(queryClient: QueryClient): () => void {
  return onUnauthenticated(() => {
    if (queryClient.getQueryData(sessionQueryOptions().queryKey)) queryClient.setQueryData(sessionQueryOptions().queryKey, null);
  });
}

/** The permission rules' view of a person (the same rules the server applies). */
export function principalOf(user: PersonDto): Principal {
  return { userId: user.id, role: user.role, managedTeamIds: user.teams.filter((team) => team.manager).map((team) => team.id) };
}

/** Whether the signed-in person's role allows something; false while signed out. */
export function useAllowed(permission: Permission): boolean {
  const user = useCurrentUser();
  return user !== undefined && roleAllows(user.role, permission);
}

/** Whether the person may change something owned by `teamId` (a service). Without a team only admins may. */
export function canEditOwnedBy(user: PersonDto | undefined, teamId: string | null): boolean {
  return canEditService(user && principalOf(user), teamId);
}
