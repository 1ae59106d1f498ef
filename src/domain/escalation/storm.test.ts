import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../time/instant';
import { STORM_WINDOW_MS, isStormLimited, stormDecision } from './storm';

const at = (ms: number) => ms as EpochMs;

describe('storm limit: at most one SMS or call per person per minute', () => {
  it('sends the first one at once', () => {
    expect(stormDecision(null, at(1_000_000))).toEqual({ send: true });
  });

  it.each([
    [1, 1_060_000],
    [30_000, 1_060_000],
    [59_999, 1_060_000],
  ])('holds a page %i ms after the last for the bundle a minute after it', (after, bundleAt) => {
    expect(stormDecision(at(1_000_000), at(1_000_000 + after))).toEqual({ send: false, bundleAt });
  });

  it('sends again exactly one minute after the last, and later', () => {
    expect(stormDecision(at(1_000_000), at(1_000_000 + STORM_WINDOW_MS))).toEqual({ send: true });
    expect(stormDecision(at(1_000_000), at(5_000_000))).toEqual({ send: true });
  });

  it('200 pages in 10 s give one send and one bundle', () => {
    let lastSentAt: EpochMs | null = null;
    const bundles = new Set<number>();
    let sent = 0;
    for (let i = 0; i < 200; i++) {
      const now = at(1_000_000 + i * 50);
      const decision = stormDecision(lastSentAt, now);
      if (decision.send) {
        sent++;
        lastSentAt = now;
      } else bundles.add(decision.bundleAt);
    }
    expect(sent).toBe(1);
    expect([...bundles]).toEqual([1_060_000]);
  });

  it('limits only the channels that ring a phone', () => {
    expect(['in-app', 'email', 'sms', 'voice', 'webhook'].filter((c) => isStormLimited(c as Parameters<typeof isStormLimited>[0]))).toEqual(['sms', 'voice']);
  });
});
