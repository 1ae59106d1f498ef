import nodemailer from 'nodemailer';
import type { SmtpSettings } from './channel-config';
import { readPagePayload, renderEmail } from './page-message';
import { permanentFailure, retryableFailure, sent } from './senders';
import type { SendResult, Sender } from './senders';

/** A sender that also closes its pooled SMTP connections (on shutdown, after the outbox runner stopped). */
export type SmtpSender = Sender & { close(): void };

/** How long connecting, the greeting and each SMTP reply may take before the attempt fails (the runner stops it at 10 s anyway). */
const SMTP_WAIT_MS = 10_000;

type MailError = { code?: string; responseCode?: number; response?: string; message?: string };

/** One message as a mailer sends it; `headers` are added as given (List-Unsubscribe, X-Firewatch-Page). */
export type OutgoingMail = { to: string; subject: string; text: string; html?: string; headers?: Record<string, string> };

/** A pooled SMTP connection to the configured relay, classifying each outcome for the outbox. */
export type Mailer = { send(mail: OutgoingMail, signal: AbortSignal): Promise<SendResult>; close(): void };

/**
 * Sends through the configured relay (nodemailer, a small pool of reused connections). An SMTP
 * 5xx reply (unknown mailbox, refused, bad login) is permanent, except 503 (the session was out
 * of step, a new connection can succeed); a 4xx reply, a refused or dropped connection, a TLS
 * failure or no answer is retryable. `signal` aborts the send in flight and drops its connection.
 * `providerId` is the Message-ID. Outcomes never name the recipient (status subscribers'
 * addresses must not reach the outbox's error column or a log).
 */
export function createMailer(smtp: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: smtp.user === null ? undefined : { user: smtp.user, pass: smtp.password ?? '' },
    tls: { rejectUnauthorized: smtp.rejectUnauthorized },
    connectionTimeout: SMTP_WAIT_MS,
    greetingTimeout: SMTP_WAIT_MS,
    socketTimeout: SMTP_WAIT_MS,
    // nodemailer logs nothing by default; stated so that nobody turns on its logger, which prints the AUTH exchange.
    logger: false,
    debug: false,
  });
  const send = async (mail: OutgoingMail, signal: AbortSignal): Promise<SendResult> => {
    try {
      const info = await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, signal });
      if (info.accepted.length === 0) return permanentFailure('the SMTP server accepted no recipient');
      return sent(info.messageId);
    } catch (failure) {
      const error = failure as MailError;
      if (signal.aborted) return retryableFailure('the SMTP server did not finish before the send was stopped');
      const reply = error.response?.trim() || error.message || 'unknown error';
      if (typeof error.responseCode === 'number') {
        const text = `SMTP ${reply.startsWith(String(error.responseCode)) ? reply : `${error.responseCode} ${reply}`}`;
        return error.responseCode >= 500 && error.responseCode !== 503 ? permanentFailure(text) : retryableFailure(text);
      }
      // No recipient address nodemailer could use, or a message it could not build: the same again fails the same way.
      if (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') return permanentFailure(`e-mail not sent: ${reply}`);
      return retryableFailure(`SMTP server unreachable: ${error.code ? `${error.code} ` : ''}${reply}`);
    }
  };
  return { send, close: () => transport.close() };
}

/** Sends `renderEmail(page)` to `page.to` through a mailer of its own (createMailer's outcomes). */
export function createSmtpSender(smtp: SmtpSettings): SmtpSender {
  const mailer = createMailer(smtp);
  const send: Sender = async (payload, signal) => {
    const read = readPagePayload(payload);
    if (!read.ok) return permanentFailure(read.error);
    const { page } = read;
    const mail = renderEmail(page);
    return mailer.send({ to: page.to, subject: mail.subject, text: mail.text, html: mail.html, headers: { 'X-Firewatch-Page': page.pageId } }, signal);
  };
  return Object.assign(send, { close: () => mailer.close() });
}
