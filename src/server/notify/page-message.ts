import { z } from 'zod';
import { CONTACT_CHANNELS } from '../../domain/escalation/model';
import type { ContactChannel } from '../../domain/escalation/model';

/**
 * What the escalation runner puts in the outbox for one notification, and all a sender needs:
 * senders render it, they never read the database.
 * - `kind: 'page'`: an incident (and `bundled`, the other incidents the storm limit folded into
 *   this one message) for `recipientName` at `to` (an e-mail address, E.164 number or URL);
 * - `kind: 'verification'`: `verificationCode` confirms the contact method; `incident` and
 *   `ackUrl` are not shown;
 * - `kind: 'test'`: the admin page's "send a test message";
 * - `kind: 'reminder'`: not a page: an overdue action item or a follow-up review date, told to
 *   its owner (`reminder` holds the subject, the lines and the link; `incident` is the one the
 *   post-mortem is about; there is nothing to acknowledge).
 * `ackCode` is what a person replies by SMS to acknowledge (null where replies are off).
 */
export type PagePayload = {
  pageId: string;
  channel: ContactChannel;
  to: string;
  incident: { id: string; title: string; severity: string; service: string; url: string };
  ackUrl: string;
  ackCode: string | null;
  bundled: { id: string; title: string }[];
  recipientName: string;
  kind: 'page' | 'verification' | 'test' | 'reminder';
  verificationCode?: string;
  reminder?: { subject: string; lines: string[]; url: string };
};

/** Reads an outbox row's payload; extra fields are ignored, so a newer writer does not break an older sender. */
export const pagePayloadSchema: z.ZodType<PagePayload> = z.object({
  pageId: z.string().min(1),
  channel: z.enum(CONTACT_CHANNELS),
  to: z.string().min(1),
  incident: z.object({ id: z.string(), title: z.string(), severity: z.string(), service: z.string(), url: z.string() }),
  ackUrl: z.string(),
  ackCode: z.string().nullable(),
  bundled: z.array(z.object({ id: z.string(), title: z.string() })),
  recipientName: z.string(),
  kind: z.enum(['page', 'verification', 'test', 'reminder']),
  verificationCode: z.string().optional(),
  reminder: z.object({ subject: z.string(), lines: z.array(z.string()), url: z.string() }).optional(),
});

/** The payload, or a sentence saying why it is not one (a permanent failure: retrying cannot fix it). */
export function readPagePayload(payload: unknown): { ok: true; page: PagePayload } | { ok: false; error: string } {
  const parsed = pagePayloadSchema.safeParse(payload);
  if (parsed.success) return { ok: true, page: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `not a page payload: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'unreadable'}` };
}

/** Headers and SMS are one line: a title with line breaks must not start a new header or message line. */
const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();

const moreIncidents = (page: PagePayload) => (page.bundled.length === 0 ? '' : ` +${page.bundled.length} more incident${page.bundled.length === 1 ? '' : 's'}`);

// GSM 03.38: the basic set costs one septet, the extension set two; anything else makes the
// whole message UCS-2 (70 characters a segment instead of 160).
const GSM_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/** How many SMS segments a text takes (GSM-7: 160, then 153 each; UCS-2: 70, then 67 each, counted in UTF-16 units). */
export function smsSegments(text: string): number {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENDED.has(char)) septets += 2;
    else gsm = false;
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}

/** At most this many segments: one or two texts, so a storm of pages cannot become a bill. */
export const SMS_MAX_SEGMENTS = 2;

/**
 * The SMS for a page, one line, at most two segments:
 * `FW P1 INC-2026-0042 Checkout API: pool exhausted. Ack: reply 4821 or https://…/ack/… +3 more incidents`.
 * The title is shortened (with "...") to fit; the incident id, the acknowledge code and link never are.
 */
