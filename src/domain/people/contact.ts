/**
 * E.164: a plus sign, a country code that does not start with 0, and at most 15 digits in all.
 * Spaces, dots, dashes and parentheses that people type are removed first.
 */
export function normalizeE164(input: string): string | undefined {
  const compact = input.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : undefined;
}

/**
 * Whether a string names a zone of the IANA database this runtime knows ("Europe/Berlin",
 * "America/Argentina/Buenos_Aires", "UTC"). Offsets ("+02:00", "UTC+2", "GMT-5") are refused on
 * purpose even where the runtime would accept them: a zone is a place with rules, not an offset.
 */
export function isIanaZone(zone: string): boolean {
  if (!/^(UTC|Etc\/UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+)+)$/.test(zone)) return false;
  if (/^Etc\/GMT[+-]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
