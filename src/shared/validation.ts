import { isIanaZone } from '../domain/people/contact';

/**
 * Form checks that mirror the contract's rules, so a person hears about an obvious mistake
 * before a round trip. The server checks again and its field messages still win.
 */
export function validatePersonName(name: string): string | undefined {
  if (name.trim() === '') return 'Type a name.';
  if (name.trim().length > 100) return 'Use at most 100 characters.';
  return undefined;
}

export function validateEmail(email: string): string | undefined {
  if (email.trim() === '') return 'Type an e-mail address.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) return 'That does not look like an e-mail address.';
  return undefined;
}

export function validateTimeZone(zone: string): string | undefined {
  if (zone.trim() === '') return 'Choose a time zone.';
  if (!isIanaZone(zone.trim())) return 'Use a time zone name such as Europe/Berlin, not an offset.';
  return undefined;
}

export const MIN_PASSWORD = 12;

export function validateNewPassword(password: string, confirm: string): { password?: string; confirm?: string } {
  if (password.length < MIN_PASSWORD) return { password: `Use at least ${MIN_PASSWORD} characters.` };
  if (password.length > 256) return { password: 'Use at most 256 characters.' };
  if (confirm !== password) return { confirm: 'The two passwords differ.' };
  return {};
}

/** The browser's zone, a sensible default for a new person (they may be elsewhere). */
export function browserZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isIanaZone(zone) ? zone : 'UTC';
}
