import { interrupts, isNightMinute, PAGE_CHANNELS } from '../../domain/metrics/interruptions';
import type { PageChannel } from '../../domain/metrics/interruptions';
import { localDayOfWall, minuteOfDayOfWall, wallOf, weekdayOf } from '../../domain/time/zoned';
import type { DatabaseHandle } from '../db/database';
import { metricsRepository } from '../repositories/metrics-repository';
import type { MetricIncidentRow, MetricPageRow } from '../repositories/metrics-repository';

/**
 * What the metrics need of every incident and page, held in memory and kept current from the
 * event log. Why: the metrics page summarizes a year of up to 100,000 incidents and their pages
 * within 200 ms on a shared machine, and materializing that many rows per request costs several
 * times that on either engine. Every change that matters to the metrics (an incident triggered,
 * acknowledged, resolved, escalated, its severity changed, a page sent, delivered or failed)
 * appends an event naming the incident, and events commit in sequence order (the write queue, and
 * PostgreSQL's advisory lock), so each request first reads the incidents named by events after
 * the last sequence number it saw and reloads just those. That holds across instances too.
 *
 * The server loads everything once it is ready, in the background (metrics-service.ts `start`;
 * the cost is in docs/benchmarks.md); requests arriving before that wait for it. Writes that
 * bypass the event log (a hand-edited database, the 0008 backfill before start) are seen by
 * the next process, not by this one.
 */
export type StoredIncident = {
  id: string;
  severity: string;
  serviceId: string;
  triggeredAt: number;
  /** Elapsed ms from the trigger, never negative; null when it never happened. */
  ack: number | null;
  resolve: number | null;
  escalate: number | null;
};

/** A page, classified once by the recipient's local clock in the zone it carries (domain/metrics/interruptions.ts). */
export type StoredPage = {
  incidentId: string;
  /** The store's incident of that id (one object per id for the store's life), so filtering pages needs no lookup. */
  incident: StoredIncident | undefined;
  userId: string;
  /** The person's number in this store (`userIdAt`), so per-request counting indexes arrays instead of maps. */
  user: number;
  zone: string;
  at: number;
  /** In-app, SMS or voice: counted and coalesced; other channels only make the person appear. */
  counted: boolean;
  localHour: number;
  night: boolean;
  weekend: boolean;
};

/** `items[lo..hi)` of a sorted list kept by the store. */
export type Span<T> = { items: readonly T[]; lo: number; hi: number };

function elapsed(from: number, to: number | null): number | null {
  return to === null ? null : Math.max(0, Number(to) - from);
}

function toIncident(row: MetricIncidentRow): StoredIncident {
  const triggeredAt = Number(row.triggered_at);
  return {
    id: row.id,
    severity: row.severity,
    serviceId: row.service_id,
    triggeredAt,
    ack: elapsed(triggeredAt, row.acknowledged_at),
    resolve: elapsed(triggeredAt, row.resolved_at),
    escalate: elapsed(triggeredAt, row.first_escalated_at),
  };
}

function toPage(row: MetricPageRow, user: number, incident: StoredIncident | undefined): StoredPage {
  const at = Number(row.created_at);
  const channel = (PAGE_CHANNELS as readonly string[]).includes(row.channel) ? (row.channel as PageChannel) : 'webhook';
  const wall = wallOf(row.zone, at);
  const minute = minuteOfDayOfWall(wall);
  const weekday = weekdayOf(localDayOfWall(wall));
  return { incidentId: row.incident_id, incident, userId: row.user_id, user, zone: row.zone, at, counted: interrupts(channel), localHour: Math.floor(minute / 60), night: isNightMinute(minute), weekend: weekday === 0 || weekday === 6 };
}

