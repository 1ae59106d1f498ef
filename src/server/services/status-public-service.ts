import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { Feed } from 'feed';
import { publicSummarySchema } from '../../contracts/status-page';
import type { LiveEvent } from '../../contracts/live';
import type { Phase } from '../../domain/incident/lifecycle';
import { isComponentStatus, pageStatus } from '../../domain/status-page/components';
import type { ComponentStatus, Indicator } from '../../domain/status-page/components';
import { PHASE_LABELS } from '../../domain/status-page/templates';
import { overallUptime, UPTIME_DAYS, uptimeDays, uptimeWindowStart } from '../../domain/status-page/uptime';
import type { StatusSpan } from '../../domain/status-page/uptime';
import { epochMs } from '../../domain/time/instant';
import type { EpochMs } from '../../domain/time/instant';
import { renderIncidentPage, renderNotFoundPage, renderStatusPage } from '../../status-page/html';
import type { PublicIncident, PublicMaintenance, PublicPage } from '../../status-page/public-model';
import { maintenanceStatusAt } from '../../domain/status-page/maintenance';
import type { SpDocument } from '../../status-page/statuspage-json';
import { spDocument } from '../../status-page/statuspage-json';
import type { DatabaseHandle } from '../db/database';
import { eventsRepository } from '../repositories/events-repository';
import { statusPublicRepository as repo } from '../repositories/status-public-repository';
import type { Clock } from './clock';

export type StatusPageSettings = { name: string; zone: string; url: string };

/** A rendered public response: the body is built once per state of the page and reused. */
export type PublicBody = { status: 200 | 404; type: string; body: string; etag: string; gzip: Buffer; br: Buffer };

/**
 * How long a rendered page may be reused without any status.* event: the uptime bars, "in
 * progress" maintenance and the page's "now" move with time, not only with events.
 */
const TIME_BUCKET_MS = 30_000;

const LOG_CHECK_MS = 1_000;

const PHASES = new Set<string>(['investigating', 'identified', 'monitoring', 'resolved']);
const asPhase = (p: string): Phase => (PHASES.has(p) ? (p as Phase) : 'investigating');
const asStatus = (s: string): ComponentStatus => (isComponentStatus(s) ? s : 'operational');
const asImpact = (i: string): Indicator => (['none', 'minor', 'major', 'critical'].includes(i) ? (i as Indicator) : 'none');

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The public status page's reads and renderings. Each body is cached in memory under the event
 * log's last status.* sequence number committed here, the log's last sequence number read at most
 * once a second, and a 30 s time bucket; so during an outage repeated requests cost a map lookup,
 * and after a change the next request re-reads once.
 */
