import type { z } from 'zod';
import { Problem } from '../services/problem';

/** Renders a zod issue path the way a client names the field: `payload.summary`, `alerts[0].status`. */
export function fieldName(path: ReadonlyArray<PropertyKey>, root?: string): string {
  let name = root ?? '';
  for (const part of path) {
    if (typeof part === 'number') name += `[${part}]`;
    else name += name ? `.${String(part)}` : String(part);
  }
  return name || '(body)';
}

export function issuesToFields(error: z.ZodError, root?: string): Array<{ field: string; problem: string }> {
  return error.issues.map((issue) => ({ field: fieldName(issue.path, root), problem: issue.message }));
}

/**
 * Parses input with a contract schema or throws a 400 naming each bad field. `where` says which
 * part of the request was wrong ("body", "query") when the problem is the whole thing.
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, where: 'body' | 'query' = 'body'): z.infer<T> {
  const result = schema.safeParse(input ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const fields = issuesToFields(result.error);
  const summary = fields.map((f) => (f.field === '(body)' ? `${where}: ${f.problem}` : `${f.field} ${f.problem}`)).join('; ');
  throw new Problem(400, 'invalid_request', summary, fields);
}
