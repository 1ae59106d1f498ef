/** A failure the client can fix or must know about; the HTTP layer turns it into a JSON 4xx/5xx. */
export class Problem extends Error {
  /** Extra top-level fields of the error body (a 409 carries the current state, say). */
  details: Record<string, unknown> | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Array<{ field: string; problem: string }>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'Problem';
  }

  /** Fastify's name for it, so route error handlers treat a Problem like any HTTP error. */
  get statusCode(): number {
    return this.status;
  }

  static notFound(what: string): Problem {
    return new Problem(404, 'not_found', `${what} not found`);
  }

  static conflict(message: string, field?: string): Problem {
    return new Problem(409, 'conflict', message, field ? [{ field, problem: message }] : undefined);
  }
}
