import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../services/clock';
import { OutboundRefused, guardedRequest } from './guarded-http';
import type { GuardedHttpOptions } from './guarded-http';
import { readPagePayload, renderWebhookBody } from './page-message';
import { permanentFailure, retryableFailure } from './senders';
import type { Sender } from './senders';

export const WEBHOOK_SIGNATURE_HEADER = 'X-Firewatch-Signature';
export const WEBHOOK_EVENT_HEADER = 'X-Firewatch-Event';
export const WEBHOOK_DELIVERY_HEADER = 'X-Firewatch-Delivery';
/** How old a signature a receiver accepts by default: long enough for clock drift, short enough that a captured request cannot be replayed later. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, at: number, body: string) => createHmac('sha256', secret).update(`${at}.${body}`, 'utf8').digest('hex');

/**
 * The `X-Firewatch-Signature` value for `body` sent at `at` (unix seconds):
 * `t=<at>,v1=<hex HMAC-SHA256 of "<at>.<body>" keyed with the secret>`. The timestamp is signed
 * with the body, so a receiver can refuse old requests without trusting an unsigned header.
 */
export function signWebhook(secret: string, body: string, at: number): string {
  return `t=${at},v1=${hmac(secret, at, body)}`;
}

/**
 * For receivers: whether `header` signs exactly `body` (the raw bytes received, before any JSON
 * parsing) with `secret`, and is at most `toleranceSeconds` away from `now` (unix seconds).
 * Several `v1=` entries are allowed (one per secret while it is being rotated); any match counts.
 * Compared in constant time.
 */
export function verifyWebhookSignature(secret: string, body: string, header: string | undefined, now: number, toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS): boolean {
  if (header === undefined) return false;
  let at: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, ...rest] = part.trim().split('=');
    const item = rest.join('=');
    if (name === 't' && /^\d+$/.test(item)) at = Number(item);
    else if (name === 'v1') signatures.push(item);
  }
  if (at === undefined || signatures.length === 0 || Math.abs(now - at) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, at, body), 'utf8');
  return signatures.some((given) => {
    const candidate = Buffer.from(given, 'utf8');
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
}

export type WebhookSenderOptions = {
  /** FIREWATCH_WEBHOOK_SECRET. */
  secret: string;
  /** The time the signature carries. */
  clock: Clock;
  /** Guarded HTTP settings (FIREWATCH_ALLOW_PRIVATE_WEBHOOKS, and for tests a resolver); the signal is the sender's own. */
  http: Omit<GuardedHttpOptions, 'signal'>;
};

/** Why a refused request is or is not worth another try. */
const REFUSALS_RETRYABLE: Record<OutboundRefused['reason'], boolean> = {
  scheme: false,
  private_address: false,
  too_many_redirects: false,
  // DNS can fail for a moment, and a receiver can be slow once.
  unresolvable: true,
  timeout: true,
};

/**
 * POSTs `renderWebhookBody(page)` to the person's webhook address (`page.to`) through the
 * guarded HTTP client, signed (`X-Firewatch-Signature`), with `X-Firewatch-Event` (the payload's
 * kind: `page`, `verification`, `test`) and `X-Firewatch-Delivery` (the page id, the same on
 * every retry). 2xx → sent; 408, 429 and 5xx → retryable; any other answer → permanent with
 * the status and the start of the body; a refused address (private, not http(s)) → permanent.
 */
export function createWebhookSender(options: WebhookSenderOptions): Sender {
  return async (payload, signal) => {
    const read = readPagePayload(payload);
    if (!read.ok) return permanentFailure(read.error);
    const { page } = read;
    const body = renderWebhookBody(page);
    const at = Math.floor(options.clock.now() / 1000);
    try {
      const response = await guardedRequest(
        page.to,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Firewatch-Webhook/1',
            [WEBHOOK_SIGNATURE_HEADER]: signWebhook(options.secret, body, at),
            [WEBHOOK_EVENT_HEADER]: page.kind,
            [WEBHOOK_DELIVERY_HEADER]: page.pageId,
          },
          body,
        },
        { ...options.http, signal },
      );
      if (response.status >= 200 && response.status < 300) return { ok: true };
      const answer = `webhook answered HTTP ${response.status}${response.body.trim() === '' ? '' : `: ${response.body.trim().slice(0, 200)}`}`;
      return response.status === 408 || response.status === 429 || response.status >= 500 ? retryableFailure(answer) : permanentFailure(answer);
    } catch (error) {
      if (error instanceof OutboundRefused) {
        const text = `webhook not delivered: ${error.message}`;
        return REFUSALS_RETRYABLE[error.reason] ? retryableFailure(text) : permanentFailure(text);
      }
      return retryableFailure(`webhook unreachable: ${(error as { code?: string }).code ?? (error as Error).message}`);
    }
  };
}
