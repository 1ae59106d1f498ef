import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RouterProvider, createMemoryRouter } from 'react-router-dom';
import { AppProviders } from '../app/providers';
import { routes } from '../app/routes';
import { createQueryClient } from '../lib/query-client';
import { signInAs } from './db';
import type { USERS } from './fixtures';

/**
 * Renders the real routes at `path` with a fresh QueryClient (no retries, so an error shows at
 * once), the real providers (including the live stream on the fake EventSource) and user-event.
 * `as` picks whose session cookie the browser holds (a fixture person by role, or null for
 * signed out); without it, whoever the test db has signed in (the admin, unless changed).
 */
export function renderApp(path = '/', { as }: { as?: keyof typeof USERS | null } = {}) {
  if (as !== undefined) signInAs(as);
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retry: false, gcTime: Infinity },
    mutations: { retry: false },
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();
  const utils = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...utils, user, router, queryClient };
}
