import type { EpochMs } from '../time/instant';
import type { Channel } from './model';

/** A person gets at most one SMS or call in this long; pages inside it wait for one bundle. */
export const STORM_WINDOW_MS = 60_000;

/**
 * Only channels that ring a phone are limited: 500 incidents must never mean 500 texts, while
 * in-app, e-mail and webhooks cost nothing to receive and carry each incident on its own.
 */
export function isStormLimited(channel: Channel): boolean {
  return channel === 'sms' || channel === 'voice';
}

/**
 * Whether an SMS or call to a person may go out at `now`, given when the last one to them was sent
 * (null: never). Inside the minute after the last one it may not; it is held for the bundle sent at
 * `lastSentAt + STORM_WINDOW_MS`, which carries every page held since ("3 more incidents"). Exactly
 * one minute later it is sent again. A `lastSentAt` after `now` (a clock step back) also holds.
 */
export function stormDecision(lastSentAt: EpochMs | null, now: EpochMs): { send: true } | { send: false; bundleAt: EpochMs } {
  if (lastSentAt === null || now - lastSentAt >= STORM_WINDOW_MS) return { send: true };
  return { send: false, bundleAt: (lastSentAt + STORM_WINDOW_MS) as EpochMs };
}
