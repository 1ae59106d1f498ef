/**
 * How an effect leaves the process. A sender performs one outbox row's payload and says how it
 * went; the outbox runner (engine/outbox-runner.ts) owns retries, the deadline and the record.
 * - `ok`: delivered (the provider accepted it); `providerId` is the provider's id for it (Twilio's
 *   Message or Call sid, the SMTP Message-ID), which its delivery callbacks refer to;
 * - `retryable`: worth another try (a 5xx, a network error, no answer);
 * - permanent (`retryable: false`): retrying cannot help (a provider's 4xx: bad number, bad address).
 * A sender must stop when `signal` aborts (the 10 s deadline, or shutdown); one that does not is
 * counted as failed at the deadline anyway.
 */
export type SendResult = { ok: true; providerId?: string } | { ok: false; retryable: true; error: string } | { ok: false; retryable: false; error: string };

export type Sender = (payload: unknown, signal: AbortSignal) => Promise<SendResult>;

/** Senders by effect kind (`email`, `sms`, `webhook`, …). A kind with no sender fails, never vanishes. */
export type SenderRegistry = ReadonlyMap<string, Sender>;

export const sent = (providerId?: string): SendResult => (providerId === undefined ? { ok: true } : { ok: true, providerId });
export const retryableFailure = (error: string): SendResult => ({ ok: false, retryable: true, error });
export const permanentFailure = (error: string): SendResult => ({ ok: false, retryable: false, error });