export function renderSms(page: PagePayload): string {
  if (page.kind === 'verification') return `Firewatch verification code: ${page.verificationCode ?? ''}. Enter it on your Firewatch profile to use this number for paging.`;
  if (page.kind === 'test') return `Firewatch test message for ${oneLine(page.recipientName)}: SMS paging works.`;
  if (page.kind === 'reminder') return oneLine(`Firewatch: ${page.reminder?.subject ?? 'reminder'} ${page.reminder?.url ?? ''}`);
  const ackParts = [page.ackCode === null ? null : `reply ${page.ackCode}`, page.ackUrl === '' ? null : page.ackUrl].filter((part) => part !== null);
  const ack = ackParts.length === 0 ? '' : ` Ack: ${ackParts.join(' or ')}`;
  const head = `FW ${oneLine(page.incident.severity)} ${oneLine(page.incident.id)} ${oneLine(page.incident.service)}: `;
  const tail = `.${ack}${moreIncidents(page)}`;
  const title = oneLine(page.incident.title);
  const compose = (shown: string) => `${head}${shown}${tail}`;
  if (smsSegments(compose(title)) <= SMS_MAX_SEGMENTS) return compose(title);
  // Shorten by whole code points, so an emoji is never split into half a surrogate pair.
  const characters = [...title];
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (smsSegments(compose(`${characters.slice(0, middle).join('').trimEnd()}...`)) <= SMS_MAX_SEGMENTS) low = middle;
    else high = middle - 1;
  }
  return compose(`${characters.slice(0, low).join('').trimEnd()}...`);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text safe inside HTML elements and double- or single-quoted attributes. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);

