import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyServerOptions } from 'fastify';
import type { DatabaseHandle } from './db/database';
import { WriteOverloadedError, WriteQueue } from './db/write-queue';
import type { WriteQueueOptions } from './db/write-queue';
import type { EffectOutcome } from './engine/outbox-runner';
import { OutboxRunner } from './engine/outbox-runner';
import { EscalationRunner } from './engine/escalation-runner';
import { loadPagingDirectory } from './services/paging-directory';
import { ensureAckSecret } from './engine/ack-secret';
import { pageSenders } from './engine/page-sender';
import { registerPagingRoutes } from './http/paging-routes';
import type { ChannelConfig } from './notify/channel-config';
import { channelStates, readChannelConfig } from './notify/channel-config';
import { channelSenders } from './notify/channel-senders';
import { createChannelService } from './services/channel-service';
import { createPagingService } from './services/paging-service';
import { lintPolicy } from '../domain/escalation/lint';
import type { ContactChannel } from '../domain/escalation/model';
import { DEFAULT_LIVE_HUB_OPTIONS, LiveHub } from './events/live-hub';
import type { LiveHubOptions } from './events/live-hub';
import { registerIncidentRoutes } from './http/incident-routes';
import { INGEST_BODY_LIMIT, registerIngestRoutes } from './http/ingest-routes';
import { MAX_JSON_DEPTH, findTooDeep } from './http/json-depth';
import { registerLiveRoutes } from './http/live-routes';
import { registerCompression } from './http/compression';
import { registerStaticRoutes } from './http/static-routes';
import { buildOpenApiDocument } from './http/openapi';
import { KeyRateLimiter } from './http/rate-limiter';
import { registerServiceRoutes } from './http/service-routes';
import { registerSetupRoutes } from './http/setup-routes';
import type { Clock, SteppableClock } from './services/clock';
import { parseOrThrow } from './http/validation';
import { z } from 'zod';
import { toIsoUtc } from '../domain/time/instant';
import { monotonicNow, systemClock } from './services/clock';
import { registerAccessControl, securityHeaders } from './http/access-control';
import { registerPeopleRoutes } from './http/people-routes';
import { registerScheduleRoutes } from './http/schedule-routes';
import { registerEscalationRoutes } from './http/escalation-routes';
import { registerRunbookRoutes } from './http/runbook-routes';
import { createRunbookRunService } from './services/runbook-run-service';
import { createRunbookService } from './services/runbook-service';
import { registerPostmortemRoutes } from './http/postmortem-routes';
import { createActionItemService } from './services/action-item-service';
import { createPostmortemService } from './services/postmortem-service';
import { createReminderRunner } from './services/postmortem-reminders';
import { createEscalationPolicyService } from './services/escalation-policy-service';
import { createMaintenanceService } from './services/maintenance-service';
import { createScheduleService } from './services/schedule-service';
import type { AccessService } from './services/access-service';
import { createAccessService } from './services/access-service';
import type { DemoService } from './services/demo-service';
import { createDemoService } from './services/demo-service';
import { createPeopleService } from './services/people-service';
import { createIncidentService } from './services/incident-service';
import { createIngestService } from './services/ingest-service';
import { redactUrl } from './logging';
import type { SenderRegistry } from './notify/senders';
import { Problem } from './services/problem';
import { createServiceCatalog } from './services/service-catalog';
import { registerMetricsRoutes } from './http/metrics-routes';
import { createMetricsService } from './services/metrics-service';
import { registerChatMirrorRoutes } from './http/chat-mirror-routes';
import { registerStatusSubscribeRoutes } from './http/status-subscribe-routes';
import { createMailer } from './notify/smtp-sender';
import { createChatMirrorService } from './services/chat-mirror-service';
import { createEventEffects } from './services/event-effects';
import { createStatusSubscriberService } from './services/status-subscriber-service';
import { registerStatusAdminRoutes } from './http/status-admin-routes';
import { createStatusPageService } from './services/status-page-service';
import { createPublicCadenceNudger } from './services/public-cadence-nudges';
import { registerStatusPublicRoutes, statusHostRewrite } from './http/status-public-routes';
import type { StatusPublicService } from './services/status-public-service';
import { createStatusPublicService } from './services/status-public-service';

