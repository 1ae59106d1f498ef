import type { ApiError } from '../contracts/common';

export type FieldProblem = { field: string; problem: string };

/**
 * A failed API call, carrying the server's `{error:{code,message,fields}}` so forms can put each
 * problem next to its field and everything else can show the message as the server wrote it.
 */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: readonly FieldProblem[];

  constructor(status: number, code: string, message: string, fields: readonly FieldProblem[] = []) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** The server's complaints about one field, joined; undefined when it named none. */
  problemFor(field: string): string | undefined {
    const problems = this.fields.filter((f) => f.field === field).map((f) => f.problem);
    return problems.length > 0 ? problems.join('; ') : undefined;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 404;
}

/** A message fit for a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

type RequestOptions = { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown; signal?: AbortSignal | undefined };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Plain fetch with the contract's types rather than zod parsing: the server validates what it
 * sends, and keeping zod out of the first screen's bundle matters more than re-checking it here.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    // Resolved against the page so the same code works in the browser and under jsdom.
    response = await fetch(new URL(path, window.location.origin), {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiRequestError(0, 'network', 'Cannot reach the Firewatch server. Check your connection and try again.');
  }
  const text = await response.text();
  const payload = text ? parseJson(text) : undefined;
  if (!response.ok) {
    const problem = (payload as Partial<ApiError> | undefined)?.error;
    throw new ApiRequestError(
      response.status,
      problem?.code ?? `http_${response.status}`,
      problem?.message ?? `The server answered ${response.status} ${response.statusText}`.trim(),
      problem?.fields ?? [],
    );
  }
  return payload as T;
}
