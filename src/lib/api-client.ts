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
  /** From a 429's Retry-After header: how long the server asks us to wait. */
  readonly retryAfterSeconds: number | undefined;
  /** The whole error answer: some carry more than `error` (a stale write's 409 holds `current`). */
  readonly payload: unknown;

  constructor(status: number, code: string, message: string, fields: readonly FieldProblem[] = [], retryAfterSeconds?: number, payload?: unknown) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
    this.payload = payload;
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

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal | undefined;
  /**
   * A 401 that means "wrong password" or "not signed in yet" is an answer for the caller, not a
   * sign that the session ended; such requests set this so the sign-out listeners stay quiet.
   */
  unauthenticatedIsAnswer?: boolean;
};

const unauthenticatedListeners = new Set<() => void>();

/**
 * Called whenever the server answers 401 to a request made with a session: the session expired
 * or was revoked (signed out elsewhere, password changed), so the app must ask to sign in again.
 */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => {
    unauthenticatedListeners.delete(listener);
  };
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

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
  const { method = 'GET', body, signal, unauthenticatedIsAnswer = false } = options;
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
    if (response.status === 401 && !unauthenticatedIsAnswer) for (const listener of unauthenticatedListeners) listener();
    throw new ApiRequestError(
      response.status,
      problem?.code ?? `http_${response.status}`,
      problem?.message ?? `The server answered ${response.status} ${response.statusText}`.trim(),
      problem?.fields ?? [],
      response.status === 429 ? retryAfter(response) : undefined,
      payload,
    );
  }
  return payload as T;
}

/** The server's complaint about each field it named, keyed as it names them ("contactMethods[1].address"). */
export function fieldProblems(error: unknown): Record<string, string> {
  if (!(error instanceof ApiRequestError)) return {};
  const found: Record<string, string> = {};
  for (const { field } of error.fields) found[field] ??= error.problemFor(field)!;
  return found;
}

/**
 * The server's problem with one field, as a sentence to show under it: a conflict's problem is a
 * whole sentence already ("a team named … already exists"); a validation problem continues the
 * field's label ("Time zone" + "must be an IANA time zone …").
 */
export function fieldMessage(error: unknown, field: string, label: string): string | undefined {
  if (!(error instanceof ApiRequestError)) return undefined;
  const problem = error.problemFor(field);
  if (!problem) return undefined;
  return error.status === 409 ? problem.charAt(0).toUpperCase() + problem.slice(1) : `${label} ${problem}`;
}
