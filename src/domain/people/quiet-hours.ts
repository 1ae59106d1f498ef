/** Local wall-clock time of day, minutes since midnight (0–1439). */
export type LocalTime = number & { readonly __brand: 'LocalTime' };

/**
 * A person's quiet hours: a local start and end in their own zone. `end` before `start` wraps
 * midnight (22:00–07:00). Equal start and end would mean "always" or "never", so it is refused.
 */
export type QuietHours = { start: LocalTime; end: LocalTime };

/** Parses "HH:MM" (24-hour). */
export function parseLocalTime(text: string): LocalTime | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) return undefined;
  return (Number(match[1]) * 60 + Number(match[2])) as LocalTime;
}

export function formatLocalTime(minutes: LocalTime): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function wrapsMidnight(quiet: QuietHours): boolean {
  return quiet.end < quiet.start;
}

/** Whether a local time of day falls inside quiet hours (start inclusive, end exclusive). */
export function isQuietAt(quiet: QuietHours, local: LocalTime): boolean {
  return wrapsMidnight(quiet) ? local >= quiet.start || local < quiet.end : local >= quiet.start && local < quiet.end;
}
