import { create } from 'zustand';
import type { LiveEvent } from '../contracts/live';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';
export type ReadyInfo = { seq: number; resumed: boolean };
export type LiveListener = { onEvent: (event: LiveEvent) => void; onReady?: (info: ReadyInfo) => void };

export const EVENTS_URL = '/api/v1/events';
const CLOSED = 2;
const MAX_BACKOFF_MS = 30_000;

/** Connection state for the header indicator: UI state, so it may live in zustand. */
export const useLiveStatusStore = create<{ status: LiveStatus }>(() => ({ status: 'connecting' }));

const listeners = new Set<LiveListener>();
let source: EventSource | null = null;
let lastSeq: number | undefined;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
/** Whose session the stream runs under; null while nobody is signed in (the server would answer 401). */
let identity: string | null = null;

function setStatus(status: LiveStatus): void {
  if (useLiveStatusStore.getState().status !== status) useLiveStatusStore.setState({ status });
}

function rememberSeq(id: string): void {
  const seq = Number(id);
  if (id !== '' && Number.isSafeInteger(seq) && (lastSeq === undefined || seq > lastSeq)) lastSeq = seq;
}

function parse<T>(data: unknown): T | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as T;
  } catch {
    return undefined;
  }
}

function connect(): void {
  // A fresh EventSource cannot set Last-Event-ID itself, so the resume point goes in the query.
  const url = lastSeq === undefined ? EVENTS_URL : `${EVENTS_URL}?lastEventId=${lastSeq}`;
  const es = new EventSource(url);
  source = es;
  es.onopen = () => {
    if (source === es) setStatus('live');
  };
  es.onmessage = (message: MessageEvent) => {
    if (source !== es) return;
    rememberSeq(message.lastEventId);
    const event = parse<LiveEvent>(message.data);
    if (!event) return;
    for (const listener of listeners) listener.onEvent(event);
  };
  es.addEventListener('ready', (message) => {
    if (source !== es) return;
    const info = parse<ReadyInfo>((message as MessageEvent).data);
    if (!info) return;
    rememberSeq(String(info.seq));
    attempt = 0;
    setStatus('live');
    for (const listener of listeners) listener.onReady?.(info);
  });
  es.onerror = () => {
    if (source !== es) return;
    if (es.readyState !== CLOSED) {
      // The browser retries by itself and resends Last-Event-ID.
      setStatus('reconnecting');
      return;
    }
    // The browser gave up (for example after a non-200 answer): start over ourselves.
    es.close();
    source = null;
    setStatus('offline');
    scheduleReconnect();
  };
}

function scheduleReconnect(): void {
  clearTimeout(retryTimer);
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
  attempt += 1;
  // Jitter keeps a whole office of tabs from reconnecting in the same millisecond after an outage.
  const delay = base / 2 + Math.random() * (base / 2);
  retryTimer = setTimeout(reconnectNow, delay);
}

function reconnectNow(): void {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  if (source || listeners.size === 0 || identity === null) return;
  setStatus('reconnecting');
  connect();
}

function onBrowserOnline(): void {
  if (!source) reconnectNow();
}

function stop(): void {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  source?.close();
  source = null;
  window.removeEventListener('online', onBrowserOnline);
}

function start(): void {
  if (identity === null) return;
  window.addEventListener('online', onBrowserOnline);
  setStatus('connecting');
  connect();
}

/**
 * Tells the stream who is signed in (a user id, or null). Signing out closes it; signing in, or
 * in as someone else, opens a fresh one: a resume point from another session would replay what
 * that session was allowed to see, and a fresh `ready` makes every listener refetch.
 */
export function setLiveIdentity(next: string | null): void {
  if (next === identity) return;
  stop();
  identity = next;
  lastSeq = undefined;
  attempt = 0;
  if (identity === null) setStatus('offline');
  else if (listeners.size > 0) start();
}

/**
 * Listens to the tab's one live stream, opening it for the first listener and closing it when the
 * last one leaves. Returns the unsubscribe function.
 */
export function subscribeToLive(listener: LiveListener): () => void {
  listeners.add(listener);
  if (listeners.size === 1 && !source) start();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) stop();
  };
}

/** Forgets everything, as if the tab had just loaded (tests start each case from here). */
export function resetLiveStream(): void {
  stop();
  listeners.clear();
  identity = null;
  lastSeq = undefined;
  attempt = 0;
  useLiveStatusStore.setState({ status: 'connecting' });
}
