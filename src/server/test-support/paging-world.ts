import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../domain/access/roles';
import type { EpochMs } from '../../domain/time/instant';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import { buildApp } from '../app';
import type { DatabaseHandle, Dialect } from '../db/database';
import type { EffectOutcome } from '../engine/outbox-runner';
import { readChannelConfig } from '../notify/channel-config';
import { twilioSignature } from '../notify/twilio-signature';
import { accessRepository } from '../repositories/access-repository';
import { teamsRepository } from '../repositories/teams-repository';
import { usersRepository } from '../repositories/users-repository';
import { emailKey, hashSecret, newSecret } from '../services/access-service';
import type { SmtpInbox } from './smtp-inbox';
import { startSmtpInbox } from './smtp-inbox';
import { alertmanagerPayload, openTestDatabase } from './test-app';
import type { TestClock } from './test-clock';
import { createTestClock } from './test-clock';
import type { TwilioRecorder } from './twilio-recorder';
import { startTwilioRecorder } from './twilio-recorder';

/** Where the world's Firewatch says it is reached: acknowledge links and Twilio's signatures start with it. */
export const PUBLIC_URL = 'https://firewatch.example.com';
export const TWILIO_FROM = '+15005550006';

/** Less than the outbox's 10 s send deadline (see `advance`). */
const ADVANCE_STEP_MS = 5_000;

export type WorldPerson = { id: string; name: string; cookie: string; phone: string; email: string; contacts: { sms: string; voice: string; email: string } };

export type TimelineEvent = { kind: string; at: string; actor: { name: string } | null; data: Record<string, unknown> };

/** A notification rule of a world person: the channel to use `delay` minutes after being paged. */
export type WorldRule = { channel: 'sms' | 'voice' | 'email'; delay: number; urgency?: 'high' | 'low' };

export type PersonOptions = {
  name: string;
  role?: Role;
  /** Defaults to SMS at once. */
  rules?: WorldRule[];
  zone?: string;
  quietHours?: { start: string; end: string } | null;
  /** Contact methods left unverified (by channel). */
  unverified?: Array<'sms' | 'voice' | 'email'>;
};

export type Level = { after: number; targets: Array<{ type: 'user'; userId: string } | { type: 'schedule'; scheduleId: string; role: 'primary' | 'backup' }> };

