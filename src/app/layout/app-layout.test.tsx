import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { seed } from '../../testing/db';
import { FakeEventSource } from '../../testing/fake-event-source';
import { makeService } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

describe('header', () => {
  it('navigates between the dashboard, services and people', async () => {
    seed({ services: [makeService()] });
    const { user } = renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(nav).getByRole('link', { name: 'Services' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Services' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Services' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(nav).getByRole('link', { name: 'People' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'People and teams' })).toBeInTheDocument();
  });

  it('names the signed-in person and their role, and links to their profile', async () => {
    seed({ services: [makeService()] });
    const { user } = renderApp('/', { as: 'responder' });
    const profile = await screen.findByRole('link', { name: 'Profile: Diego Alvarez, responder' });
    expect(profile).toHaveTextContent('Diego Alvarez');
    expect(profile).toHaveTextContent('responder');
    await user.click(profile);
    expect(await screen.findByRole('heading', { level: 1, name: 'Your profile' })).toBeInTheDocument();
  });

  it('shows the audit log link to admins only', async () => {
    seed({ services: [makeService()] });
    const first = renderApp('/', { as: 'admin' });
    expect(within(await screen.findByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Audit log' })).toHaveAttribute('href', '/admin/audit');
    first.unmount();
    renderApp('/', { as: 'manager' });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'People' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Audit log' })).not.toBeInTheDocument();
  });

  it('tells a non-admin who opens the audit log address that it is for admins', async () => {
    renderApp('/admin/audit', { as: 'manager' });
    expect(await screen.findByRole('heading', { name: 'Only admins see the audit log' })).toBeInTheDocument();
  });

  it('shows the live stream status as it changes', async () => {
    seed({ services: [makeService()] });
    renderApp('/');
    const banner = await screen.findByRole('banner');
    expect(banner).toHaveTextContent('Connecting…');
    const stream = FakeEventSource.latest();
    stream.open();
    stream.ready(5, false);
    expect(banner).toHaveTextContent('Live updates: Live');
    stream.fail({ closed: false });
    expect(banner).toHaveTextContent('Reconnecting…');
    stream.fail({ closed: true });
    expect(banner).toHaveTextContent('Offline');
    expect(await screen.findByRole('heading', { name: 'Incidents' })).toBeInTheDocument();
  });

  it('keeps keyboard focus inside a dialog and closes it with Escape', async () => {
    seed({ services: [makeService()] });
    const { user } = renderApp('/');
    const opener = await screen.findByRole('button', { name: 'Declare incident' });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Declare incident' });
    const title = within(dialog).getByLabelText('Title');
    expect(title).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog).getByRole('button', { name: 'Declare incident' })).toHaveFocus();
    await user.tab();
    expect(title).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('shows a not-found page for an unknown address', async () => {
    renderApp('/nowhere');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
