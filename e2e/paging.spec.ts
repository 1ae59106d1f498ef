import type { TimelineEventDto } from '../src/contracts/timeline-events';
import type { FirewatchServer } from './support/server';
import { MINUTE, advanceServerClock, advanceServerClockTo, callsTo, eventually, fireAlert, paymentsOnCall, sendsSettled, serviceNamed, smsTo, timelineOf } from './support/paging';
import { alignBrowserClock, expect, liveStreamReady, screenshotBothWidths, signInAs, test, watchLiveStream } from './support/paging-fixtures';

/** Waits until the timeline has grown past `before` events and then stays the same for a while: the runner has done what was due. */
async function settledTimeline(server: FirewatchServer, incidentId: string, before: number) {
  let last = -1;
  let stableSince = 0;
  return eventually(`the timeline of ${incidentId} to grow past ${before} events and settle`, async () => {
    const events = await timelineOf(server, incidentId);
    if (events.length !== last) {
      last = events.length;
      stableSince = Date.now();
      return undefined;
    }
    return events.length > before && Date.now() - stableSince >= 600 ? events : undefined;
  });
}

test('the on-call person’s open tab rings; acknowledging there stops the escalation and nothing more is sent', async ({ page, server, standIns }) => {
  const { twilio, inbox } = standIns;
  const { primary, backup } = await paymentsOnCall(server);
  const checkout = await serviceNamed(server, 'Checkout API');
  await signInAs(page, server, primary.email);
  await alignBrowserClock(page, server);
  await watchLiveStream(page);
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  await liveStreamReady(page);

  const incidentId = await fireAlert(server, checkout.integrationKey, '{}:{alertname="CheckoutErrorRate"}', 'Checkout API: 5xx above 20%');
  const ringing = page.getByRole('alertdialog', { name: /You are paged/ });
  await expect(ringing).toBeVisible();
  await expect(ringing.getByRole('heading')).toContainText(incidentId);
  // The ring says what it is for: severity, service and title.
  await expect(ringing.getByRole('heading')).toContainText('P1');
  await expect(ringing.getByRole('heading')).toContainText('Checkout API: 5xx above 20%');
  const sms = await twilio.waitFor((request) => request.resource === 'Messages' && request.params['To'] === primary.phone);
  expect(sms.params['Body']).toContain(incidentId);
  await screenshotBothWidths(page, 'ringing');

  await ringing.getByRole('button', { name: `Acknowledge ${incidentId}` }).click();
  await expect(ringing).toHaveCount(0);
  const acknowledged = await server.api<{ state: string }>('GET', `/api/v1/incidents/${incidentId}`);
  expect(acknowledged.body.state).toBe('acknowledged');
  const sentBefore = twilio.requests.length;
  const mailsBefore = inbox.messages.length;
  const eventsBefore = (await timelineOf(server, incidentId)).length;

  // Without the acknowledgement these 15 minutes would bring the call, the e-mail, the backup and the manager.
  await advanceServerClock(server, 15 * MINUTE);
  await page.waitForTimeout(2_000);
  expect(twilio.requests.slice(sentBefore)).toEqual([]);
  expect(inbox.messages.length).toBe(mailsBefore);
  expect(callsTo(twilio, primary.phone)).toHaveLength(0);
  expect(smsTo(twilio, backup.phone)).toHaveLength(0);
  const after = await timelineOf(server, incidentId);
  expect(after.slice(eventsBefore).map((event) => event.kind)).toEqual([]);
  expect(after.filter((event) => event.kind === 'incident.acknowledged')).toHaveLength(1);
});

