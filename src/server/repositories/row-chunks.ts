/**
 * Multi-row statements are split so that no statement binds more parameters than the engines
 * allow (PostgreSQL 65,535; SQLite 32,766): rows of up to 20 columns, 500 at a time.
 */
export const ROWS_PER_STATEMENT = 500;

export function chunksOf<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
