import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useIdentityStore } from '../../lib/identity-store';
import { seed } from '../../testing/db';
import { FakeEventSource } from '../../testing/fake-event-source';
import { makeService } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

describe('header', () => {
  it('navigates between the dashboard and services', async () => {
    seed({ services: [makeService()] });
    const { user } = renderApp('/');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(nav).getByRole('link', { name: 'Services' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Services' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Services' })).toHaveAttribute('aria-current', 'page');
  });

  it('shows the live stream status as it changes', async () => {
    seed({ services: [makeService()] });
    renderApp('/');
    const banner = screen.getByRole('banner');
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

  it('edits your name, refusing one that is too long', async () => {
    seed({ services: [makeService()] });
    const { user } = renderApp('/');
    await user.click(screen.getByRole('button', { name: /Your name:\s*not set/ }));
    const dialog = screen.getByRole('dialog', { name: 'Your name' });
    const input = within(dialog).getByLabelText('Your name');
    expect(input).toHaveFocus();
    await user.type(input, 'y'.repeat(101));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(input).toHaveAccessibleDescription('Use at most 100 characters.');
    await user.clear(input);
    await user.type(input, 'Sofia Lindqvist{Enter}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Your name:\s*Sofia Lindqvist/ })).toHaveFocus();
    expect(useIdentityStore.getState().name).toBe('Sofia Lindqvist');
  });

  it('keeps keyboard focus inside a dialog and closes it with Escape', async () => {
    seed({ services: [makeService()] });
    const { user } = renderApp('/');
    await user.click(screen.getByRole('button', { name: /Your name/ }));
    const dialog = screen.getByRole('dialog');
    const input = within(dialog).getByLabelText('Your name');
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Save' })).toHaveFocus();
    await user.tab();
    expect(input).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog).getByRole('button', { name: 'Save' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows a not-found page for an unknown address', async () => {
    renderApp('/nowhere');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
