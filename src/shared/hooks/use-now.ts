import { useSyncExternalStore } from 'react';

/**
 * One shared one-second ticker for every "open for …" on the screen: a hundred rows cost one
 * interval, and all of them change on the same tick.
 */
const subscribers = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let current = Date.now();

function tick(): void {
  current = Date.now();
  for (const notify of subscribers) notify();
}

function subscribe(notify: () => void): () => void {
  subscribers.add(notify);
  if (subscribers.size === 1) {
    current = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    subscribers.delete(notify);
    if (subscribers.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function snapshot(): number {
  return current;
}

/** The current instant (epoch ms), re-rendering the caller every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
