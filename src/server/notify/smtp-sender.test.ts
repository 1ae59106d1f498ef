import { afterEach, describe, expect, it } from 'vitest';
import { pageFixture } from '../test-support/page-fixture';
import { startSmtpInbox } from '../test-support/smtp-inbox';
import type { SmtpInbox, SmtpInboxOptions } from '../test-support/smtp-inbox';
import type { SmtpSettings } from './channel-config';
import { createSmtpSender } from './smtp-sender';
import type { SmtpSender } from './smtp-sender';

let inbox: SmtpInbox | undefined;
let sender: SmtpSender | undefined;
afterEach(async () => {
  sender?.close();
  await inbox?.close();
  sender = undefined;
  inbox = undefined;
});

async function setUp(inboxOptions: SmtpInboxOptions = {}, settings: Partial<SmtpSettings> = {}) {
  inbox = await startSmtpInbox(inboxOptions);
  sender = createSmtpSender({ host: '127.0.0.1', port: inbox.port, security: 'none', user: null, password: null, from: 'Firewatch <pager@example.com>', rejectUnauthorized: true, ...settings });
  return { inbox, send: sender };
}

const unstopped = () => new AbortController().signal;
const emailPage = (overrides = {}) => pageFixture({ channel: 'email', to: 'alice@example.com', ...overrides });

describe('e-mail over SMTP', () => {
  it('delivers the page with its subject and acknowledge link, and returns the Message-ID', async () => {
    const { inbox, send } = await setUp();
    const result = await send(emailPage(), unstopped());
    const mail = await inbox.waitFor((m) => m.envelopeTo.includes('alice@example.com'));
    expect(mail.subject).toBe('[Firewatch] P1 INC-2026-0042: pool exhausted (Checkout API)');
    expect(mail.from).toBe('"Firewatch" <pager@example.com>');
    expect(mail.envelopeFrom).toBe('pager@example.com');
    expect(mail.text).toContain('Acknowledge: https://firewatch.example.com/ack/Xq3vN8bP2kLm9TzR4wYc');
    expect(mail.html).toContain('href="https://firewatch.example.com/ack/Xq3vN8bP2kLm9TzR4wYc"');
    expect(mail.headers['x-firewatch-page']).toBe('page-0001');
    expect(result).toEqual({ ok: true, providerId: mail.headers['message-id'] });
  });

  it('arrives with the HTML escaped: a title cannot inject markup', async () => {
    const { inbox, send } = await setUp();
    await send(emailPage({ incident: { ...emailPage().incident, title: '<img src=x onerror=alert(1)> & co' } }), unstopped());
    const mail = await inbox.waitFor();
    expect(mail.subject).toContain('<img src=x onerror=alert(1)> & co');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; co');
    expect(mail.html).not.toContain('<img');
  });

  it('upgrades with STARTTLS and logs in when configured so', async () => {
    const { inbox, send } = await setUp({ security: 'starttls', login: { user: 'pager', password: 'relay-password' } }, { security: 'starttls', user: 'pager', password: 'relay-password', rejectUnauthorized: false });
    expect(await send(emailPage(), unstopped())).toMatchObject({ ok: true });
    expect(await inbox.waitFor()).toMatchObject({ secure: true, user: 'pager' });
  });

  it('refuses to send over STARTTLS when the certificate is not trusted and checking is on (retryable: the relay may be fixed)', async () => {
    const { inbox, send } = await setUp({ security: 'starttls' }, { security: 'starttls', rejectUnauthorized: true });
    expect(await send(emailPage(), unstopped())).toMatchObject({ ok: false, retryable: true });
    expect(inbox.messages).toEqual([]);
  });

  it('is a permanent failure when the server refuses the mailbox (5xx)', async () => {
    const { inbox, send } = await setUp();
    inbox.failNext(1, { code: 550, message: 'No such user here' });
    expect(await send(emailPage(), unstopped())).toEqual({ ok: false, retryable: false, error: expect.stringMatching(/^SMTP 550 .*No such user here/) });
  });

  it('is a permanent failure when the login is refused (535)', async () => {
    const { send } = await setUp({ login: { user: 'pager', password: 'right' } }, { user: 'pager', password: 'wrong' });
    const result = await send(emailPage(), unstopped());
    expect(result).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('535') });
    expect(JSON.stringify(result)).not.toContain('wrong');
  });

  it('is retryable when the server is busy (4xx)', async () => {
    const { inbox, send } = await setUp();
    inbox.failNext(1, { code: 451, message: 'Try again later' });
    expect(await send(emailPage(), unstopped())).toEqual({ ok: false, retryable: true, error: expect.stringMatching(/^SMTP 451 .*Try again later/) });
    expect(await send(emailPage(), unstopped())).toMatchObject({ ok: true });
  });

  it('is retryable when nothing listens', async () => {
    const { inbox, send } = await setUp();
    await inbox.close();
    expect(await send(emailPage(), unstopped())).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('SMTP server unreachable') });
  });

  it('stops a send the server never answers when the signal aborts', async () => {
    const { inbox, send } = await setUp();
    inbox.failNext(1, 'hang');
    const controller = new AbortController();
    const sending = send(emailPage(), controller.signal);
    // Let the message reach the server before giving up on it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort(new Error('send deadline'));
    expect(await sending).toEqual({ ok: false, retryable: true, error: 'the SMTP server did not finish before the send was stopped' });
    expect(inbox.messages).toEqual([]);
  });
});