test('the acknowledge link of the recorded e-mail works once without a session, then says it was used', async ({ browser, server, standIns }) => {
  const { twilio, inbox } = standIns;
  const { primary } = await paymentsOnCall(server);
  const checkout = await serviceNamed(server, 'Checkout API');
  const incidentId = await fireAlert(server, checkout.integrationKey, '{}:{alertname="CheckoutLatency"}', 'Checkout API: p99 above 5 s');
  await twilio.waitFor((request) => request.resource === 'Messages' && request.params['To'] === primary.phone);
  await sendsSettled();

  // The e-mail rule is "after 2 minutes".
  await advanceServerClock(server, 2 * MINUTE);
  const mail = await inbox.waitFor((message) => message.envelopeTo.includes(primary.email) && message.subject.includes(incidentId));
  const link = /https?:\/\/[^\s"<>]+\/ack\/[A-Za-z0-9._-]+/.exec(mail.text)?.[0];
  expect(link, `an acknowledge link in:\n${mail.text}`).toBeDefined();
  expect(link!.startsWith(`${server.url}/ack/`)).toBe(true);
  expect(mail.html).toContain(link!);

  const stranger = await browser.newContext({ timezoneId: 'America/Chicago', locale: 'en-US' });
  try {
    const page = await stranger.newPage();
    await page.goto(link!);
    await expect(page.getByRole('heading', { name: `You are paged: ${incidentId}` })).toBeVisible();
    const incident = page.getByRole('region', { name: 'Incident' });
    await expect(incident).toContainText('Checkout API: p99 above 5 s');
    await expect(incident).toContainText('Now: Triggered');
    await expect(page.getByRole('link', { name: 'Sign in to Firewatch' })).toBeVisible();
    await screenshotBothWidths(page, 'ack-valid', { fullPage: true });

    await page.getByRole('button', { name: `Acknowledge ${incidentId}` }).click();
    await expect(page.getByRole('heading', { name: 'Acknowledged — you can close this page' })).toBeVisible();
    await expect(incident).toContainText('Now: Acknowledged');
    const stored = await server.api<{ state: string }>('GET', `/api/v1/incidents/${incidentId}`);
    expect(stored.body.state).toBe('acknowledged');
    const ack = (await timelineOf(server, incidentId)).find((event) => event.kind === 'incident.acknowledged');
    expect(ack?.kind === 'incident.acknowledged' ? ack.data.how : undefined).toBe('link');
    expect(ack?.actor).toMatchObject({ name: primary.name });

    const again = await stranger.newPage();
    await again.goto(link!);
    await expect(again.getByRole('heading', { name: 'This link was already used' })).toBeVisible();
    await expect(again.getByText(/This link was already used at/)).toBeVisible();
    await expect(again.getByRole('button', { name: /Acknowledge/ })).toHaveCount(0);
    await screenshotBothWidths(again, 'ack-used', { fullPage: true });
  } finally {
    await stranger.close();
  }
});

/** One page or level start as a comparable line: "+5 Level 2 sms Sofia Lindqvist". */
type Step = string;
const CHANNEL_OF_PHRASE: Record<string, string> = { 'in Firewatch': 'in-app', 'by SMS': 'sms', 'by phone call': 'voice', 'by e-mail': 'email', 'by webhook': 'webhook' };

function previewStep(offset: string, sentence: string): Step | undefined {
  const minutes = /^\+(\d+):(\d\d)$/.exec(offset);
  if (!minutes) throw new Error(`unexpected preview offset ${offset}`);
  const minute = Number(minutes[1]) + Number(minutes[2]) / 60;
  const paged = /^Paged (.+?) (in Firewatch|by SMS|by phone call|by e-mail|by webhook)(?: \S+)? \(Level (\d+)\)$/.exec(sentence);
  if (paged) return `+${minute} Level ${paged[3]} ${CHANNEL_OF_PHRASE[paged[2]!]} ${paged[1]}`;
  const level = /Level (\d+) starts/.exec(sentence);
  if (level) return `+${minute} Level ${level[1]} starts`;
  return undefined;
}

function timelineStep(event: TimelineEventDto, triggeredAt: number): Step | undefined {
  const minute = Math.round((Date.parse(event.at) - triggeredAt) / MINUTE);
  if (event.kind === 'escalation.escalated') return `+${minute} Level ${event.data.level} starts`;
  if (event.kind === 'page.notified') return `+${minute} Level ${event.data.level} ${event.data.channel} ${event.data.name}`;
  return undefined;
}

test('the policy page’s preview for a P1 now lists the same pages the engine then sends', async ({ page, server }) => {
  const { primary, backup } = await paymentsOnCall(server);
  const checkout = await serviceNamed(server, 'Checkout API');
  await signInAs(page, server, 'priya@example.com');
  await page.goto(`/services/${checkout.id}/escalation`);
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toBeVisible();
  const zone = /Times are in (\S+?)\./.exec((await preview.textContent()) ?? '')?.[1];
  expect(zone, 'the preview names its zone').toBeDefined();

  // The browser's clock is the real one; the server's is the test clock: ask for the server's "now".
  const serverNow = await advanceServerClock(server, 0);
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(serverNow).replace(' ', 'T');
  await preview.getByLabel('If an alert fired at').fill(local);
  await expect(preview.getByLabel('with severity')).toHaveValue('P1');
  const lines = preview.getByRole('list', { name: 'What would happen' }).getByRole('listitem');
  await expect(lines.first()).toBeVisible();
  const previewed: Step[] = [];
  for (const line of await lines.all()) {
    const [offset, sentence] = await line.locator('span').evaluateAll((spans) => spans.slice(0, 2).map((span) => span.textContent?.trim() ?? ''));
    const step = previewStep(offset ?? '', (sentence ?? '').replace(/\s+/g, ' '));
    if (step) previewed.push(step);
  }
  await screenshotBothWidths(page, 'policy-preview', { fullPage: true });

  const incidentId = await fireAlert(server, checkout.integrationKey, '{}:{alertname="CheckoutDown"}', 'Checkout API: health check failing');
  const incident = await server.api<{ triggeredAt: string }>('GET', `/api/v1/incidents/${incidentId}`);
  const triggeredAt = Date.parse(incident.body.triggeredAt);
  expect(Math.floor(triggeredAt / MINUTE)).toBe(Math.floor(serverNow / MINUTE));

  // Minute by minute, without acknowledging: each step at the instant it is due (a level's rules
  // count from when that level started), so the times on the timeline are the engine's own.
  let events = await settledTimeline(server, incidentId, 0);
  const levelStart = (level: number) => {
    const started = events.find((event) => event.kind === 'escalation.escalated' && event.data.level === level);
    if (!started) throw new Error(`level ${level} did not start: ${JSON.stringify(events.map((event) => event.kind))}`);
    return Date.parse(started.at);
  };
  for (const [level, minutes] of [
    [1, [1, 2, 5]],
    [2, [1, 2, 5]],
    [3, [1]],
  ] as const) {
    for (const minute of minutes) {
      await advanceServerClockTo(server, levelStart(level) + minute * MINUTE);
      events = await settledTimeline(server, incidentId, events.length);
    }
  }

  const performed = events.map((event) => timelineStep(event, triggeredAt)).filter((step) => step !== undefined);
  const lastMinute = Math.round((Date.parse(events.at(-1)!.at) - triggeredAt) / MINUTE);
  const previewedSoFar = previewed.filter((step) => Number(/^\+([\d.]+)/.exec(step)![1]) <= lastMinute);
  expect(lastMinute).toBe(11);
  expect(performed).toEqual(previewedSoFar);
  // The guide's sequence, spelled out: the primary at +0/+1/+2, the backup at +5, Marcus at +10.
  expect(performed).toEqual(
    expect.arrayContaining([
      `+0 Level 1 sms ${primary.name}`,
      `+1 Level 1 voice ${primary.name}`,
      `+2 Level 1 email ${primary.name}`,
      `+5 Level 2 sms ${backup.name}`,
      '+10 Level 3 sms Marcus Webb',
      '+11 Level 3 voice Marcus Webb',
    ]),
  );

  await alignBrowserClock(page, server);
  await page.goto(`/incidents/${incidentId}`);
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline.getByText(new RegExp(`Paged ${backup.name} by SMS`))).toBeVisible();
  await expect(timeline.getByText(/Paged Marcus Webb by phone call/)).toBeVisible();
  await screenshotBothWidths(page, 'timeline', { fullPage: true });
});
