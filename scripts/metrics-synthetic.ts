// A year of synthetic incident history and pages, and the metrics answer for any query over it,
// computed with the domain's own functions (the ones the server's metrics endpoint uses). The
// page benchmark and the metrics screenshots serve it through Playwright's route interception,
// so the page can be measured and looked at with a realistically large answer on any branch.
import { chromium } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';
import { FirewatchServer } from '../e2e/support/server';
import type { MetricsDto } from '../src/contracts/metrics';
import { metricsQuerySchema } from '../src/contracts/metrics';
import type { Severity } from '../src/domain/incident/severity';
import { compareRanges, incidentMetrics, summarizeRange } from '../src/domain/metrics/incident-metrics';
import type { MetricIncident } from '../src/domain/metrics/incident-metrics';
import { COALESCE_MS, interruptionsByPerson } from '../src/domain/metrics/interruptions';
import type { MetricPage, PageChannel } from '../src/domain/metrics/interruptions';
import { DAY_MS, MINUTE_MS, epochMs, toIsoUtc } from '../src/domain/time/instant';
import { seededRandom } from '../src/domain/random/seeded';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.mjs';

export type World = {
  incidents: MetricIncident[];
  pages: MetricPage[];
  services: Array<{ id: string; name: string; teamId: string }>;
  teams: Array<{ id: string; name: string }>;
  people: Array<{ id: string; name: string; timeZone: string }>;
};

const EXTRA_NAMES = ['Aiko Tanaka', 'Ben Carter', 'Chloé Martin', 'Dev Patel', 'Elif Yılmaz', 'Finn Murphy', 'Grace Kim', 'Hugo Silva', 'Ines Moreau', 'Jonas Berg', 'Kavya Rao', 'Liam Walsh', 'Maya Cohen', 'Noah Schmidt', 'Olga Ivanova', 'Pablo Ruiz', 'Quinn Taylor', 'Rosa Bianchi', 'Sam Nguyen', 'Tara Singh'];
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Europe/London', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo'];
const EXTRA_SERVICES = ['Checkout API', 'Payments Gateway', 'Search Indexer', 'Orders Database', 'Notifications', 'Identity', 'Edge Proxy', 'Billing Jobs'];
const SEVERITY_WEIGHTS: Array<[Severity, number]> = [['P1', 0.08], ['P2', 0.27], ['P3', 0.45], ['P4', 0.2]];

/**
 * `weeks` of history up to `end`: about 40 incidents a week over the services, acknowledged
 * faster as the year goes on (a median near 30 min at the start, near 2 min at the end — the trend
 * the product promises), 30 % escalated, and each incident paging one to three of `people`
 * (filled up to at least 20 people) by push, SMS, voice or e-mail.
 */
export function syntheticWorld(end: number, weeks: number, base: Pick<World, 'services' | 'teams' | 'people'>): World {
  const rand = seededRandom(20261201);
  const teams = base.teams.length > 0 ? base.teams : [{ id: 'team-a', name: 'Platform' }];
  const services = [...base.services];
  for (const name of EXTRA_SERVICES) {
    if (services.length >= 8) break;
    if (!services.some((s) => s.name === name)) services.push({ id: `svc-${name.toLowerCase().replaceAll(' ', '-')}`, name, teamId: teams[services.length % teams.length]!.id });
  }
  const people = [...base.people];
  for (const [i, name] of EXTRA_NAMES.entries()) {
    if (people.length >= 20) break;
    people.push({ id: `person-${i}`, name, timeZone: ZONES[i % ZONES.length]! });
  }
  const start = end - weeks * 7 * DAY_MS;
  const incidents: MetricIncident[] = [];
  const pages: MetricPage[] = [];
  const count = weeks * 40;
  for (let i = 0; i < count; i += 1) {
    const triggeredAt = start + rand() * (end - start);
    const progress = (triggeredAt - start) / (end - start);
    const service = services[Math.floor(rand() * services.length)]!;
    let pick = rand();
    const severity = SEVERITY_WEIGHTS.find(([, weight]) => (pick -= weight) < 0)?.[0] ?? 'P4';
    const typicalAck = (30 - 28 * progress) * MINUTE_MS;
    const ack = rand() < 0.95 ? typicalAck * Math.exp((rand() - 0.5) * 1.6) : null;
    const resolve = rand() < 0.97 ? (ack ?? typicalAck) + (12 + 40 * (1 - progress)) * MINUTE_MS * Math.exp((rand() - 0.5) * 1.4) : null;
    const escalate = rand() < 0.3 ? (5 + rand() * 10) * MINUTE_MS : null;
    incidents.push({
      id: `INC-SYN-${i}`,
      severity,
      serviceId: service.id,
      teamId: service.teamId,
      triggeredAt: epochMs(Math.round(triggeredAt)),
      acknowledgedAt: ack === null ? null : epochMs(Math.round(triggeredAt + ack)),
      resolvedAt: resolve === null ? null : epochMs(Math.round(triggeredAt + resolve)),
      firstEscalatedAt: escalate === null ? null : epochMs(Math.round(triggeredAt + escalate)),
    });
    const paged = 1 + Math.floor(rand() * 3);
    for (let p = 0; p < paged; p += 1) {
      const person = people[Math.floor(rand() * people.length)]!;
      const channel: PageChannel = (['in-app', 'sms', 'voice', 'email'] as const)[Math.floor(rand() * 4)]!;
      pages.push({ userId: person.id, zone: person.timeZone, channel, at: epochMs(Math.round(triggeredAt + p * 20_000)) });
    }
  }
  incidents.sort((a, b) => a.triggeredAt - b.triggeredAt);
  pages.sort((a, b) => a.at - b.at);
  return { incidents, pages, services, teams, people };
}

