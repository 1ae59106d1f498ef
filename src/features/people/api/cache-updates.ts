import type { QueryClient } from '@tanstack/react-query';
import { sessionQueryOptions } from '../../../lib/session';
import { peopleQueryOptions } from './get-people';
import { teamsQueryOptions } from './get-teams';

/**
 * After a team changes: each person lists their teams, and the signed-in admin may now manage a
 * different set (which decides the services they may edit), so all three are refetched.
 */
export function refetchAfterTeamChange(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: teamsQueryOptions().queryKey });
  void queryClient.invalidateQueries({ queryKey: peopleQueryOptions().queryKey });
  void queryClient.invalidateQueries({ queryKey: sessionQueryOptions().queryKey });
}
