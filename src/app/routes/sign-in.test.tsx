import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, seed } from '../../testing/db';
import { FakeEventSource } from '../../testing/fake-event-source';
import { PASSWORD, USERS, makeService } from '../../testing/fixtures';
import { server } from '../../testing/msw-server';
import { renderApp } from '../../testing/render-app';

async function signIn(user: ReturnType<typeof renderApp>['user'], email: string, password: string) {
  await user.type(await screen.findByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('signing in', () => {
  it('sends a signed-out visitor to sign in and, once signed in, back where they were going', async () => {
    seed({ services: [makeService({ name: 'Checkout API' })] });
    const { user, router } = renderApp('/services?from=bookmark', { as: null });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/services?from=bookmark');
    // Nobody is signed in, so the live stream stays closed (the server would refuse it).
    expect(FakeEventSource.instances).toHaveLength(0);

    await signIn(user, 'marcus@example.com', PASSWORD);
    expect(await screen.findByRole('heading', { level: 1, name: 'Services' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/services');
    expect(router.state.location.search).toBe('?from=bookmark');
    expect(screen.getByRole('link', { name: 'Profile: Marcus Webb, manager' })).toBeInTheDocument();
    expect(FakeEventSource.openInstances()).toHaveLength(1);
    expect(FakeEventSource.latest().url).toBe('/api/v1/events');
  });

  it('refuses empty fields, then shows the server’s message for a wrong password', async () => {
    const { user, router } = renderApp('/sign-in', { as: null });
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Type your e-mail address.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Type your password.');

    await signIn(user, 'priya@example.com', 'not the password');
    expect(await screen.findByRole('alert')).toHaveTextContent('E-mail or password is wrong');
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(db.sessionUserId).toBeNull();
  });

  it('says how long to wait after too many attempts', async () => {
    server.use(
      http.post('*/api/v1/session', () =>
        HttpResponse.json({ error: { code: 'too_many_attempts', message: 'Too many failed sign-ins; try again later' } }, { status: 429, headers: { 'retry-after': '120' } }),
      ),
    );
    const { user } = renderApp('/sign-in', { as: null });
    await signIn(user, 'priya@example.com', 'guess');
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many failed sign-ins. Try again in 2 minutes.');
  });

  it('ignores a `next` that leads off the site', async () => {
    const { user, router } = renderApp('/sign-in?next=%2F%2Fevil.example%2Fphish', { as: null });
    await signIn(user, 'priya@example.com', PASSWORD);
    expect(await screen.findByRole('heading', { name: 'Incidents' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
  });

  it('lists the demo accounts in demo mode, and one click fills the form', async () => {
    seed({ setup: { demoMode: true, demoAccounts: [{ name: 'Tomás Ferreira', email: 'tomas@example.com', role: 'viewer', password: PASSWORD }] } });
    const { user } = renderApp('/sign-in', { as: null });
    const demo = await screen.findByRole('region', { name: 'Demo accounts' });
    expect(demo).toHaveTextContent('Tomás Ferreira · viewer');
    expect(demo).toHaveTextContent(`tomas@example.com · password ${PASSWORD}`);
    await user.click(within(demo).getByRole('button', { name: 'Use Tomás Ferreira (viewer)' }));
    expect(screen.getByLabelText('Email')).toHaveValue('tomas@example.com');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('link', { name: 'Profile: Tomás Ferreira, viewer' })).toBeInTheDocument();
  });

  it('shows no demo accounts outside demo mode', async () => {
    renderApp('/sign-in', { as: null });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Demo accounts' })).not.toBeInTheDocument();
  });
});

describe('a session that ends', () => {
  it('sends the person to sign in when the API answers 401 mid-session, and back afterwards', async () => {
    seed({ services: [makeService({ name: 'Checkout API' })] });
    const { user, router } = renderApp('/services');
    const card = await screen.findByRole('article', { name: 'Checkout API' });
    expect(FakeEventSource.openInstances()).toHaveLength(1);
    // Revoked elsewhere (a password change in another browser, or expiry).
    db.sessionUserId = null;
    await user.click(within(card).getByRole('button', { name: 'Add key' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/services')}`);
    expect(FakeEventSource.openInstances()).toHaveLength(0);

    await signIn(user, 'priya@example.com', PASSWORD);
    expect(await screen.findByRole('article', { name: 'Checkout API' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/services');
    // A fresh stream for the new session: no resume point carried over.
    expect(FakeEventSource.openInstances()).toHaveLength(1);
    expect(FakeEventSource.latest().url).toBe('/api/v1/events');
  });

  it('signs out: DELETE /session, back to the sign-in page, live stream closed', async () => {
    seed({ services: [makeService()] });
    const { user, router } = renderApp('/services');
    await screen.findByRole('heading', { level: 1, name: 'Services' });
    expect(db.sessionUserId).toBe(USERS.admin.id);
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(db.sessionUserId).toBeNull();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe('');
    expect(FakeEventSource.openInstances()).toHaveLength(0);
    expect(screen.queryByRole('banner')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Email')).toHaveValue(''));
  });
});
