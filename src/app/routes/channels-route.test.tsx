import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../testing/db';
import { server } from '../../testing/msw-server';
import { renderApp } from '../../testing/render-app';

const row = async (name: string) => within(await screen.findByRole('list', { name: 'Channels' })).getByRole('listitem', { name });

/** E-mail and webhooks set up, Twilio not. */
const SOME_CONFIGURED: typeof db.channels = [
  { channel: 'email', configured: true, detail: 'smtp.example.com:587 STARTTLS from pager@example.com' },
  { channel: 'sms', configured: false, detail: 'set FIREWATCH_TWILIO_ACCOUNT_SID, FIREWATCH_TWILIO_AUTH_TOKEN and FIREWATCH_TWILIO_FROM' },
  { channel: 'voice', configured: false, detail: 'set FIREWATCH_TWILIO_ACCOUNT_SID, FIREWATCH_TWILIO_AUTH_TOKEN and FIREWATCH_TWILIO_FROM' },
  { channel: 'webhook', configured: true, detail: 'signed with FIREWATCH_WEBHOOK_SECRET' },
];

describe('notification channels (admin)', () => {
  beforeEach(() => {
    db.channels = SOME_CONFIGURED;
  });

  it('shows each channel as configured or what is missing, and in-app as always ready', async () => {
    const { user } = renderApp('/');
    await user.click(within(await screen.findByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Channels' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Notification channels' })).toBeInTheDocument();
    expect(await row('In-app')).toHaveTextContent('Ready: needs no configuration');
    expect(await row('E-mail')).toHaveTextContent('Configured: smtp.example.com:587 STARTTLS from pager@example.com');
    expect(await row('SMS')).toHaveTextContent('Not configured — set FIREWATCH_TWILIO_ACCOUNT_SID, FIREWATCH_TWILIO_AUTH_TOKEN and FIREWATCH_TWILIO_FROM (see docs/channels.md)');
    expect(await row('Voice call')).toHaveTextContent('Not configured');
    expect(await row('Webhook')).toHaveTextContent('Configured: signed with FIREWATCH_WEBHOOK_SECRET');
  });

  it('sends a test message and says it was sent', async () => {
    const { user } = renderApp('/admin/channels');
    const email = await row('E-mail');
    await user.click(within(email).getByRole('button', { name: 'Send test' }));
    expect(within(email).getByLabelText('Send a test E-mail message to')).toHaveAccessibleDescription('Type where the test should go.');
    expect(db.channelTests).toEqual([]);

    await user.type(within(email).getByLabelText('Send a test E-mail message to'), 'priya@example.com');
    await user.click(within(email).getByRole('button', { name: 'Send test' }));
    expect(await within(email).findByRole('status')).toHaveTextContent('Test sent to priya@example.com.');
    expect(db.channelTests).toEqual([{ channel: 'email', to: 'priya@example.com' }]);
  });

  it('shows the provider’s refusal when a test is not sent', async () => {
    server.use(http.post('*/api/v1/admin/channels/:channel/test', () => HttpResponse.json({ channel: 'email', sent: false, error: 'SMTP server answered 535 5.7.8 authentication failed' })));
    const { user } = renderApp('/admin/channels');
    const email = await row('E-mail');
    await user.type(within(email).getByLabelText('Send a test E-mail message to'), 'priya@example.com');
    await user.click(within(email).getByRole('button', { name: 'Send test' }));
    expect(await within(email).findByRole('alert')).toHaveTextContent('Not sent: SMTP server answered 535 5.7.8 authentication failed');
  });

  it('says why a channel that is not configured sent nothing', async () => {
    const { user } = renderApp('/admin/channels');
    const sms = await row('SMS');
    await user.type(within(sms).getByLabelText('Send a test SMS message to'), '+14155550123');
    await user.click(within(sms).getByRole('button', { name: 'Send test' }));
    expect(await within(sms).findByRole('alert')).toHaveTextContent('Not sent: not configured: set FIREWATCH_TWILIO_ACCOUNT_SID');
    expect(db.channelTests).toEqual([]);
  });

  it('is for admins only: no link, and the address says so', async () => {
    renderApp('/admin/channels', { as: 'manager' });
    expect(await screen.findByRole('heading', { name: 'Only admins see the notification channels' })).toBeInTheDocument();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Channels' })).not.toBeInTheDocument();
  });
});
