import { createHash, createHmac } from 'node:crypto';

/**
 * Status subscriptions are capabilities (DESIGN.md): the confirm and unsubscribe links carry a
 * token that is an HMAC of the subscriber's random id (and, for confirming, the expiry) keyed with
 * the installation's link key (settings table, engine/ack-secret.ts). The database keeps only the
 * token's SHA-256, and the outbox row that sends an e-mail keeps only the subscriber's id: the
 * sender derives the link again at send time, so neither a dump nor a log line gives a working link.
 */
function mac(secret: string, purpose: 'confirm' | 'unsubscribe', subscriberId: string, expiresAt?: number): string {
  return createHmac('sha256', secret)
    .update(`status-${purpose}:${subscriberId}:${expiresAt ?? ''}`)
    .digest('base64url');
}

export function confirmTokenFor(secret: string, subscriberId: string, expiresAt: number): string {
  return mac(secret, 'confirm', subscriberId, expiresAt);
}

export function unsubscribeTokenFor(secret: string, subscriberId: string): string {
  return mac(secret, 'unsubscribe', subscriberId);
}

/** What is stored and looked up; a token of the wrong form hashes to nothing stored. */
export function hashStatusToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tokens are 43 URL-safe characters; anything else is not looked up. */
export function isStatusTokenShape(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export const confirmUrl = (publicUrl: string, token: string) => `${publicUrl}/status/subscriptions/confirm?token=${token}`;
export const unsubscribeUrl = (publicUrl: string, token: string) => `${publicUrl}/status/subscriptions/unsubscribe?token=${token}`;
