import { createHmac, timingSafeEqual } from 'node:crypto';

/** Form parameters of a request Twilio sent; a name Twilio repeats carries every value. */
export type TwilioParams = Record<string, string | readonly string[]>;

/**
 * The `X-Twilio-Signature` Twilio puts on a request to `url` with these POST parameters:
 * base64 of HMAC-SHA1, keyed with the account's auth token, over the full URL (query included,
 * exactly as Twilio requested it) followed by each parameter's name and value, sorted by name
 * (a repeated name's values sorted too). Parameters of a GET go in the URL, not here.
 */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  let signed = url;
  for (const name of Object.keys(params).sort()) {
    const values = params[name]!;
    for (const item of typeof values === 'string' ? [values] : [...values].sort()) signed += name + item;
  }
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}

/**
 * Whether `header` (the request's `X-Twilio-Signature`) is what Twilio would have sent, compared
 * in constant time. A missing header is not valid. `url` must be the address Twilio called
 * (FIREWATCH_PUBLIC_URL + path + query), not what a proxy rewrote it to.
 */
export function isValidTwilioSignature(authToken: string, url: string, params: TwilioParams, header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