export function createStatusPublicService(deps: { handle: DatabaseHandle; clock: Clock; settings: StatusPageSettings }) {
  let seq = 0;
  let logSeq = 0;
  let lastLogCheck = Number.NEGATIVE_INFINITY;
  let generation = 0;
  let cacheKey = '';
  let model: Promise<PublicPage> | undefined;
  const bodies = new Map<string, PublicBody>();

  function currentKey(now: number): string {
    return `${seq}:${logSeq}:${generation}:${Math.floor(now / TIME_BUCKET_MS)}`;
  }

  /**
   * Writes this process did not commit (another instance, a script) reach the page too: at most
   * once a second the log's last sequence number is read (an index lookup) without holding up the request.
   */
  function checkLog(now: number): void {
    if (now - lastLogCheck < LOG_CHECK_MS) return;
    lastLogCheck = now;
    eventsRepository.latestSeq(deps.handle.db).then(
      (latest) => {
        logSeq = latest;
      },
      () => undefined,
    );
  }

  async function load(now: EpochMs): Promise<PublicPage> {
    const db = deps.handle.db;
    const zone = deps.settings.zone;
    const windowStart = uptimeWindowStart(now, zone);
    const [components, history, incidents, maintenances] = await Promise.all([repo.components(db), repo.history(db, windowStart), repo.incidents(db, 50), repo.maintenances(db, 50)]);
    const ids = incidents.map((i) => i.id);
    const [links, updates] = await Promise.all([repo.incidentComponents(db, ids), repo.updates(db, ids)]);
    const spans = new Map<string, StatusSpan[]>();
    for (const h of history) {
      const list = spans.get(h.component_id) ?? [];
      list.push({ status: asStatus(h.status), from: epochMs(Number(h.from_at)), to: h.to_at === null ? null : epochMs(Number(h.to_at)) });
      spans.set(h.component_id, list);
    }
    const publicIncidents: PublicIncident[] = incidents.map((i) => {
      const summary = publicSummarySchema.safeParse(parseJson(i.summary));
      return {
        id: i.id,
        title: i.title,
        impact: asImpact(i.impact),
        phase: asPhase(i.phase),
        createdAt: epochMs(Number(i.created_at)),
        updatedAt: epochMs(Number(i.updated_at)),
        monitoringAt: i.monitoring_at === null ? null : epochMs(Number(i.monitoring_at)),
        resolvedAt: i.resolved_at === null ? null : epochMs(Number(i.resolved_at)),
        nextUpdateDueAt: i.resolved_at === null && i.next_update_due_at !== null ? epochMs(Number(i.next_update_due_at)) : null,
        summary: i.summary !== null && summary.success ? summary.data : null,
        components: links.filter((l) => l.public_incident_id === i.id).map((l) => ({ id: l.component_id, name: l.name, status: asStatus(l.status) })),
        updates: updates
          .filter((u) => u.public_incident_id === i.id)
          .map((u) => {
            const set = parseJson(u.components);
            const list = Array.isArray(set) ? (set as Array<{ componentId?: unknown; status?: unknown }>) : [];
            return {
              id: u.id,
              phase: asPhase(u.phase),
              body: u.body,
              createdAt: epochMs(Number(u.created_at)),
              components: list.filter((c) => typeof c.componentId === 'string').map((c) => ({ componentId: c.componentId as string, status: asStatus(String(c.status)) })),
            };
          }),
      };
    });
    const publicMaintenances = maintenances.map((m) => {
        const ids = parseJson(m.component_ids);
        const window = { scheduledFor: Number(m.scheduled_for), scheduledUntil: Number(m.scheduled_until) };
        return {
          id: m.id,
          title: m.title,
          body: m.body,
          componentIds: Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [],
          scheduledFor: epochMs(window.scheduledFor),
          scheduledUntil: epochMs(window.scheduledUntil),
          createdAt: epochMs(Number(m.created_at)),
          updatedAt: epochMs(Number(m.updated_at)),
          status: maintenanceStatusAt({ ...window, cancelledAt: null }, now) as PublicMaintenance['status'],
        };
      });
    // A component in a maintenance window that is running reads as under maintenance unless something worse is going on.
    const inMaintenance = new Set(publicMaintenances.filter((m) => m.status === 'in_progress').flatMap((m) => m.componentIds));
    const publicComponents = components.map((c) => {
      const own = spans.get(c.id) ?? [];
      return {
        id: c.id,
        name: c.name,
        group: c.group_name,
        position: Number(c.position),
        description: c.description,
        status: asStatus(c.status) === 'operational' && inMaintenance.has(c.id) ? ('under_maintenance' as const) : asStatus(c.status),
        createdAt: epochMs(Number(c.created_at)),
        updatedAt: epochMs(Number(c.updated_at)),
        uptime: uptimeDays({ spans: own, now, zone, days: UPTIME_DAYS }),
        uptimePercent: overallUptime({ spans: own, from: windowStart, now }),
      };
    });
    const updatedAt = Math.max(0, ...components.map((c) => Number(c.updated_at)), ...incidents.map((i) => Number(i.updated_at)), ...maintenances.map((m) => Number(m.updated_at)));
    return {
      page: { id: 'firewatch', name: deps.settings.name, url: deps.settings.url, timeZone: zone, updatedAt: epochMs(updatedAt) },
      now,
      status: pageStatus({ componentStatuses: publicComponents.map((c) => c.status), openIncidentImpacts: publicIncidents.filter((i) => i.resolvedAt === null).map((i) => i.impact) }),
      components: publicComponents,
      incidents: publicIncidents,
      maintenances: publicMaintenances,
    };
  }

  /** The page's state for this key; concurrent requests share one read. */
  function pageNow(): { key: string; page: Promise<PublicPage> } {
    const now = deps.clock.now();
    checkLog(now);
    const key = currentKey(now);
    if (key !== cacheKey || model === undefined) {
      cacheKey = key;
      bodies.clear();
      const loading = load(epochMs(now));
      // A failed read is not cached: the next request tries again.
      loading.catch(() => {
        if (model === loading) model = undefined;
      });
      model = loading;
    }
    return { key, page: model };
  }

  async function cached(name: string, render: (page: PublicPage) => Pick<PublicBody, 'status' | 'type' | 'body'>): Promise<PublicBody> {
    const { key, page } = pageNow();
    const hit = bodies.get(name);
    if (hit) return hit;
    const rendered = render(await page);
    // Compressed once per body, not per request: during an outage the same bytes go to everyone.
    const body: PublicBody = {
      ...rendered,
      etag: `W/"${createHash('sha1').update(rendered.body).digest('base64url')}"`,
      gzip: gzipSync(rendered.body),
      br: brotliCompressSync(rendered.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }),
    };
    // Unknown incident ids are not kept: they would let anyone grow the cache.
    if (key === cacheKey && body.status === 200) bodies.set(name, body);
    return body;
  }

  function feed(page: PublicPage): Feed {
    const base = `${page.page.url}/status`;
    const feed = new Feed({
      title: `${page.page.name} status history`,
      description: `Public updates from ${page.page.name}`,
      id: `${base}/`,
      link: base,
      language: 'en',
      updated: new Date(page.page.updatedAt),
      copyright: page.page.name,
      generator: 'Firewatch',
      feedLinks: { atom: `${base}/history.atom`, rss: `${base}/history.rss` },
    });
    const items = page.incidents.flatMap((i) => i.updates.map((u) => ({ incident: i, update: u }))).sort((a, b) => b.update.createdAt - a.update.createdAt);
    for (const { incident, update } of items.slice(0, 100)) {
      const link = `${base}/incidents/${encodeURIComponent(incident.id)}`;
      feed.addItem({ title: `${incident.title}: ${PHASE_LABELS[update.phase]}`, id: `${link}#${update.id}`, link, date: new Date(update.createdAt), description: update.body, content: update.body });
    }
    return feed;
  }

  return {
    /** Told after each commit: a status.* event moves the cache key. */
    noteCommitted(events: readonly LiveEvent[]): void {
      for (const e of events) if (e.kind.startsWith('status.') && e.seq > seq) seq = e.seq;
    },
    /** Drops every cached body (public rows written without an event, such as test fixtures). */
    invalidate(): void {
      generation += 1;
    },
    statusPage: () => cached('html', (page) => ({ status: 200, type: 'text/html; charset=utf-8', body: renderStatusPage(page) })),
    incidentPage: (id: string) =>
      cached(`incident:${id}`, (page) => {
        const incident = page.incidents.find((i) => i.id === id);
        return incident
          ? { status: 200, type: 'text/html; charset=utf-8', body: renderIncidentPage(page, incident) }
          : { status: 404, type: 'text/html; charset=utf-8', body: renderNotFoundPage(page) };
      }),
    api: (doc: SpDocument) => cached(`api:${doc}`, (page) => ({ status: 200, type: 'application/json; charset=utf-8', body: JSON.stringify(spDocument(page, doc)) })),
    atom: () => cached('atom', (page) => ({ status: 200, type: 'application/atom+xml; charset=utf-8', body: feed(page).atom1() })),
    rss: () => cached('rss', (page) => ({ status: 200, type: 'application/rss+xml; charset=utf-8', body: feed(page).rss2() })),
  };
}

export type StatusPublicService = ReturnType<typeof createStatusPublicService>;
