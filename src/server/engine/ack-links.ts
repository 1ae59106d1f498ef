import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Acknowledge links are capabilities: `/ack/{token}` acknowledges one incident for one person,
 * once, until it expires. The token is `{pageId}.{expiresAt base36}.{HMAC}`, signed with a key
 * kept in the settings table, so the outbox row that sends the link holds only the page id and the
 * database holds only the token's SHA-256 (the single-use record): neither a database dump nor a
 * log line gives a working link, and a tampered token fails the signature before any lookup.
 */
function mac(secret: string, pageId: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`ack:${pageId}:${expiresAt}`).digest('base64url');
}

export function ackTokenFor(secret: string, pageId: string, expiresAt: number): string {
  return `${pageId}.${expiresAt.toString(36)}.${mac(secret, pageId, expiresAt)}`;
}

/** The page and expiry a token names, when its signature is right; undefined for anything else. */
export function readAckToken(secret: string, token: string): { pageId: string; expiresAt: number } | undefined {
  if (token.length > 200) return undefined;
  const match = /^([0-9a-f-]{36})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, pageId, expiry, signature] = match as unknown as [string, string, string, string];
  const expiresAt = parseInt(expiry, 36);
  const expected = Buffer.from(mac(secret, pageId, expiresAt));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return { pageId, expiresAt };
}

export function hashAckToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