const iso = (at: number) => toIsoUtc(epochMs(at));

/** The answer to GET /api/v1/metrics?… over the world, or a 400 body naming the field. */
export function metricsAnswer(world: World, search: URLSearchParams): { status: 200; body: MetricsDto } | { status: 400; body: unknown } {
  const parsed = metricsQuerySchema.safeParse(Object.fromEntries(search));
  if (!parsed.success) return { status: 400, body: { error: { code: 'invalid_request', message: parsed.error.message, fields: parsed.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })) } } };
  const q = parsed.data;
  const range = { from: epochMs(Date.parse(q.from)), to: epochMs(Date.parse(q.to)) };
  if (range.to <= range.from) return { status: 400, body: { error: { code: 'invalid_request', message: 'to must be after from', fields: [{ field: 'to', problem: 'must be after from' }] } } };
  const incidents = world.incidents.filter((i) => (!q.severity || i.severity === q.severity) && (!q.serviceId || i.serviceId === q.serviceId) && (!q.teamId || i.teamId === q.teamId));
  const metrics = incidentMetrics(incidents, { ...range, size: q.bucket, zone: q.zone }, q.groupBy);
  const names = new Map<string, string>([...world.services.map((s) => [s.id, s.name] as const), ...world.teams.map((t) => [t.id, t.name] as const)]);
  const people = new Map(world.people.map((p) => [p.id, p]));
  const pages = world.pages.filter((p) => p.at >= range.from - COALESCE_MS && p.at < range.to);
  let comparison: MetricsDto['comparison'] = null;
  if (q.compareFrom && q.compareTo) {
    const before = { from: epochMs(Date.parse(q.compareFrom)), to: epochMs(Date.parse(q.compareTo)) };
    const b = summarizeRange(incidents, before);
    const a = summarizeRange(incidents, range);
    comparison = { before: { from: q.compareFrom, to: q.compareTo, total: b }, after: { from: q.from, to: q.to, total: a }, changes: compareRanges(b, a) };
  }
  const span = <T extends { start: number; end: number }>(b: T) => ({ ...b, start: iso(b.start), end: iso(b.end) });
  return {
    status: 200,
    body: {
      range: { from: q.from, to: q.to, zone: q.zone, bucket: q.bucket },
      buckets: metrics.buckets.map(span),
      total: metrics.total,
      groups: metrics.groups.map((g) => ({ key: g.key, name: q.groupBy === 'severity' ? g.key : (names.get(g.key) ?? g.key), buckets: g.buckets.map(span), total: g.total })),
      interruptions: interruptionsByPerson(pages, range).map((row) => ({ ...row, name: people.get(row.userId)?.name ?? row.userId, timeZone: people.get(row.userId)?.timeZone ?? 'UTC' })),
      comparison,
    },
  };
}

/**
 * What the page benchmark and the screenshots share: the real server with the example organisation,
 * Chromium, a signed-in session, the synthetic world built on the organisation's services, teams
 * and people, and browser contexts whose GET /api/v1/metrics is answered from that world.
 */
export async function startMetricsStage(env: Record<string, string>) {
  const server = await FirewatchServer.start({ FIREWATCH_DEMO: '1', ...env });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const session = await server.signIn('priya@example.com', 'firewatch-demo');
  server.cookie = `fw_session=${session}`;
  const services = (await server.api<{ items: Array<{ id: string; name: string; teamId: string }> }>('GET', '/api/v1/services')).body.items;
  const teams = (await server.api<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/teams')).body.items;
  const people = (await server.api<{ items: Array<{ id: string; name: string; timeZone: string }> }>('GET', '/api/v1/people')).body.items;
  const world = syntheticWorld(Date.now(), 53, { services, teams, people });
  /** A context at `width` × `height` in `zone` whose metrics answers come from the world (each query computed once). */
  const newContext = async (width: number, height: number, zone: string, onAnswer?: (body: MetricsDto, json: string) => void): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width, height }, timezoneId: zone, locale: 'en-GB' });
    await context.addCookies([{ name: 'fw_session', value: session, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    const answers = new Map<string, { status: number; body: string }>();
    await context.route(
      (url) => url.pathname === '/api/v1/metrics',
      async (route) => {
        const url = new URL(route.request().url());
        let answer = answers.get(url.search);
        if (!answer) {
          const computed = metricsAnswer(world, url.searchParams);
          answer = { status: computed.status, body: JSON.stringify(computed.body) };
          answers.set(url.search, answer);
          if (computed.status === 200) onAnswer?.(computed.body, answer.body);
        }
        await route.fulfill({ status: answer.status, contentType: 'application/json; charset=utf-8', body: answer.body });
      },
    );
    return context;
  };
  const close = async () => {
    await browser.close();
    await server.dispose();
  };
  return { server, browser, world, newContext, close };
}
