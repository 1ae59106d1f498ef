import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncidentDto } from '../../contracts/incidents';
import { db, seed, updateIncident } from '../../testing/db';
import { FakeEventSource } from '../../testing/fake-event-source';
import { USERS, liveIncidentEvent, makeIncident, makeService } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

/**
 * jsdom has neither the Web Audio API nor the Notification API. These stand-ins record what the
 * ringer asked of them, and behave as a browser does: audio suspended until a click resumes it,
 * notification permission asked only through `requestPermission`.
 */
class FakeAudioContext {
  static instances: FakeAudioContext[] = [];
  static startSuspended = false;
  state: AudioContextState = FakeAudioContext.startSuspended ? 'suspended' : 'running';
  currentTime = 0;
  destination = {};
  onstatechange: (() => void) | null = null;
  tones: number[] = [];
  constructor() {
    FakeAudioContext.instances.push(this);
  }
  createOscillator() {
    const tones = this.tones;
    let frequency = 0;
    return {
      type: 'sine',
      frequency: { setValueAtTime: (value: number) => (frequency = value) },
      connect: () => undefined,
      start: () => tones.push(frequency),
      stop: () => undefined,
    };
  }
  createGain() {
    return { gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined }, connect: () => undefined };
  }
  resume() {
    this.state = 'running';
    this.onstatechange?.();
    return Promise.resolve();
  }
  close() {
    this.state = 'closed';
    return Promise.resolve();
  }
}

class FakeNotification {
  static permission: NotificationPermission = 'default';
  static answer: NotificationPermission = 'granted';
  static requests = 0;
  static shown: FakeNotification[] = [];
  static requestPermission() {
    FakeNotification.requests += 1;
    FakeNotification.permission = FakeNotification.answer;
    return Promise.resolve(FakeNotification.permission);
  }
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close() {
    this.closed = true;
  }
}

