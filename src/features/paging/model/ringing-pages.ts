import type { IncidentDto } from '../../../contracts/incidents';
import type { LiveEvent } from '../../../contracts/live';
import type { Severity } from '../../../domain/incident/severity';

/** One incident ringing in this tab: what the person needs to decide at 2:30 AM. */
export type RingingPage = {
  incidentId: string;
  /** Null when the event came without the incident (then the id is all there is to show). */
  severity: Severity | null;
  serviceName: string | null;
  title: string | null;
};

/** "P1 INC-2026-0042 Checkout API — pool exhausted": the page in one line, for the dialog and the notification. */
export function describePage(page: RingingPage): string {
  const head = [page.severity, page.incidentId, page.serviceName].filter((part) => part !== null).join(' ');
  return page.title === null ? head : `${head} — ${page.title}`;
}

/** What the tab title flashes while something rings. */
export function pagedTitle(pages: readonly RingingPage[]): string {
  return pages.length === 1 ? `🔔 PAGED — ${pages[0]!.incidentId}` : `🔔 PAGED — ${pages.length} incidents`;
}

/**
 * The pages ringing after one live event, for the person `userId`. A `page.notified` on the in-app
 * channel addressed to them rings, unless the incident it carries is no longer triggered (a
 * replayed page for an incident acknowledged since). Any event that shows a ringing incident
 * acknowledged or resolved — by whoever, from whichever tab or channel — stops its ring.
 * Returns the same array when nothing changed, so a caller can skip re-rendering.
 */
export function ringingAfter(pages: readonly RingingPage[], event: LiveEvent, userId: string): readonly RingingPage[] {
  const incidentId = event.incidentId;
  if (incidentId === null) return pages;
  const stillTriggered = event.incident === undefined || event.incident.state === 'triggered';
  const ended = event.kind === 'incident.acknowledged' || event.kind === 'incident.resolved' || !stillTriggered;
  const ringing = pages.some((page) => page.incidentId === incidentId);
  if (ended) return ringing ? pages.filter((page) => page.incidentId !== incidentId) : pages;
  if (event.kind !== 'page.notified' || event.data.channel !== 'in-app' || event.data.userId !== userId) return pages;
  const page: RingingPage = {
    incidentId,
    severity: event.incident?.severity ?? null,
    serviceName: event.incident?.serviceName ?? null,
    title: event.incident?.title ?? null,
  };
  // A repeat of the policy pages again: the ring keeps its place and shows the incident as it is now.
  return ringing ? pages.map((existing) => (existing.incidentId === incidentId ? page : existing)) : [...pages, page];
}

/**
 * The pages ringing once the tab has caught up with the server (`paged`: the incidents that paged
 * this person lately, as they are now): a triggered one rings (sent before the tab opened, or
 * while its stream was away), one acknowledged or resolved meanwhile stops, and a page the list
 * does not name (it arrived live after the answer was made) keeps ringing.
 */
export function ringingFromOpen(pages: readonly RingingPage[], paged: readonly IncidentDto[]): readonly RingingPage[] {
  const fresh = paged.filter((incident) => incident.state === 'triggered');
  const over = new Set(paged.filter((incident) => incident.state !== 'triggered').map((incident) => incident.id));
  const kept = pages.filter((page) => !over.has(page.incidentId));
  const added = fresh
    .filter((incident) => !kept.some((page) => page.incidentId === incident.id))
    .map((incident): RingingPage => ({ incidentId: incident.id, severity: incident.severity, serviceName: incident.serviceName, title: incident.title }));
  return kept.length === pages.length && added.length === 0 ? pages : [...kept, ...added];
}

/** The pages without one incident (acknowledged here, or dismissed by the person). */
export function withoutPage(pages: readonly RingingPage[], incidentId: string): readonly RingingPage[] {
  return pages.some((page) => page.incidentId === incidentId) ? pages.filter((page) => page.incidentId !== incidentId) : pages;
}