export type AppDeps = {
  handle: DatabaseHandle;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Built SPA to serve; the API works without it. */
  staticDir?: string | undefined;
  ingestQueueLimit?: number;
  ingestRatePerKey?: number;
  live?: Partial<LiveHubOptions>;
  /** The write queue's wait budget (FIREWATCH_ADMISSION_WAIT_MS) and, in tests, its clock and hold-back hook. */
  writes?: Partial<WriteQueueOptions>;
  /** FIREWATCH_DEMO=1: demo accounts have a shared password, shown on the sign-in screen. */
  demoMode?: boolean;
  /** Brotli/gzip for the built files (pre-compressed) and JSON answers of 1 KB and more; default on. */
  compression?: boolean;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* (client address, https for Secure cookies). */
  trustProxy?: boolean;
  /** FIREWATCH_ALLOW_PRIVATE_WEBHOOKS=1: webhooks may point at loopback, private and link-local hosts. */
  allowPrivateWebhooks?: boolean;
  /** E-mail, SMS, voice and webhook settings (notify/channel-config.ts); none configured when absent: in-app pages only. */
  channelConfig?: ChannelConfig;
  /** Extra senders of outbox effects by kind, over the channels' own (tests register their own kinds). */
  senders?: SenderRegistry;
  /** FIREWATCH_TEST_CLOCK=1 (end-to-end tests): `POST /api/v1/test/clock {advanceMs}` moves this clock forward. */
  testClock?: SteppableClock;
  /** Told each outcome of an outbox send once it is recorded. */
  onEffectOutcome?: (outcome: EffectOutcome) => void;
  /** The public status page's name, zone of its days and optional own host name (config.ts). */
  statusPage?: { name?: string; zone?: string; host?: string | undefined };
};

