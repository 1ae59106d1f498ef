import type { TwilioSettings } from './channel-config';
import { readPagePayload, renderSms, renderVoiceTwiml } from './page-message';
import type { PagePayload } from './page-message';
import { permanentFailure, retryableFailure, sent } from './senders';
import type { SendResult, Sender } from './senders';

export type TwilioSenderOptions = {
  twilio: TwilioSettings;
  /** FIREWATCH_PUBLIC_URL; without it Twilio is given no status callback. */
  publicUrl: string | null;
};

/** Where Twilio reports a message's or call's delivery status (`POST`, form-encoded, signed). */
export const twilioStatusCallbackUrl = (publicUrl: string, pageId: string) => `${publicUrl}/api/v1/twilio/status?page=${encodeURIComponent(pageId)}`;

/** Where Twilio forwards SMS replies (set it as the number's "A message comes in" webhook). */
export const twilioInboundSmsUrl = (publicUrl: string) => `${publicUrl}/api/v1/twilio/sms`;

/** Twilio's error body: `{ code, message, more_info, status }`. */
type TwilioError = { code?: unknown; message?: unknown };

/** "Twilio 21211: The 'To' number is not a valid phone number" — or the bare status when the body is not Twilio's. */
function twilioErrorText(status: number, body: string): string {
  let parsed: TwilioError | undefined;
  try {
    parsed = JSON.parse(body) as TwilioError;
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed.message === 'string') {
    return typeof parsed.code === 'number' || typeof parsed.code === 'string' ? `Twilio ${parsed.code}: ${parsed.message}` : `Twilio: ${parsed.message}`;
  }
  return `Twilio answered HTTP ${status}${body.trim() === '' ? '' : `: ${body.trim().slice(0, 200)}`}`;
}

/**
 * One create request to Twilio's REST API (2010-04-01), form-encoded with basic auth.
 * 2xx → sent with the resource's `sid`; 429 (Twilio's rate limit) and 5xx → retryable; any
 * other 4xx → permanent with Twilio's own words; no connection or no answer before `signal`
 * aborts → retryable.
 */
async function createResource(twilio: TwilioSettings, resource: 'Messages' | 'Calls', params: Record<string, string>, signal: AbortSignal): Promise<SendResult> {
  const url = `${twilio.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(twilio.accountSid)}/${resource}.json`;
  let status: number;
  let body: string;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(params).toString(),
      redirect: 'error',
      signal,
    });
    status = response.status;
    body = await response.text();
  } catch (error) {
    if (signal.aborted) return retryableFailure('Twilio did not answer before the send was stopped');
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return retryableFailure(`Twilio unreachable: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  if (status >= 200 && status < 300) {
    let sid: unknown;
    try {
      sid = (JSON.parse(body) as { sid?: unknown }).sid;
    } catch {
      sid = undefined;
    }
    return sent(typeof sid === 'string' ? sid : undefined);
  }
  const error = twilioErrorText(status, body);
  if (status === 429 || status >= 500) return retryableFailure(error);
  if (status >= 400) return permanentFailure(error);
  return retryableFailure(error);
}

function twilioSender(options: TwilioSenderOptions, channel: 'sms' | 'voice', paramsOf: (page: PagePayload) => Record<string, string>): Sender {
  return async (payload, signal) => {
    const read = readPagePayload(payload);
    if (!read.ok) return permanentFailure(read.error);
    if (read.page.channel !== channel) return permanentFailure(`a ${read.page.channel} page was given to the Twilio ${channel} sender`);
    const params: Record<string, string> = { To: read.page.to, From: options.twilio.from, ...paramsOf(read.page) };
    if (options.publicUrl !== null) params['StatusCallback'] = twilioStatusCallbackUrl(options.publicUrl, read.page.pageId);
    return createResource(options.twilio, channel === 'sms' ? 'Messages' : 'Calls', params, signal);
  };
}

/** Sends `renderSms(page)` with Twilio's Messages API; the result's `providerId` is the Message sid (`SM…`). */
export function createTwilioSmsSender(options: TwilioSenderOptions): Sender {
  return twilioSender(options, 'sms', (page) => ({ Body: renderSms(page) }));
}

/** Places a call with Twilio's Calls API that speaks `renderVoiceTwiml(page)`; `providerId` is the Call sid (`CA…`). */
export function createTwilioVoiceSender(options: TwilioSenderOptions): Sender {
  return twilioSender(options, 'voice', (page) => ({ Twiml: renderVoiceTwiml(page) }));
}
