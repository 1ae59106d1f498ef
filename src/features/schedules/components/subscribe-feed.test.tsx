import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { createQueryClient } from '../../../lib/query-client';
import { db, seed, signInAs } from '../../../testing/db';
import { TEAM_PAYMENTS } from '../../../testing/fixtures';
import { SubscribeFeedButton } from './subscribe-feed';

const SCHEDULE = { id: 'sch-payments', name: 'Payments primary', teamId: TEAM_PAYMENTS, zone: 'UTC', version: 1, layers: [], overrides: [], backupLag: null };

/** The button on its own (a features test may not use the app's providers), until the calendar mounts it and the route test can cover it. */
function renderButton(scheduleId: string) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false }, mutations: { retry: false } });
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <SubscribeFeedButton scheduleId={scheduleId} scheduleName="Payments primary" />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { user };
}

describe('subscribe to a schedule’s calendar', () => {
  it('creates a feed of the schedule and shows its URL in a dialog that Escape closes, then shows the same feed again', async () => {
    seed({ schedules: [SCHEDULE] });
    signInAs('viewer');
    const { user } = renderButton('sch-payments');
    const button = screen.getByRole('button', { name: 'Subscribe to calendar' });
    await user.click(button);

    const dialog = await screen.findByRole('dialog', { name: 'Subscribe to “Payments primary”' });
    expect(db.feeds).toMatchObject([{ kind: 'schedule', targetId: 'sch-payments', revokedAt: null }]);
    const address = `${window.location.origin}/api/v1/feeds/${db.feeds[0]!.token}.ics`;
    const url = within(dialog).getByLabelText('Feed URL');
    expect(url).toHaveValue(address);
    expect(url).toHaveAttribute('readonly');
    // Focus starts on the URL, ready to copy.
    expect(url).toHaveFocus();
    expect(within(dialog).getByRole('link', { name: 'Open in calendar app' })).toHaveAttribute('href', address.replace(/^http:/, 'webcal:'));
    expect(within(dialog).getByRole('link', { name: 'your profile' })).toHaveAttribute('href', '/profile');
    await user.click(within(dialog).getByRole('button', { name: 'Copy the feed URL' }));
    expect(await navigator.clipboard.readText()).toBe(address);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(button).toHaveFocus();

    // Pressing again shows the feed already made rather than minting another secret.
    await user.keyboard('{Enter}');
    expect(within(await screen.findByRole('dialog')).getByLabelText('Feed URL')).toHaveValue(address);
    expect(db.feeds).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('says beside the button why no feed was made, and opens no dialog', async () => {
    // The schedule was deleted after the page loaded.
    const { user } = renderButton('sch-deleted');
    const button = screen.getByRole('button', { name: 'Subscribe to calendar' });
    await user.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not create a calendar feed: schedule sch-deleted not found');
    expect(button).toHaveAccessibleDescription('Could not create a calendar feed: schedule sch-deleted not found');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(db.feeds).toEqual([]);
  });
});
