import { describe, expect, it } from 'vitest';
import { isValidTwilioSignature, twilioSignature } from './twilio-signature';

// The example in Twilio's "Secure webhooks" documentation.
const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
const DOCUMENTED = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

describe("Twilio's request signature", () => {
  it("matches Twilio's documented example", () => {
    expect(twilioSignature(TOKEN, URL, PARAMS)).toBe(DOCUMENTED);
    expect(isValidTwilioSignature(TOKEN, URL, PARAMS, DOCUMENTED)).toBe(true);
  });

  it('does not depend on the order the parameters arrived in', () => {
    const reversed = Object.fromEntries(Object.entries(PARAMS).reverse());
    expect(isValidTwilioSignature(TOKEN, URL, reversed, DOCUMENTED)).toBe(true);
  });

  it('refuses a changed parameter, an added one, another URL, another token, and no header', () => {
    expect(isValidTwilioSignature(TOKEN, URL, { ...PARAMS, Digits: '1235' }, DOCUMENTED)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, URL, { ...PARAMS, Body: 'ack' }, DOCUMENTED)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, 'https://mycompany.com/myapp.php?foo=1&bar=3', PARAMS, DOCUMENTED)).toBe(false);
    expect(isValidTwilioSignature('54321', URL, PARAMS, DOCUMENTED)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, URL, PARAMS, undefined)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, URL, PARAMS, 'short')).toBe(false);
  });

  it('signs every value of a repeated parameter', () => {
    const one = twilioSignature(TOKEN, URL, { StatusCallbackEvent: ['ringing', 'answered'] });
    expect(twilioSignature(TOKEN, URL, { StatusCallbackEvent: ['answered', 'ringing'] })).toBe(one);
    expect(twilioSignature(TOKEN, URL, { StatusCallbackEvent: ['answered'] })).not.toBe(one);
  });
});