beforeEach(() => {
  FakeAudioContext.instances = [];
  FakeAudioContext.startSuspended = false;
  FakeNotification.permission = 'default';
  FakeNotification.answer = 'granted';
  FakeNotification.requests = 0;
  FakeNotification.shown = [];
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('Notification', FakeNotification);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const checkout = makeService({ id: 'svc-checkout', name: 'Checkout API' });
const poolExhausted = makeIncident({ id: 'INC-2026-0042', title: 'pool exhausted', severity: 'P1', serviceId: checkout.id, serviceName: checkout.name });
const RING_NAME = 'You are paged: P1 INC-2026-0042 Checkout API — pool exhausted';

let seq = 500;
function pageEvent(incident: IncidentDto, userId: string, channel: 'in-app' | 'sms' = 'in-app') {
  const person = Object.values(USERS).find((u) => u.id === userId);
  return liveIncidentEvent((seq += 1), 'page.notified', incident, {
    actor: { type: 'system', name: 'Firewatch' },
    data: { userId, name: person?.name ?? userId, channel, address: null, level: 1 },
  });
}

/** Signs Diego (a responder) in and opens the live stream, as a tab left open overnight. */
async function openTab(path = '/') {
  seed({ services: [checkout], incidents: [poolExhausted] });
  const app = renderApp(path, { as: 'responder' });
  await screen.findByRole('navigation', { name: 'Main' });
  const stream = FakeEventSource.latest();
  stream.open();
  stream.ready(400, false);
  return { ...app, stream };
}

const ring = () => screen.queryByRole('alertdialog');

describe('the in-app page', () => {
  it('rings the signed-in person for their in-app page, and nobody for someone else’s or for another channel', async () => {
    const { stream } = await openTab();
    stream.emit(pageEvent(poolExhausted, USERS.manager.id));
    stream.emit(pageEvent(poolExhausted, USERS.responder.id, 'sms'));
    expect(ring()).not.toBeInTheDocument();
    expect(FakeAudioContext.instances).toHaveLength(0);

    stream.emit(pageEvent(poolExhausted, USERS.responder.id));
    const dialog = screen.getByRole('alertdialog', { name: RING_NAME });
    const acknowledge = within(dialog).getByRole('button', { name: 'Acknowledge INC-2026-0042' });
    expect(acknowledge).toHaveFocus();
    expect(within(dialog).getByRole('link', { name: 'Open incident INC-2026-0042' })).toHaveAttribute('href', '/incidents/INC-2026-0042');
    // The two-tone beep plays at once.
    expect(FakeAudioContext.instances[0]!.tones).toEqual([880, 660]);
  });

  it('rings when the tab opens for a page sent before it opened, and not for one acknowledged since', async () => {
    const acknowledged = makeIncident({ id: 'INC-2026-0043', title: 'disk full', severity: 'P2', state: 'acknowledged', serviceId: checkout.id, serviceName: checkout.name });
    seed({ services: [checkout], incidents: [poolExhausted, acknowledged] });
    db.inAppPages = [
      { userId: USERS.responder.id, incidentId: poolExhausted.id },
      { userId: USERS.responder.id, incidentId: acknowledged.id },
      { userId: USERS.manager.id, incidentId: poolExhausted.id },
    ];
    renderApp('/', { as: 'responder' });
    const dialog = await screen.findByRole('alertdialog', { name: RING_NAME });
    expect(within(dialog).queryByText(/INC-2026-0043/)).not.toBeInTheDocument();
  });

  it('catches up again when the stream starts afresh, stopping what was acknowledged while it was away', async () => {
    const { stream } = await openTab();
    stream.emit(pageEvent(poolExhausted, USERS.responder.id));
    expect(await screen.findByRole('alertdialog', { name: RING_NAME })).toBeInTheDocument();
    // While the tab was offline someone acknowledged it; the new stream replays nothing.
    db.inAppPages = [{ userId: USERS.responder.id, incidentId: poolExhausted.id }];
    updateIncident(poolExhausted.id, { state: 'acknowledged' });
    stream.ready(900, false);
    await waitFor(() => expect(ring()).not.toBeInTheDocument());
  });

  it('does not ring for a replayed page whose incident was acknowledged since', async () => {
    const { stream } = await openTab();
    stream.emit(pageEvent({ ...poolExhausted, state: 'acknowledged' }, USERS.responder.id));
    expect(ring()).not.toBeInTheDocument();
  });

  it('acknowledges from the ring, which stops it', async () => {
    const { stream, user } = await openTab();
    stream.emit(pageEvent(poolExhausted, USERS.responder.id));
    await user.click(screen.getByRole('button', { name: 'Acknowledge INC-2026-0042' }));
    await waitFor(() => expect(ring()).not.toBeInTheDocument());
    expect(db.incidents[0]).toMatchObject({ id: 'INC-2026-0042', state: 'acknowledged' });
    expect(db.timelines.get('INC-2026-0042')?.map((e) => e.kind)).toEqual(['incident.acknowledged']);
    expect(FakeAudioContext.instances[0]!.state).toBe('closed');
  });

  it('stops when someone acknowledges the incident elsewhere (another tab, the link, an SMS reply)', async () => {
    const { stream } = await openTab();
    stream.emit(pageEvent(poolExhausted, USERS.responder.id));
    expect(ring()).toBeInTheDocument();
    stream.emit(liveIncidentEvent((seq += 1), 'incident.acknowledged', { ...poolExhausted, state: 'acknowledged' }, { data: { how: 'link', by: USERS.responder.id } }));
    expect(ring()).not.toBeInTheDocument();
    expect(FakeAudioContext.instances[0]!.state).toBe('closed');
  });

  it('shows several pages as one list, each with its own Acknowledge', async () => {
    const { stream, user } = await openTab();
    const second = makeIncident({ id: 'INC-2026-0043', title: 'Card payments failing', severity: 'P2', serviceName: 'Payments' });
    db.incidents.push(second);
    stream.emit(pageEvent(poolExhausted, USERS.responder.id));
    stream.emit(pageEvent(second, USERS.responder.id));
    const dialog = screen.getByRole('alertdialog', { name: 'You are paged for 2 incidents' });
    expect(within(dialog).getAllByRole('listitem').map((item) => item.querySelector('p')?.textContent)).toEqual([
      'P1 INC-2026-0042 Checkout API — pool exhausted',
      'P2 INC-2026-0043 Payments — Card payments failing',
    ]);
    // The newest page takes the focus.
    expect(within(dialog).getByRole('button', { name: 'Acknowledge INC-2026-0043' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Dismiss INC-2026-0043' }));
    expect(screen.getByRole('alertdialog', { name: RING_NAME })).toBeInTheDocument();
    expect(db.incidents.find((i) => i.id === second.id)?.state).toBe('triggered');
  });

  it('flashes the tab title every second and restores it when the ring stops', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { stream, user } = await openTab();
    await waitFor(() => expect(document.title).toBe('Incidents · Firewatch'));
    stream.emit(pageEvent(poolExhausted, USERS.responder.id));
    expect(document.title).toBe('🔔 PAGED — INC-2026-0042');
    act(() => vi.advanceTimersByTime(1000));
    expect(document.title).toBe('Incidents · Firewatch');
    act(() => vi.advanceTimersByTime(1000));
    expect(document.title).toBe('🔔 PAGED — INC-2026-0042');
    // The sound repeats on its own timer, every two seconds.
    expect(FakeAudioContext.instances[0]!.tones).toEqual([880, 660, 880, 660]);

    await user.click(screen.getByRole('button', { name: 'Dismiss INC-2026-0042' }));
    expect(document.title).toBe('Incidents · Firewatch');
    act(() => vi.advanceTimersByTime(5000));
    expect(document.title).toBe('Incidents · Firewatch');
    expect(FakeAudioContext.instances[0]!.tones).toHaveLength(4);
  });

  it('offers to enable the sound when the browser holds audio back until a click', async () => {
    FakeAudioContext.startSuspended = true;
    const { stream, user } = await openTab();
    stream.emit(pageEvent(poolExhausted, USERS.responder.id));
    const audio = FakeAudioContext.instances[0]!;
    expect(audio.tones).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Click to enable sound' }));
    expect(audio.state).toBe('running');
    expect(audio.tones).toEqual([880, 660]);
    expect(screen.queryByRole('button', { name: 'Click to enable sound' })).not.toBeInTheDocument();
  });

  it('asks for notification permission only when the person clicks, then shows the page as a notification', async () => {
    const { stream, user } = await openTab();
    expect(FakeNotification.requests).toBe(0);
    stream.emit(pageEvent(poolExhausted, USERS.responder.id));
    expect(FakeNotification.requests).toBe(0);
    expect(FakeNotification.shown).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Allow browser notifications' }));
    expect(FakeNotification.requests).toBe(1);
    await waitFor(() => expect(FakeNotification.shown).toHaveLength(1));
    const [shown] = FakeNotification.shown;
    expect(shown!.title).toBe('You are paged');
    expect(shown!.options).toMatchObject({ body: 'P1 INC-2026-0042 Checkout API — pool exhausted', tag: 'INC-2026-0042' });
    expect(screen.queryByRole('button', { name: 'Allow browser notifications' })).not.toBeInTheDocument();

    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    shown!.onclick?.();
    expect(focus).toHaveBeenCalled();
    expect(shown!.closed).toBe(true);
  });

  it('shows a notification at once when permission was granted before, and closes it on acknowledgement', async () => {
    FakeNotification.permission = 'granted';
    const { stream } = await openTab();
    stream.emit(pageEvent(poolExhausted, USERS.responder.id));
    expect(FakeNotification.shown).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Allow browser notifications' })).not.toBeInTheDocument();
    stream.emit(liveIncidentEvent((seq += 1), 'incident.resolved', { ...poolExhausted, state: 'resolved' }, { data: { previousState: 'triggered', previousPhase: 'investigating' } }));
    expect(FakeNotification.shown[0]!.closed).toBe(true);
  });

  it('shows no notification, and does not ask, when the person refused them', async () => {
    FakeNotification.permission = 'denied';
    const { stream } = await openTab();
    stream.emit(pageEvent(poolExhausted, USERS.responder.id));
    expect(ring()).toBeInTheDocument();
    expect(FakeNotification.shown).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Allow browser notifications' })).not.toBeInTheDocument();
  });
});
