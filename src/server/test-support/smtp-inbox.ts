import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress } from 'smtp-server';
import { TEST_TLS_CERT, TEST_TLS_KEY } from './test-tls';

/** One message as it arrived: the envelope, and the headers and parts parsed from the DATA. */
export type ReceivedMail = {
  /** MAIL FROM. */
  envelopeFrom: string;
  /** RCPT TO, every accepted recipient. */
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Who logged in (AUTH), or null. */
  user: string | null;
  /** Whether the session was encrypted (STARTTLS or TLS from the start). */
  secure: boolean;
};

/** How the next messages are answered: an SMTP reply refusing the recipient, or no answer at all to the data. */
export type InboxFailure = { code: number; message: string } | 'hang';

export type SmtpInboxOptions = {
  /** `none` (default, fastest): plain SMTP; `starttls`: offers STARTTLS with the self-signed test certificate; `tls`: TLS from the first byte. */
  security?: 'none' | 'starttls' | 'tls';
  /** When set, AUTH must give this user and password (535 otherwise); without it, login is optional and anyone is accepted. */
  login?: { user: string; password: string };
};

export type SmtpInbox = {
  port: number;
  messages: ReceivedMail[];
  /** The first message (already received or still to come) that `predicate` accepts; rejects after `timeoutMs` (default 5 s). */
  waitFor(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Answers the next `count` messages with `failure` instead of accepting them. */
  failNext(count: number, failure: InboxFailure): void;
  close(): Promise<void>;
};

type Waiter = { predicate: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void };

const addressText = (value: { text: string } | { text: string }[] | undefined) => (value === undefined ? '' : Array.isArray(value) ? value.map((one) => one.text).join(', ') : value.text);

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 and a free port that keeps every message it is
 * given, for tests, e2e and benchmarks. A message is in `messages` before the server answers
 * the DATA command, so once the sender's promise settles the test can read it.
 */
export async function startSmtpInbox(options: SmtpInboxOptions = {}): Promise<SmtpInbox> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();
  const failures: InboxFailure[] = [];
  const security = options.security ?? 'none';
  const login = options.login;

  const server = new SMTPServer({
    secure: security === 'tls',
    key: TEST_TLS_KEY,
    cert: TEST_TLS_CERT,
    disabledCommands: security === 'none' ? ['STARTTLS'] : [],
    authOptional: login === undefined,
    allowInsecureAuth: true,
    logger: false,
    // A hung session must not keep a test waiting for the default 30 s when the inbox closes.
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      if (login === undefined || (auth.username === login.user && auth.password === login.password)) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(_address: SMTPServerAddress, _session, callback) {
      const failure = failures[0];
      if (failure !== undefined && failure !== 'hang') {
        failures.shift();
        callback(Object.assign(new Error(failure.message), { responseCode: failure.code }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures[0] === 'hang') {
          failures.shift();
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
            const mail: ReceivedMail = {
              envelopeFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              from: addressText(parsed.from),
              to: addressText(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers,
              user: typeof session.user === 'string' ? session.user : null,
              secure: session.secure,
            };
            messages.push(mail);
            for (const waiter of waiters) {
              if (waiter.predicate(mail)) {
                waiters.delete(waiter);
                waiter.resolve(mail);
              }
            }
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  // A client that drops the connection mid-session is an ordinary event here, not a failure of the test.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    messages,
    waitFor(predicate = () => true, timeoutMs = 5_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching e-mail within ${timeoutMs} ms (${messages.length} received: ${messages.map((m) => m.subject).join(' | ')})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    failNext(count, failure) {
      for (let index = 0; index < count; index += 1) failures.push(failure);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
