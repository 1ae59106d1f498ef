import type { ContactChannel } from './model';

const HIDDEN = '•••••';

/**
 * The country code's digits that stay visible: one for the codes that are a single digit
 * (+1 North America, +7 Russia and Kazakhstan), otherwise two. Longer codes (+353) show their
 * first two digits, which says no more about the number.
 */
function visibleCountryDigits(digits: string): number {
  return digits.startsWith('1') || digits.startsWith('7') ? 1 : 2;
}

function maskPhone(address: string): string {
  const digits = address.replace(/\D/g, '');
  if (!address.trim().startsWith('+') || digits.length < 7) return `${HIDDEN}${digits.slice(-2)}`;
  // A fixed number of dots, so the mask does not give away the length of the number either.
  return `+${digits.slice(0, visibleCountryDigits(digits))}${HIDDEN}${digits.slice(-4)}`;
}

function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${address[0]}•••${address.slice(at)}`;
}

function maskWebhook(address: string): string {
  // Only scheme and host: paths and queries of chat webhooks are the secret, and so is any user:password@.
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:[^/?#@]*@)?([^/?#:]+)/i.exec(address.trim());
  return match ? `${match[1]!.toLowerCase()}://${match[2]!.toLowerCase()}/…` : '•••';
}

/**
 * An address as the timeline, the preview and the profile of someone else show it: enough to tell
 * which number or mailbox was used, not enough to use it. Phones keep the plus, the country code's
 * first digits and the last four (`+1•••••0123`; text that is not an international number keeps
 * only its last two digits); e-mail the first letter and the domain
 * (`p•••@example.com`); webhooks the scheme and host (`https://hooks.example.com/…`).
 */
export function maskAddress(kind: ContactChannel, address: string): string {
  switch (kind) {
    case 'sms':
    case 'voice':
      return maskPhone(address);
    case 'email':
      return maskEmail(address);
    case 'webhook':
      return maskWebhook(address);
  }
}