/** The first index in `sorted` (ascending by `at(i)`) whose value is ≥ `value`. */
function lowerBound(length: number, at: (i: number) => number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MetricsStore {
  private seq: number | null = null;
  private readonly incidents = new Map<string, StoredIncident>();
  private readonly pagesOf = new Map<string, StoredPage[]>();
  private sortedIncidents: StoredIncident[] | null = null;
  private sortedPages: StoredPage[] | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  /** Bumped whenever some page is added or removed, and whenever some incident is stored: what a computed answer depends on. */
  private pageChanges = 0;
  private incidentChanges = 0;

  private readonly users: string[] = [];
  private readonly userNumbers = new Map<string, number>();

  constructor(private readonly handle: DatabaseHandle) {}

  private page(row: MetricPageRow): StoredPage {
    let user = this.userNumbers.get(row.user_id);
    if (user === undefined) {
      user = this.users.length;
      this.users.push(row.user_id);
      this.userNumbers.set(row.user_id, user);
    }
    return toPage(row, user, this.incidents.get(row.incident_id));
  }

  /** The event log's sequence number the store is current with (null before the first load). */
  get currentSeq(): number | null {
    return this.seq;
  }

  /** Changes by which an answer computed from the pages (`pages`) or from the incidents too (`incidents`) is still current. */
  get versions(): { pages: number; incidents: number } {
    return { pages: this.pageChanges, incidents: this.incidentChanges };
  }

  /** How many people have been paged (the bound of `StoredPage.user`). */
  get userCount(): number {
    return this.users.length;
  }

  /** Brings the store up to the log's current end; concurrent callers share the work in order. */
  refresh(): Promise<void> {
    const next = this.refreshing.then(() => this.catchUp());
    // A failed refresh fails its caller's request; the next one starts again from the same sequence number.
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  private async catchUp(): Promise<void> {
    const db = this.handle.db;
    const through = await metricsRepository.lastSeq(db);
    if (this.seq === null) {
      const [incidents, pages] = await Promise.all([metricsRepository.incidents(db), metricsRepository.pages(db)]);
      for (const row of incidents) this.incidents.set(row.id, toIncident(row));
      for (const row of pages) this.addPage(this.page(row));
      this.seq = through;
      this.sortedIncidents = null;
      this.sortedPages = null;
      this.pageChanges++;
      this.incidentChanges++;
      // Sorted now rather than on the first request's read: part of the load.
      this.incidentsIn(0, 0);
      this.pagesIn(0, 0);
      return;
    }
    if (through <= this.seq) return;
    const changed = await metricsRepository.incidentsChangedAfter(db, this.seq, through);
    if (changed.length > 0) {
      const [incidents, pages] = await Promise.all([metricsRepository.incidents(db, changed), metricsRepository.pages(db, changed)]);
      for (const row of incidents) this.putIncident(toIncident(row));
      const fresh = new Map<string, StoredPage[]>(changed.map((id) => [id, []]));
      for (const row of pages) fresh.get(row.incident_id)?.push(this.page(row));
      for (const [id, list] of fresh) this.putPages(id, list);
    }
    this.seq = through;
  }

  /**
   * A known incident is updated in place (pages hold it); the common changes keep the sorted views:
   * an incident acknowledged or resolved keeps its place, a new one triggered now goes at the end,
   * as do new pages; anything else sorts again on the next read.
   */
  private putIncident(incident: StoredIncident): void {
    this.incidentChanges++;
    const known = this.incidents.get(incident.id);
    if (known) {
      const moved = known.triggeredAt !== incident.triggeredAt;
      Object.assign(known, incident);
      if (moved) this.sortedIncidents = null;
      return;
    }
    this.incidents.set(incident.id, incident);
    const sorted = this.sortedIncidents;
    if (!known && sorted && (sorted.length === 0 || sorted[sorted.length - 1]!.triggeredAt <= incident.triggeredAt)) sorted.push(incident);
    else this.sortedIncidents = null;
  }

  private putPages(incidentId: string, pages: StoredPage[]): void {
    const known = this.pagesOf.get(incidentId) ?? [];
    const keyOf = (page: StoredPage) => `${page.userId}|${page.at}|${page.counted}`;
    const left = new Map<string, number>();
    for (const page of known) left.set(keyOf(page), (left.get(keyOf(page)) ?? 0) + 1);
    const added: StoredPage[] = [];
    for (const page of pages) {
      const n = left.get(keyOf(page)) ?? 0;
      if (n > 0) left.set(keyOf(page), n - 1);
      else added.push(page);
    }
    const removed = [...left.values()].some((n) => n > 0);
    if (removed || added.length > 0) this.pageChanges++;
    if (pages.length > 0) this.pagesOf.set(incidentId, pages);
    else this.pagesOf.delete(incidentId);
    const sorted = this.sortedPages;
    if (!sorted || (!removed && added.length === 0)) {
      // Same pages (a delivery report): the sorted view still holds equal entries.
      return;
    }
    added.sort((a, b) => a.at - b.at);
    if (!removed && (sorted.length === 0 || sorted[sorted.length - 1]!.at <= added[0]!.at)) sorted.push(...added);
    else this.sortedPages = null;
  }

  private addPage(page: StoredPage): void {
    const list = this.pagesOf.get(page.incidentId);
    if (list) list.push(page);
    else this.pagesOf.set(page.incidentId, [page]);
  }

  /** Incidents triggered in `[from, to)`: `items[lo..hi)`, oldest first (a view, not a copy: read it, never change it). */
  incidentsIn(from: number, to: number): Span<StoredIncident> {
    if (!this.sortedIncidents) this.sortedIncidents = [...this.incidents.values()].sort((a, b) => a.triggeredAt - b.triggeredAt);
    const sorted = this.sortedIncidents;
    const at = (i: number) => sorted[i]!.triggeredAt;
    return { items: sorted, lo: lowerBound(sorted.length, at, from), hi: lowerBound(sorted.length, at, to) };
  }

  /** Pages sent in `[from, to)`: `items[lo..hi)`, oldest first (a view, as above). */
  pagesIn(from: number, to: number): Span<StoredPage> {
    if (!this.sortedPages) this.sortedPages = [...this.pagesOf.values()].flat().sort((a, b) => a.at - b.at);
    const sorted = this.sortedPages;
    const at = (i: number) => sorted[i]!.at;
    return { items: sorted, lo: lowerBound(sorted.length, at, from), hi: lowerBound(sorted.length, at, to) };
  }
}