export type PagingWorld = {
  app: FastifyInstance;
  handle: DatabaseHandle;
  clock: TestClock;
  recorder: TwilioRecorder;
  inbox: SmtpInbox;
  teamId: string;
  admin: { id: string; cookie: string };
  /** Each outcome of an outbox send, as the runner reported it. */
  outcomes: EffectOutcome[];
  /** `app.inject` as the admin unless `headers.cookie` says otherwise ('' for nobody). */
  api(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** A person with an SMS number, a voice number and an e-mail address (verified unless told), their rules, zone and quiet hours. */
  person(options: PersonOptions): Promise<WorldPerson>;
  /** A service of the admin's team with this policy (levels: minutes until the next, and targets); returns its id and integration key. */
  service(name: string, levels: Level[] | null, options?: { repeat?: number }): Promise<{ id: string; key: string }>;
  /** A firing (or, with `status`, resolved) Alertmanager group, critical → P1 unless told, for the service; returns the incident id. */
  alert(key: string, options?: { group?: string; severity?: string; title?: string; status?: 'firing' | 'resolved' }): Promise<string>;
  /** Waits until every send in flight has an outcome recorded and every commit has been followed up (real I/O, no clock movement). */
  settle(): Promise<void>;
  /** Moves the fake clock forward in steps of at most 5 s, finishing the sends in flight at each, then settles. */
  advance(ms: number): Promise<void>;
  timeline(incidentId: string): Promise<TimelineEvent[]>;
  /** Accepted SMS / calls to a number, in arrival order. */
  smsTo(number: string): ReturnType<TwilioRecorder['messages']>;
  callsTo(number: string): ReturnType<TwilioRecorder['calls']>;
  /** The instant `ms` after the world started, as the timeline writes it. */
  iso(ms: number): string;
  /** A form post from "Twilio": signed with the account's auth token over the public URL and path, unless `signature` is given. */
  twilio(path: string, form: Record<string, string>, signature?: string): Promise<LightMyRequestResponse>;
  /** Stops this app (as a process exit would), runs `whileDown`, and starts a new one on the same database and clock. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
};

export type WorldOptions = {
  start?: string;
  /** Which channels are configured (default: e-mail and Twilio). */
  channels?: { email?: boolean; twilio?: boolean };
};

/**
 * Firewatch as a paged team meets it, for the paging tests: a fake clock, a real SMTP inbox and a
 * recording Twilio stand-in wired in through `channelConfig` (from the same variables an operator
 * sets), people with contact methods and rules set through `PATCH /api/v1/me`, services with a
 * policy set through the policy API, and alerts through the Alertmanager webhook.
 */
export async function createPagingWorld(engine: Dialect, options: WorldOptions = {}): Promise<PagingWorld> {
  const clock = createTestClock(options.start ?? '2026-03-21T02:30:00.000Z');
  const started = clock.now();
  const recorder = await startTwilioRecorder({ clock });
  const inbox = await startSmtpInbox();
  const wantEmail = options.channels?.email ?? true;
  const wantTwilio = options.channels?.twilio ?? true;
  const channelConfig = readChannelConfig({
    FIREWATCH_PUBLIC_URL: PUBLIC_URL,
    ...(wantEmail ? { FIREWATCH_SMTP_HOST: '127.0.0.1', FIREWATCH_SMTP_PORT: String(inbox.port), FIREWATCH_SMTP_SECURITY: 'none', FIREWATCH_SMTP_FROM: 'Firewatch <pager@example.com>' } : {}),
    ...(wantTwilio
      ? { FIREWATCH_TWILIO_ACCOUNT_SID: recorder.accountSid, FIREWATCH_TWILIO_AUTH_TOKEN: recorder.authToken, FIREWATCH_TWILIO_FROM: TWILIO_FROM, FIREWATCH_TWILIO_BASE_URL: recorder.baseUrl }
      : {}),
  });
  const database = await openTestDatabase(engine);
  const outcomes: EffectOutcome[] = [];
  const build = async (handle: DatabaseHandle) => {
    const app = await buildApp({ handle, clock, channelConfig, writes: { waitBudgetMs: 10 * 60_000 }, onEffectOutcome: (outcome) => outcomes.push(outcome) });
    await app.ready();
    return app;
  };
  let handle = database.handle;
  let app = await build(handle);
  let closed = false;

  let counter = 0;
  const insertPerson = async (role: Role, name: string, zone = 'Europe/Berlin') => {
    counter += 1;
    const id = `user-${counter}-${name.toLowerCase().replace(/[^a-z]+/g, '-')}`;
    const at = clock.now();
    const email = `${id}@example.com`;
    await usersRepository.insert(handle.db, { id, name, email, email_key: emailKey(email), time_zone: zone, quiet_start: null, quiet_end: null, role, password_hash: null, created_at: at, updated_at: at, p1_breaks_quiet: 0 });
    const token = newSecret();
    await accessRepository.insertSession(handle.db, { id_hash: hashSecret(token), user_id: id, created_at: at, last_seen_at: at, expires_at: at + 400 * 24 * 3_600_000, revoked_at: null, ip: null });
    return { id, name, cookie: `fw_session=${token}`, email };
  };
  const teamId = 'team-operations';
  await teamsRepository.insert(handle.db, { id: teamId, name: 'Operations', name_key: 'operations', created_at: clock.now() });
  const admin = await insertPerson('admin', 'Ada Admin');
  await handle.db.insertInto('team_members').values({ team_id: teamId, user_id: admin.id, manager: 1 }).execute();

  const api = (request: InjectOptions) => {
    const headers = { ...(request.headers ?? {}) } as Record<string, string>;
    if (headers['cookie'] === undefined) headers['cookie'] = admin.cookie;
    if (headers['cookie'] === '') delete headers['cookie'];
    return app.inject({ ...request, headers });
  };
  const ok = (response: LightMyRequestResponse, what: string, status = 200) => {
    if (response.statusCode !== status) throw new Error(`${what} failed: ${response.statusCode} ${response.body}`);
    return response;
  };

  let phoneCounter = 100;
  const world: PagingWorld = {
    get app() {
      return app;
    },
    get handle() {
      return handle;
    },
    clock,
    recorder,
    inbox,
    teamId,
    admin,
    outcomes,
    api,

    async person(person) {
      const base = await insertPerson(person.role ?? 'responder', person.name);
      await handle.db.insertInto('team_members').values({ team_id: teamId, user_id: base.id, manager: 0 }).execute();
      phoneCounter += 1;
      const phone = `+1415555${String(phoneCounter).padStart(4, '0')}`;
      const kinds = ['sms', 'voice', 'email'] as const;
      const addresses = { sms: phone, voice: phone, email: base.email };
      const rules = person.rules ?? [{ channel: 'sms', delay: 0 }];
      const profile = ok(
        await api({
          method: 'PATCH',
          url: '/api/v1/me',
          headers: { cookie: base.cookie },
          payload: {
            ...(person.zone ? { timeZone: person.zone } : {}),
            ...(person.quietHours !== undefined ? { quietHours: person.quietHours } : {}),
            contactMethods: kinds.map((kind) => ({ kind, address: addresses[kind] })),
            notificationRules: rules.map((rule) => ({ urgency: rule.urgency ?? 'high', contactIndex: kinds.indexOf(rule.channel), delayMinutes: rule.delay })),
          },
        }),
        `setting up ${person.name}`,
      ).json<{ contactMethods: Array<{ id: string; kind: 'sms' | 'voice' | 'email' }> }>();
      const contacts = Object.fromEntries(profile.contactMethods.map((m) => [m.kind, m.id])) as WorldPerson['contacts'];
      const verified = kinds.filter((kind) => !(person.unverified ?? []).includes(kind)).map((kind) => contacts[kind]);
      // Verification itself is tested in contact-verification.test.ts; here people arrive verified.
      if (verified.length > 0) await handle.db.updateTable('contact_methods').set({ verified: 1 }).where('id', 'in', verified).execute();
      return { ...base, phone, contacts };
    },

    async service(name, levels, serviceOptions = {}) {
      const created = ok(await api({ method: 'POST', url: '/api/v1/services', payload: { name } }), `creating ${name}`, 201).json<{ id: string; integrationKey: string }>();
      if (levels) {
        const payload = { version: null, repeat: serviceOptions.repeat ?? 0, levels: levels.map((level) => ({ escalateAfterMinutes: level.after, targets: level.targets })) };
        ok(await api({ method: 'PUT', url: `/api/v1/services/${created.id}/escalation-policy`, payload }), `the policy of ${name}`);
      }
      return { id: created.id, key: created.integrationKey };
    },

    async alert(key, alertOptions = {}) {
      const group = alertOptions.group ?? 'checkout';
      const payload = alertmanagerPayload({
        status: alertOptions.status ?? 'firing',
        groupKey: `{}:{alertname="${group}"}`,
        commonLabels: { alertname: group, severity: alertOptions.severity ?? 'critical' },
        commonAnnotations: { summary: alertOptions.title ?? `${group}: pool exhausted` },
        alerts: [{ labels: { alertname: group, instance: 'db-1', severity: alertOptions.severity ?? 'critical' } }],
      });
      const response = ok(await api({ method: 'POST', url: `/api/v1/integrations/${key}/alertmanager`, payload, headers: { cookie: '' } }), 'the alert');
      return response.json<{ incidentId: string }>().incidentId;
    },

    async settle() {
      // Sends are real HTTP and SMTP exchanges: wait (in real time, never on the fake clock) until
      // no outbox row is being sent and nothing moved between two looks.
      let previous = '';
      for (let round = 0; round < 400; round += 1) {
        await app.writeQueue.drain();
        await app.escalation.wake();
        await app.outbox.wake();
        await app.writeQueue.drain();
        const rows = await handle.db.selectFrom('outbox').select(['state', 'attempts']).execute();
        const events = await handle.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        const sending = rows.filter((row) => row.state === 'sending').length;
        const now = `${rows.map((row) => `${row.state}${row.attempts}`).sort().join()}|${Number(events.n)}|${recorder.requests.length}|${inbox.messages.length}|${outcomes.length}`;
        if (sending === 0 && now === previous) return;
        previous = sending === 0 ? now : '';
        await new Promise((resolve) => setTimeout(resolve, sending === 0 ? 15 : 5));
      }
      throw new Error('paging did not settle within 400 looks');
    },

    async advance(ms) {
      // Sends are real I/O that the fake clock does not wait for: moved in one go, it would reach a
      // send's 10 s deadline before the answer arrived. In steps shorter than the deadline, with
      // the sends in flight finished at each step, every send gets its answer at the instant it began.
      const until = clock.now() + ms;
      while (clock.now() < until) {
        await clock.advanceTo(epochMs(Math.min(until, clock.now() + ADVANCE_STEP_MS)));
        await app.writeQueue.drain();
        const sending = await handle.db.selectFrom('outbox').select('id').where('state', '=', 'sending').executeTakeFirst();
        if (sending) await world.settle();
      }
      await world.settle();
    },

    async timeline(incidentId) {
      const items: TimelineEvent[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/incidents/${incidentId}/timeline?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = ok(await api({ method: 'GET', url }), 'the timeline').json<{ items: TimelineEvent[]; nextCursor?: string | null }>();
        items.push(...page.items);
        cursor = page.nextCursor ?? null;
      } while (cursor);
      return items;
    },

    smsTo: (number) => recorder.messages().filter((request) => request.params['To'] === number),
    callsTo: (number) => recorder.calls().filter((request) => request.params['To'] === number),
    iso: (ms) => toIsoUtc(epochMs(started + ms) as EpochMs),

    twilio(path, form, signature) {
      const header = signature ?? twilioSignature(recorder.authToken, `${PUBLIC_URL}${path}`, form);
      return app.inject({ method: 'POST', url: path, payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': header } });
    },

    async restart(whileDown) {
      await app.close();
      await whileDown?.();
      handle = await database.reopen();
      app = await build(handle);
    },

    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await recorder.close();
      await inbox.close();
      await database.cleanup();
    },
  };
  return world;
}

/** The events of one kind, in order. */
export function eventsOf(events: readonly TimelineEvent[], kind: string): TimelineEvent[] {
  return events.filter((event) => event.kind === kind);
}
