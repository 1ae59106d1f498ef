import type { TimelineEventDto } from '../../src/contracts/timeline-events';
import { startSmtpInbox } from '../../src/server/test-support/smtp-inbox';
import type { SmtpInbox } from '../../src/server/test-support/smtp-inbox';
import { startTwilioRecorder } from '../../src/server/test-support/twilio-recorder';
import type { RecordedTwilioRequest, TwilioRecorder } from '../../src/server/test-support/twilio-recorder';
import { FirewatchServer } from './server';

/**
 * A Wednesday, 15:00 UTC: everyone in the example organisation (US and EU zones, quiet hours
 * 02:00–07:00 in their own zone) is awake, so the guide's policy pages the primary first.
 */
export const PAGING_CLOCK_START = '2026-03-18T15:00:00.000Z';
export const DEMO_PASSWORD = 'firewatch-demo';
export const PAYMENTS_SCHEDULE = 'Payments primary / backup';
export const MINUTE = 60_000;

/** The real SMTP server and the Twilio stand-in a paging server sends to, in this process. */
export type PagingStandIns = { inbox: SmtpInbox; twilio: TwilioRecorder; close(): Promise<void> };

export async function startPagingStandIns(): Promise<PagingStandIns> {
  const inbox = await startSmtpInbox({ security: 'none' });
  const twilio = await startTwilioRecorder();
  return { inbox, twilio, close: async () => void (await Promise.all([inbox.close(), twilio.close()])) };
}

/** The environment of a demo server that pages through the stand-ins on a steppable clock starting at `clockStart`. */
export function pagingServerEnv(standIns: PagingStandIns, url: string, clockStart = PAGING_CLOCK_START): Record<string, string> {
  return {
    FIREWATCH_DEMO: '1',
    FIREWATCH_TEST_CLOCK: '1',
    FIREWATCH_TEST_CLOCK_START: clockStart,
    FIREWATCH_PUBLIC_URL: url,
    FIREWATCH_SMTP_HOST: '127.0.0.1',
    FIREWATCH_SMTP_PORT: String(standIns.inbox.port),
    FIREWATCH_SMTP_SECURITY: 'none',
    FIREWATCH_SMTP_FROM: 'Firewatch <pager@firewatch.test>',
    FIREWATCH_TWILIO_ACCOUNT_SID: standIns.twilio.accountSid,
    FIREWATCH_TWILIO_AUTH_TOKEN: standIns.twilio.authToken,
    FIREWATCH_TWILIO_FROM: '+14155550100',
    FIREWATCH_TWILIO_BASE_URL: standIns.twilio.baseUrl,
  };
}

/** A demo server paging through `standIns`, with `api` acting as Priya Raman (admin). */
export async function startPagingServer(standIns: PagingStandIns, clockStart = PAGING_CLOCK_START): Promise<FirewatchServer> {
  const server = await FirewatchServer.start((url) => pagingServerEnv(standIns, url, clockStart));
  server.cookie = `fw_session=${await server.signIn('priya@example.com', DEMO_PASSWORD)}`;
  return server;
}

/**
 * Real time for a send the stand-in has just recorded to get its answer back to the server. The
 * outbox's 10 s send deadline runs on the server's clock: moving that clock forward while a send is
 * still in flight would time it out at once and retry it, a second SMS for the same page.
 */
export const SEND_SETTLE_MS = 500;

export const sendsSettled = () => new Promise((resolve) => setTimeout(resolve, SEND_SETTLE_MS));

/** Moves the server's clock forward by `ms` (0 reads it); returns the server's time afterwards. */
export async function advanceServerClock(server: FirewatchServer, ms: number): Promise<number> {
  const moved = await server.api<{ now: string }>('POST', '/api/v1/test/clock', { advanceMs: Math.max(0, Math.round(ms)) });
  if (moved.status !== 200) throw new Error(`moving the test clock failed: ${moved.status} ${JSON.stringify(moved.body)}`);
  return Date.parse(moved.body.now);
}

/** Moves the server's clock to `at` (epoch ms; it runs on by itself meanwhile, so "at least `at`"). */
export async function advanceServerClockTo(server: FirewatchServer, at: number): Promise<number> {
  return advanceServerClock(server, at - (await advanceServerClock(server, 0)));
}

type OnCallPerson = { userId: string; name: string };
export type OnCall = { primary: OnCallPerson & PersonContacts; backup: OnCallPerson & PersonContacts };
type PersonContacts = { email: string; phone: string };

