import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLiveIdentity, subscribeToLive, useLiveStatusStore } from './live-stream';
import { FakeEventSource } from '../testing/fake-event-source';
import { liveIncidentEvent, makeIncident } from '../testing/fixtures';

describe('live stream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setLiveIdentity('p-priya');
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens one EventSource for any number of listeners and closes it after the last leaves', () => {
    const first = subscribeToLive({ onEvent: () => {} });
    const second = subscribeToLive({ onEvent: () => {} });
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.latest().url).toBe('/api/v1/events');
    first();
    expect(FakeEventSource.openInstances()).toHaveLength(1);
    second();
    expect(FakeEventSource.openInstances()).toHaveLength(0);
  });

  it('delivers events and ready to listeners', () => {
    const onEvent = vi.fn();
    const onReady = vi.fn();
    subscribeToLive({ onEvent, onReady });
    const stream = FakeEventSource.latest();
    stream.ready(7, false);
    const event = liveIncidentEvent(8, 'incident.acknowledged', makeIncident({ state: 'acknowledged' }));
    stream.emit(event);
    expect(onReady).toHaveBeenCalledWith({ seq: 7, resumed: false });
    expect(onEvent).toHaveBeenCalledWith(event);
  });

  it('after the browser gives up, reconnects with backoff from the last seen sequence number', () => {
    subscribeToLive({ onEvent: () => {} });
    const stream = FakeEventSource.latest();
    stream.ready(41, false);
    stream.emit(liveIncidentEvent(42, 'incident.note', makeIncident()));
    stream.fail({ closed: false });
    expect(useLiveStatusStore.getState().status).toBe('reconnecting');
    expect(FakeEventSource.instances).toHaveLength(1);

    stream.fail({ closed: true });
    expect(useLiveStatusStore.getState().status).toBe('offline');
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().url).toBe('/api/v1/events?lastEventId=42');
    expect(FakeEventSource.openInstances()).toHaveLength(1);

    // A second failure in a row waits longer (up to 2 s with jitter, so not after 900 ms).
    FakeEventSource.latest().fail({ closed: true });
    vi.advanceTimersByTime(900);
    expect(FakeEventSource.instances).toHaveLength(2);
    vi.advanceTimersByTime(1100);
    expect(FakeEventSource.instances).toHaveLength(3);
    FakeEventSource.latest().ready(42, true);
    expect(useLiveStatusStore.getState().status).toBe('live');
  });

  it('ignores messages from a source it has replaced', () => {
    const onEvent = vi.fn();
    subscribeToLive({ onEvent });
    const old = FakeEventSource.latest();
    old.fail({ closed: true });
    vi.advanceTimersByTime(1000);
    old.emit(liveIncidentEvent(50, 'incident.note', makeIncident()));
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('stays closed while nobody is signed in, and closes on sign-out', () => {
    setLiveIdentity(null);
    subscribeToLive({ onEvent: () => {} });
    expect(FakeEventSource.instances).toHaveLength(0);
    setLiveIdentity('p-priya');
    expect(FakeEventSource.openInstances()).toHaveLength(1);
    setLiveIdentity(null);
    expect(FakeEventSource.openInstances()).toHaveLength(0);
    // No retry timer keeps knocking with a session that is gone.
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('starts afresh for a new sign-in: no resume point from the previous session', () => {
    const onReady = vi.fn();
    subscribeToLive({ onEvent: () => {}, onReady });
    FakeEventSource.latest().ready(41, false);
    FakeEventSource.latest().emit(liveIncidentEvent(42, 'incident.note', makeIncident()));
    setLiveIdentity(null);
    setLiveIdentity('p-diego');
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().url).toBe('/api/v1/events');
    expect(FakeEventSource.openInstances()).toHaveLength(1);
  });
});
