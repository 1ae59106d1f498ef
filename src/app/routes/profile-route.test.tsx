import { fireEvent, screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { db, seed } from '../../testing/db';
import { PASSWORD, TEAM_PAYMENTS, USERS } from '../../testing/fixtures';
import { apiError } from '../../testing/msw-kit';
import { server } from '../../testing/msw-server';
import { renderApp } from '../../testing/render-app';

const profileForm = () => screen.findByRole('form', { name: 'Profile' });

describe('profile', () => {
  it('puts the server’s complaint about a phone number next to that address', async () => {
    const { user } = renderApp('/profile', { as: 'responder' });
    const form = await profileForm();
    await user.click(within(form).getByRole('button', { name: 'Add contact method' }));
    await user.selectOptions(within(form).getByLabelText('Kind of contact method 1'), 'sms');
    await user.type(within(form).getByLabelText('Address of contact method 1'), '555-0123');
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Some fields need a change');
    expect(within(form).getByLabelText('Address of contact method 1')).toHaveAccessibleDescription('Address must be a phone number in E.164 form, e.g. +14155550123');
    expect(db.profiles.get(USERS.responder.id)).toBeUndefined();

    await user.clear(within(form).getByLabelText('Address of contact method 1'));
    await user.type(within(form).getByLabelText('Address of contact method 1'), '+1 415 555 0123');
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(await within(form).findByText('Saved.')).toBeInTheDocument();
    expect(db.profiles.get(USERS.responder.id)!.contactMethods).toMatchObject([{ kind: 'sms', address: '+14155550123', verified: false }]);
    expect(within(form).getByLabelText('Address of contact method 1')).toHaveValue('+14155550123');
  });

  it('previews quiet hours in UTC for today, in the zone being typed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-01-15T12:00:00Z'));
    const { user } = renderApp('/profile');
    const form = await profileForm();
    await user.click(within(form).getByRole('checkbox', { name: 'Use quiet hours' }));
    fireEvent.change(within(form).getByLabelText('Quiet from'), { target: { value: '02:00' } });
    fireEvent.change(within(form).getByLabelText('Quiet until'), { target: { value: '07:00' } });
    const zone = within(form).getByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'America/Los_Angeles');
    expect(within(form).getByLabelText('Quiet hours in UTC')).toHaveTextContent('02:00–07:00 America/Los_Angeles = 10:00–15:00 UTC today, 5 h');

    fireEvent.change(within(form).getByLabelText('Quiet until'), { target: { value: '02:00' } });
    expect(within(form).queryByLabelText('Quiet hours in UTC')).not.toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(within(form).getByLabelText('Quiet until')).toHaveAccessibleDescription('Start and end must differ.');

    fireEvent.change(within(form).getByLabelText('Quiet until'), { target: { value: '07:00' } });
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(await within(form).findByText('Saved.')).toBeInTheDocument();
    expect(db.users.find((u) => u.id === USERS.admin.id)).toMatchObject({ timeZone: 'America/Los_Angeles', quietHours: { start: '02:00', end: '07:00' } });
  });

  it('saves notification rules that point at the contact methods saved with them', async () => {
    const { user } = renderApp('/profile', { as: 'responder' });
    const form = await profileForm();
    const high = within(form).getByRole('group', { name: 'High urgency (P1, P2)' });
    expect(within(high).getByRole('button', { name: 'Add high urgency rule' })).toBeDisabled();
    await user.click(within(form).getByRole('button', { name: 'Add contact method' }));
    await user.type(within(form).getByLabelText('Address of contact method 1'), 'diego@example.com');
    await user.click(within(form).getByRole('button', { name: 'Add contact method' }));
    await user.selectOptions(within(form).getByLabelText('Kind of contact method 2'), 'voice');
    await user.type(within(form).getByLabelText('Address of contact method 2'), '+14155550123');

    await user.click(within(high).getByRole('button', { name: 'Add high urgency rule' }));
    await user.click(within(high).getByRole('button', { name: 'Add high urgency rule' }));
    const delay = within(high).getByLabelText('Minutes before high urgency rule 2');
    await user.clear(delay);
    await user.type(delay, 'soon');
    await user.selectOptions(within(high).getByLabelText('Method of high urgency rule 2'), 'Voice call: +14155550123');
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(delay).toHaveAccessibleDescription('Use whole minutes from 0 to 1440.');

    await user.clear(delay);
    await user.type(delay, '10');
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(await within(form).findByText('Saved.')).toBeInTheDocument();
    const saved = db.profiles.get(USERS.responder.id)!;
    const voice = saved.contactMethods.find((m) => m.kind === 'voice')!;
    const email = saved.contactMethods.find((m) => m.kind === 'email')!;
    expect(saved.notificationRules).toMatchObject([
      { urgency: 'high', contactMethodId: email.id, delayMinutes: 0 },
      { urgency: 'high', contactMethodId: voice.id, delayMinutes: 10 },
    ]);
  });

  it('changes the password, showing the server’s word on a wrong current one', async () => {
    const { user } = renderApp('/profile', { as: 'viewer' });
    const form = await screen.findByRole('form', { name: 'Change password' });
    await user.type(within(form).getByLabelText('Current password'), 'not it');
    await user.type(within(form).getByLabelText('New password'), 'short');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(within(form).getByLabelText('New password')).toHaveAccessibleDescription(/Use at least 12 characters\./);

    await user.clear(within(form).getByLabelText('New password'));
    await user.type(within(form).getByLabelText('New password'), 'a brand new passphrase');
    await user.type(within(form).getByLabelText('Confirm new password'), 'a brand new passphrase');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await within(form).findByText('Current password is wrong')).toBeInTheDocument();

    await user.clear(within(form).getByLabelText('Current password'));
    await user.type(within(form).getByLabelText('Current password'), PASSWORD);
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await within(form).findByText(/Password changed\. Every other browser/)).toBeInTheDocument();
    expect(db.users.find((u) => u.id === USERS.viewer.id)!.password).toBe('a brand new passphrase');
  });

  it('creates an API token, shows its secret once, and revokes it', async () => {
    const { user } = renderApp('/profile', { as: 'responder' });
    const section = await screen.findByRole('region', { name: 'API tokens' });
    // A token never has more power than its owner.
    expect(within(within(section).getByLabelText('Token role')).getAllByRole('option').map((o) => o.textContent)).toEqual(['viewer', 'responder']);
    await user.click(within(section).getByRole('button', { name: 'Create token' }));
    expect(within(section).getByLabelText('Token name')).toHaveAccessibleDescription(/^Name the token after what uses it\./);

    await user.type(within(section).getByLabelText('Token name'), 'Deploy bot');
    await user.selectOptions(within(section).getByLabelText('Token role'), 'responder');
    await user.click(within(section).getByRole('button', { name: 'Create token' }));
    const secret = await within(section).findByLabelText('New API token');
    expect(secret.textContent).toMatch(/^fwt_tok-\d+_s3cr3t$/);
    expect(within(section).getByText('Copy the token “Deploy bot” now: you will not see it again.')).toBeInTheDocument();
    await user.click(within(section).getByRole('button', { name: 'Copy the new API token' }));
    expect(await navigator.clipboard.readText()).toBe(secret.textContent);
    await user.click(within(section).getByRole('button', { name: 'I have stored it' }));
    expect(within(section).queryByLabelText('New API token')).not.toBeInTheDocument();

    const list = await within(section).findByRole('list', { name: 'Active API tokens' });
    expect(list).toHaveTextContent('Deploy bot');
    expect(list).toHaveTextContent('responder');
    await user.click(within(list).getByRole('button', { name: 'Revoke token Deploy bot' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Revoke the token “Deploy bot”?' })).getByRole('button', { name: 'Revoke token' }));
    expect(await within(section).findByText('You have no active tokens.')).toBeInTheDocument();
    expect(db.tokens[0]!.revokedAt).not.toBeNull();
  });
});

describe('calendar feeds on the profile', () => {
  const feedsSection = () => screen.findByRole('region', { name: 'Calendar feeds' });

  it('creates a feed of my shifts, shows its URL to copy or open, and revokes it after confirmation', async () => {
    const { user } = renderApp('/profile', { as: 'responder' });
    const section = await feedsSection();
    expect(await within(section).findByText('You have no calendar feeds.')).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Create a feed of my shifts' }));
    const list = await within(section).findByRole('list', { name: 'My calendar feeds' });
    const [feed] = db.feeds;
    expect(db.feeds).toHaveLength(1);
    expect(feed).toMatchObject({ ownerId: USERS.responder.id, kind: 'person', targetId: USERS.responder.id, revokedAt: null });
    const address = `${window.location.origin}/api/v1/feeds/${feed!.token}.ics`;
    const url = within(list).getByLabelText('Feed URL');
    expect(url).toHaveValue(address);
    expect(url).toHaveAttribute('readonly');
    expect(within(section).getByText(/^Feed created\. Copy its URL now/)).toHaveAttribute('role', 'status');
    expect(within(list).getByRole('link', { name: 'Open in calendar app' })).toHaveAttribute('href', address.replace(/^http:/, 'webcal:'));
    await user.click(within(list).getByRole('button', { name: 'Copy the URL of My shifts on every schedule' }));
    expect(await navigator.clipboard.readText()).toBe(address);

    await user.click(within(list).getByRole('button', { name: /^Revoke My shifts on every schedule, created / }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke this calendar feed?' });
    // The safe choice first: cancelling keeps the feed.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(db.feeds[0]!.revokedAt).toBeNull();
    await user.click(within(list).getByRole('button', { name: /^Revoke My shifts/ }));
    await user.click(within(screen.getByRole('dialog', { name: 'Revoke this calendar feed?' })).getByRole('button', { name: 'Revoke feed' }));
    expect(await within(section).findByText('You have no calendar feeds.')).toBeInTheDocument();
    expect(within(section).queryByLabelText('Feed URL')).not.toBeInTheDocument();
    expect(db.feeds[0]!.revokedAt).not.toBeNull();
    // The row and its button are gone; focus lands on the section, not on the page's body.
    expect(within(section).getByRole('heading', { name: 'Calendar feeds' })).toHaveFocus();
  });

  it('lists a schedule feed made elsewhere by the schedule’s name, without a URL it can no longer know', async () => {
    seed({
      schedules: [{ id: 'sch-payments', name: 'Payments primary', teamId: TEAM_PAYMENTS, zone: 'UTC', version: 1, layers: [], overrides: [], backupLag: null }],
      feeds: [
        { id: 'feed-old', ownerId: USERS.viewer.id, kind: 'schedule', targetId: 'sch-payments', token: 'feed-secret-old', createdAt: '2026-01-15T12:00:00.000Z', revokedAt: null },
        { id: 'feed-gone', ownerId: USERS.viewer.id, kind: 'person', targetId: USERS.viewer.id, token: 'feed-secret-gone', createdAt: '2026-01-10T12:00:00.000Z', revokedAt: '2026-01-11T12:00:00.000Z' },
        { id: 'feed-other', ownerId: USERS.admin.id, kind: 'person', targetId: USERS.admin.id, token: 'feed-secret-other', createdAt: '2026-01-12T12:00:00.000Z', revokedAt: null },
      ],
    });
    renderApp('/profile', { as: 'viewer' });
    const list = await within(await feedsSection()).findByRole('list', { name: 'My calendar feeds' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(1);
    expect(await within(rows[0]!).findByText('Every shift of “Payments primary”')).toBeInTheDocument();
    expect(within(rows[0]!).queryByLabelText('Feed URL')).not.toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('Its URL was shown only when it was created.');
  });

  it('says next to the button why a feed could not be created, and lists nothing', async () => {
    server.use(http.post('*/api/v1/me/feeds', () => apiError(503, 'unavailable', 'The server is shutting down')));
    const { user } = renderApp('/profile', { as: 'responder' });
    const section = await feedsSection();
    await user.click(within(section).getByRole('button', { name: 'Create a feed of my shifts' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent('Could not create the feed: The server is shutting down');
    expect(within(section).queryByLabelText('Feed URL')).not.toBeInTheDocument();
    expect(within(section).getByText('You have no calendar feeds.')).toBeInTheDocument();
    expect(db.feeds).toEqual([]);
  });

  it('shows the server’s refusal in the confirmation when the feed was revoked meanwhile', async () => {
    seed({ feeds: [{ id: 'feed-1', ownerId: USERS.responder.id, kind: 'person', targetId: USERS.responder.id, token: 'feed-secret-1', createdAt: '2026-01-15T12:00:00.000Z', revokedAt: null }] });
    const { user } = renderApp('/profile', { as: 'responder' });
    const list = await within(await feedsSection()).findByRole('list', { name: 'My calendar feeds' });
    // Revoked in another tab after this page loaded.
    db.feeds[0]!.revokedAt = '2026-01-16T12:00:00.000Z';
    await user.click(within(list).getByRole('button', { name: /^Revoke My shifts/ }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke this calendar feed?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke feed' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Could not revoke the feed: this feed is already revoked');
  });

  it('shows why the list of feeds could not be loaded', async () => {
    server.use(http.get('*/api/v1/me/feeds', () => HttpResponse.json({ error: { code: 'internal', message: 'Database is locked' } }, { status: 500 })));
    renderApp('/profile', { as: 'responder' });
    expect(await within(await feedsSection()).findByRole('alert')).toHaveTextContent('Database is locked');
  });
});
