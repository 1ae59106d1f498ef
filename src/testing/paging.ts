import { decodeCursor, encodeCursor } from '../contracts/pagination';
import type { CursorKey } from '../contracts/pagination';

type Order = { name: string; shape: readonly ('string' | 'number')[] };

function compareKeys(a: CursorKey, b: CursorKey): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * Pages a list as the server does (keyset): the items whose key comes after the cursor's in the
 * list's order (`direction` 1 ascending, -1 descending), at most `limit`, and the next cursor.
 * Undefined when the cursor is not one this list hands out (the server answers 400 naming `cursor`).
 */
export function pageOfList<T>(items: readonly T[], order: Order, keyOf: (item: T) => CursorKey, direction: 1 | -1, query: { cursor?: string | undefined; limit: number }): { items: T[]; nextCursor: string | null } | undefined {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, order.name, order.shape);
  if (query.cursor !== undefined && !after) return undefined;
  const sorted = [...items].sort((a, b) => direction * compareKeys(keyOf(a), keyOf(b)));
  const rest = after ? sorted.filter((item) => direction * compareKeys(keyOf(item), after) > 0) : sorted;
  const page = rest.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rest.length > query.limit && last !== undefined ? encodeCursor(order.name, keyOf(last)) : null };
}