/** A link only for http(s): the payload is ours, but an address that is not a web page must not become a `javascript:` href. */
const webLink = (url: string, label: string) => (/^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>` : escapeHtml(label));

export type RenderedEmail = { subject: string; text: string; html: string };

const htmlDocument = (body: string) =>
  `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#111">${body}</body></html>`;

/**
 * The e-mail for a page: subject `[Firewatch] P1 INC-2026-0042: pool exhausted (Checkout API)`, a
 * plain-text part and an HTML part with the acknowledge link first. Every value is escaped in
 * the HTML part.
 */
export function renderEmail(page: PagePayload): RenderedEmail {
  const name = oneLine(page.recipientName);
  if (page.kind === 'verification') {
    const code = page.verificationCode ?? '';
    return {
      subject: 'Firewatch verification code',
      text: `Hello ${name},\n\nyour Firewatch verification code is ${code}.\nEnter it on your profile to use this address for paging.\n`,
      html: htmlDocument(`<p>Hello ${escapeHtml(name)},</p><p>your Firewatch verification code is <strong>${escapeHtml(code)}</strong>.<br>Enter it on your profile to use this address for paging.</p>`),
    };
  }
  if (page.kind === 'reminder') {
    const reminder = page.reminder ?? { subject: 'Reminder', lines: [], url: '' };
    return {
      subject: oneLine(`[Firewatch] ${reminder.subject}`),
      text: `Hello ${name},\n\n${reminder.lines.join('\n')}\n\nOpen it: ${reminder.url}\n`,
      html: htmlDocument(`<p>Hello ${escapeHtml(name)},</p>${reminder.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}<p>${webLink(reminder.url, 'Open it in Firewatch')}</p>`),
    };
  }
  if (page.kind === 'test') {
    return {
      subject: 'Firewatch test message',
      text: `Hello ${name},\n\nthis is a test message from Firewatch: e-mail paging works.\n`,
      html: htmlDocument(`<p>Hello ${escapeHtml(name)},</p><p>this is a test message from Firewatch: e-mail paging works.</p>`),
    };
  }
  const { incident } = page;
  const subject = oneLine(`[Firewatch] ${incident.severity} ${incident.id}: ${incident.title} (${incident.service})${moreIncidents(page)}`);
  const bundledText = page.bundled.length === 0 ? '' : `\nAlso open for you (bundled into this message):\n${page.bundled.map((other) => `- ${other.id}: ${oneLine(other.title)}`).join('\n')}\n`;
  const ackText = page.ackUrl === '' ? '' : `Acknowledge: ${page.ackUrl}\n`;
  const text =
    `${name}, you are paged for ${incident.severity} incident ${incident.id} on ${oneLine(incident.service)}:\n\n` +
    `  ${oneLine(incident.title)}\n\n${ackText}Incident: ${incident.url}\n${bundledText}`;
  const bundledHtml =
    page.bundled.length === 0
      ? ''
      : `<p>Also open for you (bundled into this message):</p><ul>${page.bundled.map((other) => `<li>${escapeHtml(other.id)}: ${escapeHtml(oneLine(other.title))}</li>`).join('')}</ul>`;
  const ackHtml =
    page.ackUrl === ''
      ? ''
      : `<p>${/^https?:\/\//i.test(page.ackUrl) ? `<a href="${escapeHtml(page.ackUrl)}" style="display:inline-block;padding:10px 18px;background:#b91c1c;color:#fff;text-decoration:none;border-radius:6px;font-weight:600">Acknowledge</a>` : escapeHtml(page.ackUrl)}</p>`;
  const html = htmlDocument(
    `<p>${escapeHtml(name)}, you are paged for <strong>${escapeHtml(incident.severity)}</strong> incident <strong>${escapeHtml(incident.id)}</strong> on ${escapeHtml(oneLine(incident.service))}:</p>` +
      `<p style="font-size:18px;font-weight:600">${escapeHtml(oneLine(incident.title))}</p>${ackHtml}<p>${webLink(incident.url, 'Open the incident')}</p>${bundledHtml}`,
  );
  return { subject, text, html };
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Text safe in XML content and attributes; characters XML 1.0 cannot hold at all are dropped. */
// eslint-disable-next-line no-control-regex -- the point is to remove control characters
const escapeXml = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!);

/** Digits read one by one ("4, 8, 2, 1"), which text-to-speech otherwise reads as a number. */
const spelled = (code: string) => [...code].join(', ');

/** "P1" is read as "P one"; the words say what it means. */
const spokenSeverity = (severity: string) => (/^P[1-4]$/.test(severity) ? `priority ${severity.slice(1)}` : severity);

/**
 * The TwiML Twilio speaks when the call is answered, said twice (a person woken at 3 AM misses
 * the first words). Every value is XML-escaped.
 */
export function renderVoiceTwiml(page: PagePayload): string {
  let words: string;
  if (page.kind === 'verification') {
    words = `This is Firewatch. Your verification code is ${spelled(page.verificationCode ?? '')}.`;
  } else if (page.kind === 'reminder') {
    words = `This is a reminder from Firewatch for ${oneLine(page.recipientName)}. ${oneLine(page.reminder?.subject ?? '')}.`;
  } else if (page.kind === 'test') {
    words = `This is a test call from Firewatch for ${oneLine(page.recipientName)}. Voice paging works.`;
  } else {
    const more = page.bundled.length === 0 ? '' : ` And ${page.bundled.length} more incident${page.bundled.length === 1 ? '' : 's'}.`;
    const ack = page.ackCode === null ? ' Acknowledge it from the link in your text or e-mail.' : ` To acknowledge, reply ${spelled(page.ackCode)} to the text message, or use the link in it.`;
    words = `This is Firewatch paging ${oneLine(page.recipientName)}. ${spokenSeverity(oneLine(page.incident.severity))} incident on ${oneLine(page.incident.service)}: ${oneLine(page.incident.title)}.${more}${ack}`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Say loop="2">${escapeXml(words)}</Say></Response>`;
}

/**
 * The JSON a webhook receives (`version: 1`; fields are only ever added within a version):
 * `{ version, event, pageId, recipient: { name }, incident: { id, title, severity, service, url },
 * ackUrl, bundled: [{ id, title }] }` for a page; verification adds `verificationCode`. `pageId`
 * is the same on every retry of one notification, so a receiver can drop repeats.
 */
export function renderWebhookBody(page: PagePayload): string {
  const body: Record<string, unknown> = {
    version: 1,
    event: page.kind,
    pageId: page.pageId,
    recipient: { name: page.recipientName },
  };
  if (page.kind === 'page') {
    body['incident'] = { id: page.incident.id, title: page.incident.title, severity: page.incident.severity, service: page.incident.service, url: page.incident.url };
    body['ackUrl'] = page.ackUrl === '' ? null : page.ackUrl;
    body['bundled'] = page.bundled.map((other) => ({ id: other.id, title: other.title }));
  }
  if (page.kind === 'verification') body['verificationCode'] = page.verificationCode ?? '';
  if (page.kind === 'reminder' && page.reminder) body['reminder'] = { subject: page.reminder.subject, lines: page.reminder.lines, url: page.reminder.url, incidentId: page.incident.id };
  return JSON.stringify(body);
}
