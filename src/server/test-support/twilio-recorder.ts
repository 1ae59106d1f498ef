import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../services/clock';
import type { Clock } from '../services/clock';

/** Credentials the recorder accepts unless told otherwise; shaped like Twilio's (AC + 32 hex). */
export const TEST_TWILIO_ACCOUNT_SID = 'AC00000000000000000000000000000001';
export const TEST_TWILIO_AUTH_TOKEN = 'test-twilio-auth-token-0000000001';

export type RecordedTwilioRequest = {
  method: string;
  /** Path without the query, e.g. `/2010-04-01/Accounts/AC…/Messages.json`. */
  path: string;
  /** The form parameters (a repeated name keeps its last value). */
  params: Record<string, string>;
  /** `Messages`, `Calls`, or null for any other path. */
  resource: 'Messages' | 'Calls' | null;
  /** Whether basic auth matched the account. */
  authorized: boolean;
  /** What the recorder answered (0 when it was told to hang). */
  status: number;
  /** The sid it gave (`SM…`, `CA…`) when it accepted the request. */
  sid: string | null;
  /** When the request arrived, on the recorder's clock. */
  at: number;
};

/** How the next requests are answered: a 500, a Twilio 4xx error, or never. */
export type TwilioFailure = 'server-error' | 'hang' | { status?: number; code: number; message: string };

export type TwilioRecorderOptions = {
  accountSid?: string;
  authToken?: string;
  /** Stamps `at` on each request; the system clock unless a test wants its own. */
  clock?: Clock;
};

export type TwilioRecorder = {
  /** Where to point FIREWATCH_TWILIO_BASE_URL: `http://127.0.0.1:<port>`. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  requests: RecordedTwilioRequest[];
  /** Accepted Messages requests. */
  messages(): RecordedTwilioRequest[];
  /** Accepted Calls requests. */
  calls(): RecordedTwilioRequest[];
  /** Answers the next `count` requests with `failure` instead of accepting them. */
  failNext(count: number, failure: TwilioFailure): void;
  /** The first request (already recorded or still to come) that `predicate` accepts; rejects after `timeoutMs` (default 5 s). */
  waitFor(predicate?: (request: RecordedTwilioRequest) => boolean, timeoutMs?: number): Promise<RecordedTwilioRequest>;
  close(): Promise<void>;
};

const RESOURCE_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/;

const sidOf = (prefix: 'SM' | 'CA') => `${prefix}${randomBytes(16).toString('hex')}`;

function twilioError(response: http.ServerResponse, status: number, code: number, message: string): number {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
  return status;
}

/**
 * A local HTTP server that answers like Twilio's REST API for creating Messages and Calls, and
 * records every request. Accepted: 201 with the resource as Twilio returns it (`sid`, `status:
 * 'queued'`, to, from, …). Wrong or missing basic auth: 401 in Twilio's error shape (code 20003).
 * `failNext` makes it answer 500, a Twilio 4xx (default 400) or nothing at all.
 */
export async function startTwilioRecorder(options: TwilioRecorderOptions = {}): Promise<TwilioRecorder> {
  const accountSid = options.accountSid ?? TEST_TWILIO_ACCOUNT_SID;
  const authToken = options.authToken ?? TEST_TWILIO_AUTH_TOKEN;
  const clock = options.clock ?? systemClock;
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const requests: RecordedTwilioRequest[] = [];
  const failures: TwilioFailure[] = [];
  const waiters = new Set<{ predicate: (request: RecordedTwilioRequest) => boolean; resolve: (request: RecordedTwilioRequest) => void }>();

  const record = (request: RecordedTwilioRequest) => {
    requests.push(request);
    for (const waiter of waiters) {
      if (waiter.predicate(request)) {
        waiters.delete(waiter);
        waiter.resolve(request);
      }
    }
  };

  const server = http.createServer((req, res) => {
    const at = clock.now();
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://twilio.test');
      const params = Object.fromEntries(new URLSearchParams(body));
      const match = RESOURCE_PATH.exec(url.pathname);
      const resource = match ? (match[2] as 'Messages' | 'Calls') : null;
      const authorized = req.headers.authorization === expectedAuth && match?.[1] === accountSid;
      const entry: RecordedTwilioRequest = { method: req.method ?? '', path: url.pathname, params, resource, authorized, status: 0, sid: null, at };
      const failure = failures.shift();
      if (failure === 'hang') {
        record(entry);
        return;
      }
      if (failure === 'server-error') {
        entry.status = twilioError(res, 500, 20500, 'An internal server error has occurred');
      } else if (failure !== undefined) {
        entry.status = twilioError(res, failure.status ?? 400, failure.code, failure.message);
      } else if (req.method !== 'POST' || resource === null) {
        entry.status = twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
      } else if (!authorized) {
        entry.status = twilioError(res, 401, 20003, 'Authenticate');
      } else if (!params['To'] || !params['From'] || (resource === 'Messages' ? !params['Body'] : !params['Twiml'] && !params['Url'])) {
        entry.status = twilioError(res, 400, 21604, resource === 'Messages' ? "A 'To', 'From' and 'Body' parameter is required." : "A 'To', 'From' and 'Url' or 'Twiml' parameter is required.");
      } else {
        const sid = sidOf(resource === 'Messages' ? 'SM' : 'CA');
        entry.sid = sid;
        entry.status = 201;
        const shared = { sid, account_sid: accountSid, to: params['To'], from: params['From'], status: 'queued', api_version: '2010-04-01', uri: `/2010-04-01/Accounts/${accountSid}/${resource}/${sid}.json` };
        const resourceBody = resource === 'Messages' ? { ...shared, body: params['Body'], num_segments: '1', direction: 'outbound-api', error_code: null, error_message: null } : { ...shared, direction: 'outbound-api' };
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(resourceBody));
      }
      record(entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    messages: () => requests.filter((request) => request.resource === 'Messages' && request.status === 201),
    calls: () => requests.filter((request) => request.resource === 'Calls' && request.status === 201),
    failNext(count, failure) {
      for (let index = 0; index < count; index += 1) failures.push(failure);
    },
    waitFor(predicate = () => true, timeoutMs = 5_000) {
      const found = requests.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (request: RecordedTwilioRequest) => {
            clearTimeout(timer);
            resolve(request);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching Twilio request within ${timeoutMs} ms (${requests.length} recorded)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close() {
      // Hung requests hold their sockets open; a closing recorder drops them.
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
