import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle } from './login-throttle';

function throttleAt(options = DEFAULT_LOGIN_THROTTLE) {
  let now = Date.parse('2026-03-21T02:30:00Z');
  const throttle = new LoginThrottle(() => now, options);
  return { throttle, advance: (ms: number) => (now += ms) };
}

describe('sign-in throttle', () => {
  it('lets the first failures of a pair through, then doubles the wait up to its cap', () => {
    const { throttle, advance } = throttleAt();
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const verdict = throttle.check('dana@example.com', '203.0.113.7');
      if (verdict.ok) waits.push(0);
      else {
        waits.push(verdict.retryAfterSeconds);
        advance(verdict.retryAfterSeconds * 1000);
      }
      expect(throttle.check('dana@example.com', '203.0.113.7').ok).toBe(true);
      throttle.fail('dana@example.com', '203.0.113.7');
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]);
  });

  it('throttles the pair only: the same account from elsewhere and other accounts from there go on', () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < 12; i++) throttle.fail('dana@example.com', '203.0.113.7');
    expect(throttle.check('dana@example.com', '203.0.113.7').ok).toBe(false);
    expect(throttle.check('dana@example.com', '198.51.100.20')).toEqual({ ok: true });
    expect(throttle.check('erin@example.com', '203.0.113.7')).toEqual({ ok: true });
  });

  it('starts a pair over after a success, or after an hour without failures', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < 8; i++) throttle.fail('dana@example.com', '203.0.113.7');
    throttle.succeed('dana@example.com', '203.0.113.7');
    expect(throttle.check('dana@example.com', '203.0.113.7')).toEqual({ ok: true });
    for (let i = 0; i < 20; i++) throttle.fail('erin@example.com', '203.0.113.7');
    advance(DEFAULT_LOGIN_THROTTLE.pairResetMs);
    throttle.fail('erin@example.com', '203.0.113.7');
    expect(throttle.check('erin@example.com', '203.0.113.7')).toEqual({ ok: true });
  });

  it('refuses an address that fails too often across accounts until the oldest failure leaves the window', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.addressLimit; i++) {
      expect(throttle.check(`person-${i}@example.com`, '203.0.113.7')).toEqual({ ok: true });
      throttle.fail(`person-${i}@example.com`, '203.0.113.7');
      advance(1000);
    }
    const refused = throttle.check('new@example.com', '203.0.113.7');
    expect(refused).toEqual({ ok: false, retryAfterSeconds: DEFAULT_LOGIN_THROTTLE.addressWindowMs / 1000 - DEFAULT_LOGIN_THROTTLE.addressLimit });
    expect(throttle.check('new@example.com', '198.51.100.20')).toEqual({ ok: true });
    advance(1000);
    advance(DEFAULT_LOGIN_THROTTLE.addressWindowMs - DEFAULT_LOGIN_THROTTLE.addressLimit * 1000);
    expect(throttle.check('new@example.com', '203.0.113.7')).toEqual({ ok: true });
  });

  it('bounds its memory by forgetting the least recently failed pairs, never everything at once', () => {
    const { throttle } = throttleAt({ ...DEFAULT_LOGIN_THROTTLE, maxEntries: 100, addressLimit: 10_000 });
    for (let i = 0; i < 10; i++) throttle.fail('dana@example.com', '203.0.113.7');
    for (let i = 0; i < 10; i++) throttle.fail('erin@example.com', '203.0.113.7');
    for (let i = 0; i < 98; i++) throttle.fail(`spray-${i}@example.com`, '203.0.113.8');
    expect(throttle.check('dana@example.com', '203.0.113.7').ok).toBe(false);
    throttle.fail('one-more@example.com', '203.0.113.8');
    expect(throttle.check('dana@example.com', '203.0.113.7')).toEqual({ ok: true });
    expect(throttle.check('erin@example.com', '203.0.113.7').ok).toBe(false);
  });
});
