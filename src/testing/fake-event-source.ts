import { act } from '@testing-library/react';
import type { LiveEvent } from '../contracts/live';

type Handler = ((event: Event) => void) | null;

/**
 * jsdom has no EventSource. This stand-in records every instance and lets a test play the
 * server: open it, send live events and `ready`, or fail it (as the browser would after a drop).
 * Each driver wraps its dispatch in act() so React settles before the test looks.
 */
export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];

  readonly url: string;
  readonly withCredentials = false;
  readyState = FakeEventSource.CONNECTING;
  onopen: Handler = null;
  onmessage: Handler = null;
  onerror: Handler = null;

  constructor(url: string | URL) {
    super();
    this.url = String(url);
    FakeEventSource.instances.push(this);
  }

  static reset(): void {
    FakeEventSource.instances = [];
  }

  /** The instance the app opened most recently (the one it is listening to). */
  static latest(): FakeEventSource {
    const last = FakeEventSource.instances[FakeEventSource.instances.length - 1];
    if (!last) throw new Error('The app has not opened an EventSource');
    return last;
  }

  /** Instances the app has not closed: there must never be more than one. */
  static openInstances(): FakeEventSource[] {
    return FakeEventSource.instances.filter((source) => source.readyState !== FakeEventSource.CLOSED);
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }

  private fire(type: 'open' | 'message' | 'error', event: Event): void {
    act(() => {
      const handler = type === 'open' ? this.onopen : type === 'message' ? this.onmessage : this.onerror;
      handler?.call(this, event);
      this.dispatchEvent(event);
    });
  }

  open(): void {
    this.readyState = FakeEventSource.OPEN;
    this.fire('open', new Event('open'));
  }

  /** A default `message` whose id is the event's sequence number, as the server sends it. */
  emit(event: LiveEvent): void {
    this.fire('message', new MessageEvent('message', { data: JSON.stringify(event), lastEventId: String(event.seq) }));
  }

  ready(seq: number, resumed: boolean): void {
    act(() => {
      this.dispatchEvent(new MessageEvent('ready', { data: JSON.stringify({ seq, resumed }), lastEventId: String(seq) }));
    });
  }

  /** An error: `closed` means the browser gave up; otherwise it is retrying by itself. */
  fail({ closed }: { closed: boolean }): void {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.fire('error', new Event('error'));
  }
}
