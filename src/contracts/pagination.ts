import { z } from 'zod';

/**
 * Cursor pagination for lists (incidents, a timeline, the audit log). A page answers
 * `{ items, nextCursor }`; `nextCursor` is null on the last page, otherwise it is passed back as
 * `?cursor=` for the next page. The cursor is opaque to clients: it holds the sort key of the last
 * item shown (a keyset), so rows inserted while someone pages never shift the pages (no row that
 * existed at the first request is skipped or repeated), and paging costs one index range scan.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding, of text made of code units below 256 (ids and numbers are ASCII). */
function toBase64Url(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const [a, b, c] = [text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2)];
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    if (i + 1 < text.length) out += B64[(n >> 6) & 63]!;
    if (i + 2 < text.length) out += B64[n & 63]!;
  }
  return out;
}

function fromBase64Url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  let out = '';
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    let n = 0;
    for (let j = 0; j < 4; j++) n = (n << 6) | (j < chunk.length ? B64.indexOf(chunk[j]!) : 0);
    out += String.fromCharCode((n >> 16) & 255);
    if (chunk.length > 2) out += String.fromCharCode((n >> 8) & 255);
    if (chunk.length > 3) out += String.fromCharCode(n & 255);
  }
  return out;
}

/** A position in one list: which order it belongs to, and the sort key of the last item shown. */
export type CursorKey = readonly (string | number)[];

/** An opaque cursor for the item whose sort key is `key` in the list ordered as `order`. */
export function encodeCursor(order: string, key: CursorKey): string {
  return toBase64Url(JSON.stringify([order, ...key]));
}

/**
 * The sort key in a cursor, if the cursor is one `encodeCursor(order, …)` made with a key of this
 * shape (`shape`: the type of each part); undefined for anything else, including a cursor of
 * another list or order.
 */
export function decodeCursor(cursor: string, order: string, shape: readonly ('string' | 'number')[]): CursorKey | undefined {
  if (cursor.length > 512) return undefined;
  const text = fromBase64Url(cursor);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length + 1 || parsed[0] !== order) return undefined;
  const key = parsed.slice(1) as unknown[];
  const fits = key.every((part, i) => (shape[i] === 'number' ? typeof part === 'number' && Number.isSafeInteger(part) : typeof part === 'string' && part.length <= 200));
  return fits ? (key as CursorKey) : undefined;
}

/**
 * `?limit=`: plain decimal digits only (no `0x10`, `1e2`, ` 5` or `+5`, which a numeric coercion
 * would take), from 1 to `max`.
 */
export function limitQuery(max: number, fallback: number) {
  const problem = `must be a whole number from 1 to ${max}`;
  return z
    .string({ error: problem })
    .regex(/^\d{1,6}$/, problem)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, problem)
    .optional()
    .transform((n) => n ?? fallback);
}

/** `?cursor=`: the `nextCursor` of the previous page, as a string (checked against its list by the route). */
export const cursorQuery = z.string({ error: 'must be the nextCursor of the previous page' }).min(1, 'must be the nextCursor of the previous page').optional();

export const CURSOR_PROBLEM = 'must be the nextCursor of a previous page of this list';

/** A page of a list: the items and where the next page starts (null: this is the last page). */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