/** Who is primary and backup of the demo's payments schedule now, with the addresses their pages go to. */
export async function paymentsOnCall(server: FirewatchServer): Promise<OnCall> {
  const onCall = await server.api<{ items: Array<{ name: string; primary: OnCallPerson | null; backup: OnCallPerson | null }> }>('GET', '/api/v1/on-call');
  const entry = onCall.body.items.find((item) => item.name === PAYMENTS_SCHEDULE);
  if (!entry?.primary || !entry.backup) throw new Error(`nobody on call in ${PAYMENTS_SCHEDULE}: ${JSON.stringify(onCall.body)}`);
  return { primary: { ...entry.primary, ...(await contactsOf(server, entry.primary.userId)) }, backup: { ...entry.backup, ...(await contactsOf(server, entry.backup.userId)) } };
}

/** A person's e-mail and phone number, read from their own profile (signed in with the demo password). */
export async function contactsOf(server: FirewatchServer, userId: string): Promise<PersonContacts> {
  const people = await server.api<{ items: Array<{ id: string; email: string }> }>('GET', '/api/v1/people');
  const email = people.body.items.find((person) => person.id === userId)?.email;
  if (!email) throw new Error(`no person ${userId}`);
  const session = await server.signIn(email, DEMO_PASSWORD);
  const me = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: `fw_session=${session}` } });
  const profile = (await me.json()) as { contactMethods: Array<{ kind: string; address: string }> };
  const phone = profile.contactMethods.find((method) => method.kind === 'sms')?.address;
  if (!phone) throw new Error(`${email} has no SMS number`);
  return { email, phone };
}

export async function serviceNamed(server: FirewatchServer, name: string): Promise<{ id: string; integrationKey: string }> {
  const services = await server.api<{ items: Array<{ id: string; name: string; integrationKey?: string | null }> }>('GET', '/api/v1/services');
  const service = services.body.items.find((item) => item.name === name);
  if (!service?.integrationKey) throw new Error(`no service ${name} with a key (is api signed in as an admin?)`);
  return { id: service.id, integrationKey: service.integrationKey };
}

/** An Alertmanager v4 notification with one critical alert firing (these labels, severity critical), as Alertmanager POSTs it. */
export function firingAlert(groupKey: string, summary: string, alertLabels: { alertname: string } & Record<string, string> = { alertname: 'CheckoutErrorRate', instance: 'checkout-1' }) {
  const labels = { alertname: alertLabels.alertname, severity: 'critical' };
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'firewatch',
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: { summary },
    externalURL: 'http://alertmanager.example:9093',
    alerts: [{ status: 'firing', labels: { ...alertLabels, ...labels }, annotations: { summary }, startsAt: '2026-03-18T14:59:30Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus.example:9090/graph', fingerprint: `f-${groupKey}` }],
  };
}

/** Posts a critical alert to the service's Alertmanager integration; returns the incident it opened. */
export async function fireAlert(server: FirewatchServer, integrationKey: string, groupKey: string, summary: string, labels?: Parameters<typeof firingAlert>[2]): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/integrations/${integrationKey}/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(firingAlert(groupKey, summary, labels)) });
  const body = (await response.json()) as { incidentId?: string | null };
  if (response.status !== 200 || !body.incidentId) throw new Error(`the alert was not accepted: ${response.status} ${JSON.stringify(body)}`);
  return body.incidentId;
}

export async function timelineOf(server: FirewatchServer, incidentId: string): Promise<TimelineEventDto[]> {
  const timeline = await server.api<{ items: TimelineEventDto[] }>('GET', `/api/v1/incidents/${encodeURIComponent(incidentId)}/timeline`);
  if (timeline.status !== 200) throw new Error(`timeline of ${incidentId}: ${timeline.status}`);
  return timeline.body.items;
}

export type NotifiedEvent = Extract<TimelineEventDto, { kind: 'page.notified' }>;

export const notifiedEvents = (events: readonly TimelineEventDto[]): NotifiedEvent[] => events.filter((event): event is NotifiedEvent => event.kind === 'page.notified');

/** Accepted SMS (or calls) to one number. */
export const smsTo = (twilio: TwilioRecorder, phone: string): RecordedTwilioRequest[] => twilio.messages().filter((request) => request.params['To'] === phone);
export const callsTo = (twilio: TwilioRecorder, phone: string): RecordedTwilioRequest[] => twilio.calls().filter((request) => request.params['To'] === phone);

/** Resolves once `check` returns something other than undefined; rejects after `timeoutMs` with `what`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, pollMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
