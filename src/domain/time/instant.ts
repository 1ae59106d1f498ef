/**
 * Instants are UTC epoch milliseconds. The brand keeps them from being confused with durations
 * or wall-clock numbers; the domain never reads the clock, so `now` is always an argument.
 */
export type EpochMs = number & { readonly __brand: 'EpochMs' };

/** Marks a number of milliseconds since the Unix epoch (UTC) as an instant. */
export function epochMs(value: number): EpochMs {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite instant: ${value}`);
  return Math.trunc(value) as EpochMs;
}

/** ISO-8601 in UTC with a `Z` suffix, the only form instants take on the wire. */
export function toIsoUtc(at: EpochMs): string {
  return new Date(at).toISOString();
}

/**
 * Parses an ISO-8601 timestamp that names its offset (`Z` or `±hh:mm`). Returns undefined for
 * anything else, including local times without an offset, which would depend on the host zone.
 */
export function parseIsoInstant(text: string): EpochMs | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? epochMs(ms) : undefined;
}

/** The UTC calendar year of an instant; incident numbers restart each UTC year. */
export function utcYear(at: EpochMs): number {
  return new Date(at).getUTCFullYear();
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
