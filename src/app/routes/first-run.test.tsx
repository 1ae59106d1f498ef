import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, seed } from '../../testing/db';
import { apiError } from '../../testing/msw-kit';
import { server } from '../../testing/msw-server';
import { renderApp } from '../../testing/render-app';

describe('first run', () => {
  it('offers the example organisation and shows it once loaded', async () => {
    seed({ setup: { empty: true } });
    const { user } = renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Welcome to Firewatch' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Load example organisation' }));
    expect(await screen.findByRole('link', { name: 'Orders DB connection pool exhausted' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Welcome to Firewatch' })).not.toBeInTheDocument();
  });

  it('says why the example could not be loaded', async () => {
    seed({ setup: { empty: true } });
    server.use(http.post('*/api/v1/setup/demo', () => HttpResponse.json({ error: { code: 'conflict', message: 'Firewatch is no longer empty' } }, { status: 409 })));
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Load example organisation' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Firewatch is no longer empty');
  });

  it('leads to the services page to start for real', async () => {
    seed({ setup: { empty: true } });
    const { user, router } = renderApp('/');
    await user.click(await screen.findByRole('link', { name: 'Create your first service' }));
    expect(await screen.findByRole('heading', { name: 'Services' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/services');
  });

  it('offers a viewer neither the example nor a service form', async () => {
    seed({ setup: { empty: true } });
    renderApp('/', { as: 'viewer' });
    expect(await screen.findByRole('heading', { name: 'Welcome to Firewatch' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load example organisation' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Create your first service' })).not.toBeInTheDocument();
    expect(screen.getByText(/An administrator or a team manager sets up the first service/)).toBeInTheDocument();
  });
});

describe('the first admin', () => {
  const brandNew = () => seed({ users: [], teams: [], setup: { needsAdmin: true, empty: true } });

  async function fill(user: ReturnType<typeof renderApp>['user'], values: Partial<Record<'Name' | 'Email' | 'Time zone' | 'Password' | 'Confirm password', string>>) {
    for (const [label, value] of Object.entries(values)) {
      const input = screen.getByLabelText(label);
      await user.clear(input);
      await user.type(input, value);
    }
  }

  it('is asked for on a brand-new installation, checking each field before sending', async () => {
    brandNew();
    const { user, router } = renderApp('/', { as: null });
    expect(await screen.findByRole('heading', { name: 'Create the first admin' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/setup');
    // The browser's own zone is the default.
    expect(screen.getByLabelText('Time zone')).toHaveValue(Intl.DateTimeFormat().resolvedOptions().timeZone);

    await fill(user, { 'Time zone': 'UTC+2', Password: 'short' });
    await user.click(screen.getByRole('button', { name: 'Create admin and sign in' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Type a name.');
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Type an e-mail address.');
    expect(screen.getByLabelText('Time zone')).toHaveAccessibleDescription(/^Use a time zone name such as Europe\/Berlin, not an offset\./);
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/Use at least 12 characters\./);

    await fill(user, { Name: 'Priya Raman', Email: 'priya@example.com', 'Time zone': 'America/Los_Angeles', Password: 'correct horse battery', 'Confirm password': 'correct horse batterx' });
    await user.click(screen.getByRole('button', { name: 'Create admin and sign in' }));
    expect(screen.getByLabelText('Confirm password')).toHaveAccessibleDescription('The two passwords differ.');
    expect(db.users).toHaveLength(0);

    await fill(user, { 'Confirm password': 'correct horse battery' });
    await user.click(screen.getByRole('button', { name: 'Create admin and sign in' }));
    // Signed in at once, and the welcome screen offers the admin's choices.
    expect(await screen.findByRole('heading', { name: 'Welcome to Firewatch' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Load example organisation' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create your first service' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Profile: Priya Raman, admin' })).toBeInTheDocument();
    expect(db.users[0]).toMatchObject({ name: 'Priya Raman', email: 'priya@example.com', timeZone: 'America/Los_Angeles', role: 'admin' });
  });

  it('shows the server’s complaint about a field next to that field', async () => {
    brandNew();
    server.use(
      http.post('*/api/v1/setup/admin', () =>
        apiError(400, 'invalid_request', 'timeZone must be an IANA time zone such as Europe/Berlin (not an offset)', [
          { field: 'timeZone', problem: 'must be an IANA time zone such as Europe/Berlin (not an offset)' },
        ]),
      ),
    );
    const { user } = renderApp('/setup', { as: null });
    await screen.findByRole('heading', { name: 'Create the first admin' });
    await fill(user, { Name: 'Priya Raman', Email: 'priya@example.com', 'Time zone': 'Europe/Berlin', Password: 'correct horse battery', 'Confirm password': 'correct horse battery' });
    await user.click(screen.getByRole('button', { name: 'Create admin and sign in' }));
    expect(await screen.findByText('Time zone must be an IANA time zone such as Europe/Berlin (not an offset)')).toBeInTheDocument();
    expect(screen.getByLabelText('Time zone')).toHaveAttribute('aria-invalid', 'true');
  });

  it('sends whoever reaches the sign-in page of a brand-new installation to create the admin', async () => {
    brandNew();
    const { router } = renderApp('/sign-in', { as: null });
    expect(await screen.findByRole('heading', { name: 'Create the first admin' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/setup');
  });
});

describe('an invitation', () => {
  it('shows who was invited and signs them in once they choose a password', async () => {
    const invited = db.users.find((u) => u.role === 'viewer')!;
    invited.password = null;
    db.invites.set('tok-tomas', invited.id);
    const { user, router } = renderApp('/invite/tok-tomas', { as: null });
    expect(await screen.findByRole('heading', { name: 'Welcome, Tomás Ferreira' })).toBeInTheDocument();
    expect(screen.getByText(/invited to Firewatch as tomas@example\.com/)).toBeInTheDocument();

    await user.type(screen.getByLabelText('Choose a password'), 'too short');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect(screen.getByLabelText('Choose a password')).toHaveAccessibleDescription(/Use at least 12 characters\./);

    await user.clear(screen.getByLabelText('Choose a password'));
    await user.type(screen.getByLabelText('Choose a password'), 'a long enough password');
    await user.type(screen.getByLabelText('Confirm password'), 'a long enough password');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect(await screen.findByRole('heading', { name: 'Incidents' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(within(screen.getByRole('banner')).getByRole('link', { name: 'Profile: Tomás Ferreira, viewer' })).toBeInTheDocument();
    expect(invited.password).toBe('a long enough password');
  });

  it('explains a link that no longer works', async () => {
    renderApp('/invite/used-or-unknown', { as: null });
    expect(await screen.findByRole('heading', { name: 'This invitation does not work' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'sign in' })).toHaveAttribute('href', '/sign-in');
  });
});