/**
 * JSON.parse, except that NUL characters are removed from strings: PostgreSQL text cannot hold
 * them, and an alert must not be lost over one. The reviver runs only when a NUL is present.
 * Bodies nested deeper than MAX_JSON_DEPTH are refused (400 naming the field) before parsing.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) return undefined;
  const tooDeep = findTooDeep(text);
  if (tooDeep !== undefined) {
    const problem = `is nested more than ${MAX_JSON_DEPTH} levels deep (objects and arrays, counting the body itself)`;
    throw new Problem(400, 'too_deeply_nested', `${tooDeep} ${problem}`, [{ field: tooDeep, problem }]);
  }
  if (!text.includes('\\u0000')) return JSON.parse(text);
  return JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? value.replaceAll('\u0000', '') : value));
}

/**
 * Builds the whole application around an open database: services, the group-commit writer, the
 * live hub, the outbox runner and every route, registered explicitly in order. Tests call this and `inject`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock;
  const hub = new LiveHub({ ...DEFAULT_LIVE_HUB_OPTIONS, ...deps.live });
  // After every commit: the live stream, then paging (a unit may have added, removed or taken timers and effects).
  const writes = new WriteQueue(
    deps.handle,
    (events) => {
      hub.publish(events);
      statusPublic.noteCommitted(events);
      void escalation.wake();
      void outbox.wake();
    },
    // Chat mirrors and status subscribers are decided from the events each unit appends (event-effects.ts).
    { now: monotonicNow, effects: (ctx, appended) => eventEffects(ctx, appended), ...deps.writes },
  );
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: INGEST_BODY_LIMIT,
    forceCloseConnections: 'idle',
    // Our own onRequest hook answers 503 while closing, with Retry-After (Fastify's has none).
    return503OnClosing: false,
    trustProxy: deps.trustProxy ?? false,
    ...(statusHostRewrite(deps.statusPage?.host) ? { rewriteUrl: statusHostRewrite(deps.statusPage?.host)! } : {}),
  });
  // Every route, as registered: the OpenAPI coverage test (and later the permission matrix) reads it.
  const routeTable: Array<{ method: string; url: string; permission: string | undefined }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, permission: (route.config as { permission?: string } | undefined)?.permission });
    }
  });
  let closing = false;
  let metricsReady: Promise<void> = Promise.resolve();
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close').header('retry-after', '5');
    return reply.code(503).send({ error: { code: 'shutting_down', message: 'Firewatch is restarting; retry shortly' } });
  });
  // Only JSON is accepted: anything else (text/plain, forms) is a 415, which also keeps
  // cross-site HTML forms from reaching a mutating route.
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/json');
  // Twilio posts its webhooks as forms; the access gate lets forms reach only routes marked for it.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    if ((request.routeOptions.config as { acceptsForm?: boolean } | undefined)?.acceptsForm !== true) {
      done(new Problem(415, 'unsupported_media_type', 'Content-Type must be application/json (got application/x-www-form-urlencoded)'), undefined);
      return;
    }
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      const problem = error instanceof Problem ? error : new Problem(400, 'invalid_json', `Body is not valid JSON: ${(error as Error).message}`);
      done(problem, undefined);
    }
  });

  const channelConfig = deps.channelConfig ?? readChannelConfig({});
  const channelConfigured = (channel: ContactChannel) => channelConfig.configured(channel);
  const channels = channelSenders(channelConfig, clock, deps.allowPrivateWebhooks ?? false);
  // Without FIREWATCH_PUBLIC_URL links point at this machine; the channels page says so.
  const publicUrl = channelConfig.publicUrl ?? 'http://localhost:8080';
  // Overdue action items and follow-up review dates, told to their owners (e-mail or webhook, never a page).
  const reminders = createReminderRunner({
    handle: deps.handle,
    writes,
    clock,
    channels: () => channels.senders,
    publicUrl,
    onError: (error) => app.log.error({ err: error }, 'checking post-mortem reminders failed'),
  });
  const statusHttp = { allowPrivate: deps.allowPrivateWebhooks ?? false };
  const chatMirrors = createChatMirrorService({ handle: deps.handle, writes, clock, publicUrl, http: statusHttp, allowPrivate: statusHttp.allowPrivate });
  const statusMailer = channelConfig.smtp ? createMailer(channelConfig.smtp) : undefined;
  const statusSubscribers = createStatusSubscriberService({
    handle: deps.handle,
    writes,
    clock,
    publicUrl,
    secret: () => readAckSecret(),
    mailer: statusMailer,
    http: statusHttp,
    allowPrivate: statusHttp.allowPrivate,
    wake: () => void outbox.wake(),
  });
  const eventEffects = createEventEffects([chatMirrors, statusSubscribers]);
  const outbox = new OutboxRunner({
    handle: deps.handle,
    writes,
    clock,
    senders: new Map([...pageSenders({ db: () => deps.handle.db, writes, publicUrl, ackSecret: () => readAckSecret(), channels: channels.senders }), ...reminders.senders(), ...chatMirrors.senders(), ...statusSubscribers.senders(), ...(deps.senders ?? new Map())]),
    onOutcome: (outcome) => {
      void paging.recordOutcome(outcome).catch((error: unknown) => app.log.error({ err: error }, 'recording a send outcome failed'));
      void reminders.recordOutcome(outcome).catch((error: unknown) => app.log.error({ err: error }, 'recording a reminder outcome failed'));
      void chatMirrors.recordOutcome(outcome).catch((error: unknown) => app.log.error({ err: error }, 'recording a chat outcome failed'));
      deps.onEffectOutcome?.(outcome);
    },
    onError: (error) => app.log.error({ err: error }, 'outbox runner failed; retrying'),
  });
  let ackSecret: string | undefined;
  const readAckSecret = () => {
    if (ackSecret === undefined) throw new Error('paging is not ready: the acknowledge-link key is not loaded');
    return ackSecret;
  };
  const escalation = new EscalationRunner({
    handle: deps.handle,
    writes,
    clock,
    loadDirectory: (db, now) => loadPagingDirectory(db, { now, channelConfigured }),
    ackSecret: readAckSecret,
    onError: (error) => app.log.error({ err: error }, 'escalation runner failed; retrying'),
  });
  // After the routes and plugins are ready (listen calls ready): steps and effects due while the server was down go first.
  app.addHook('onReady', async () => {
    ackSecret = await ensureAckSecret(deps.handle.db);
    escalation.start();
    outbox.start();
    // Time boxes that were counting down while the server was down post their overrun now.
    await runbookRuns.start();
    // Reminders that fell due while the server was down go out now, once each.
    await reminders.start();
  });

  const services = { handle: deps.handle, writes, clock };
  const paged = { ...services, paging: escalation };
  const paging = createPagingService({ ...paged, ackSecret: readAckSecret });
  const channelService = createChannelService({ ...services, states: () => channelStates(channelConfig), channels: channels.senders, publicUrl });
  const catalog = createServiceCatalog(services);
  const incidents = createIncidentService(paged);
  const ingest = createIngestService({ ...paged, queueLimit: deps.ingestQueueLimit ?? 20_000 });
  const demoData = createDemoService({ ...services, publicUrl });
  // The demo's action items and follow-up date are reminders to wait for.
  const demo: DemoService = {
    ...demoData,
    load: async (options) => {
      await demoData.load(options);
      await reminders.wake();
    },
  };
  const runbookRuns = createRunbookRunService({
    ...paged,
    escalateNow: (ctx, incident, at, by) => escalation.escalateNow(ctx, incident, at, by),
    onError: (error) => app.log.error({ err: error }, 'checking runbook time boxes failed'),
  });
  const access = createAccessService({ ...services, onAccessRevoked: (revoked) => hub.closeStreams(revoked) });
  const people = createPeopleService({ ...services, access });
  const demoMode = deps.demoMode ?? false;
  const statusPublic = createStatusPublicService({
    handle: deps.handle,
    clock,
    settings: { name: deps.statusPage?.name ?? 'Firewatch', zone: deps.statusPage?.zone ?? 'UTC', url: publicUrl },
  });
  const limiter = new KeyRateLimiter(deps.ingestRatePerKey ?? 0, () => clock.now());

  // Cookies are parsed before the access gate reads the session from them.
  await app.register(fastifyCookie);
  registerAccessControl(app, access);
  const compression = deps.compression ?? true;
  if (compression) await registerCompression(app);

  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (error instanceof Problem) {
      if (error.headers) reply.headers(error.headers);
      return reply.code(error.status).send({ error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) }, ...error.details });
    }
    if (error instanceof WriteOverloadedError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(429).send({ error: { code: 'overloaded', message: error.message } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError ? 'invalid_json' : 'invalid_request';
      const message = status === 415 ? `Content-Type must be application/json (got ${request.headers['content-type'] ?? 'none'})` : error.message;
      return reply.code(status).send({ error: { code, message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'Internal error' } });
  });

  const open = { config: { permission: 'public' as const } };
  app.get('/healthz', open, async () => ({ status: 'ok' }));
  app.get('/readyz', open, async (_request, reply) => {
    const ready = await deps.handle.ping();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'database unreachable' });
  });
  const testClock = deps.testClock;
  if (testClock) {
    // Registered only when the process was started with FIREWATCH_TEST_CLOCK=1 (config.ts refuses it in production).
    app.post('/api/v1/test/clock', open, async (request) => {
      const body = parseOrThrow(z.object({ advanceMs: z.number({ error: 'must be a number' }).int().min(0).max(7 * 24 * 3_600_000) }).strict(), request.body);
      return { now: toIsoUtc(testClock.advance(body.advanceMs)) };
    });
  }
  const openApi = buildOpenApiDocument();
  app.get('/api/v1/openapi.json', open, async () => openApi);

  registerIngestRoutes(app, { ingest, limiter });
  registerServiceRoutes(app, catalog);
  registerIncidentRoutes(app, incidents);
  registerSetupRoutes(app, { handle: deps.handle, demo, access, people, demoMode });
  registerPeopleRoutes(app, { handle: deps.handle, access, people, demoMode, allowPrivateWebhooks: deps.allowPrivateWebhooks ?? false });
  registerScheduleRoutes(app, createScheduleService(services), () => clock.now());
  registerEscalationRoutes(app, {
    policies: createEscalationPolicyService({ ...services, channelStates: () => channelStates(channelConfig), lint: (policy, directory, now) => lintPolicy({ policy, directory, from: now }) }),
    maintenance: createMaintenanceService(services),
  });
  registerRunbookRoutes(app, { runbooks: createRunbookService(services), runs: runbookRuns });
  const postmortemWrites = { ...services, onChange: () => reminders.wake() };
  registerPostmortemRoutes(app, { postmortems: createPostmortemService(postmortemWrites), actionItems: createActionItemService(postmortemWrites) });
  registerPagingRoutes(app, {
    paging,
    channels: channelService,
    profile: (caller) => people.me(caller),
    twilio: channelConfig.twilio ? { authToken: channelConfig.twilio.authToken, publicUrl } : undefined,
  });
  // Late public updates nudge the scribe, then the commander (in-app, on the incident's timeline).
  const cadenceNudges = createPublicCadenceNudger({ ...services, onError: (error) => app.log.error({ err: error }, 'checking public update cadence failed') });
  registerStatusAdminRoutes(app, createStatusPageService({ ...services, publicUrl, onChange: () => void cadenceNudges.wake() }));
  app.addHook('onReady', async () => cadenceNudges.start());
  const metrics = createMetricsService(services);
  registerMetricsRoutes(app, metrics);
  app.addHook('onReady', async () => {
    // Not awaited: the server answers other requests while the metrics store loads (seconds for a year of incidents).
    metricsReady = metrics.start((error) => app.log.error({ err: error }, 'loading the metrics store failed; the next metrics request retries'));
  });
  registerLiveRoutes(app, { handle: deps.handle, hub, headers: securityHeaders });
  registerStatusSubscribeRoutes(app, { subscribers: statusSubscribers, now: () => clock.now() });
  registerChatMirrorRoutes(app, chatMirrors);
  registerStatusPublicRoutes(app, statusPublic);

  const sendPage = await registerStaticRoutes(app, { staticDir: deps.staticDir, preCompressed: compression });
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (sendPage && wantsPage) return sendPage(reply);
    reply.code(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${redactUrl(request.url)}` } });
  });

  // Shutdown order: stop taking requests (Fastify), end live streams so connections can close,
  // stop the outbox runner (sends in flight are handed back as due), let queued writes commit,
  // then close the database.
  app.addHook('preClose', async () => {
    closing = true;
    hub.closeAll();
  });
  app.addHook('onClose', async () => {
    runbookRuns.stop();
    reminders.stop();
    cadenceNudges.stop();
    await escalation.stop();
    await outbox.stop();
    channels.close();
    statusMailer?.close();
    await writes.drain();
    await deps.handle.close();
  });

  app.decorate('routeTable', routeTable);
  app.decorate('accessService', access);
  app.decorate('demoService', demo);
  app.decorate('liveHub', hub);
  app.decorate('writeQueue', writes);
  app.decorate('outbox', outbox);
  app.decorate('escalation', escalation);
  app.decorate('metricsReady', () => metricsReady);
  app.decorate('statusPublic', statusPublic);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    liveHub: LiveHub;
    /** Settles when the metrics store's start-up load has (the benchmark times it). */
    metricsReady: () => Promise<void>;
    routeTable: ReadonlyArray<{ method: string; url: string; permission: string | undefined }>;
    accessService: AccessService;
    /** Start-up loads the demo through the app's own write queue (demo mode). */
    demoService: DemoService;
    writeQueue: WriteQueue;
    outbox: OutboxRunner;
    escalation: EscalationRunner;
    statusPublic: StatusPublicService;
  }
}
