import type { MaintenanceStatus as DomainMaintenanceStatus } from '../domain/status-page/maintenance';
import type { PublicSummary } from '../contracts/status-page';
import type { Phase } from '../domain/incident/lifecycle';
import type { ComponentStatus, Indicator, PageStatus } from '../domain/status-page/components';
import type { UptimeDay } from '../domain/status-page/uptime';
import type { EpochMs } from '../domain/time/instant';

/**
 * Everything the public surfaces show, read from the public tables only: it has no field for the
 * internal incident's title, notes, people or alerts, so no template can leak them.
 */
export type PublicPage = {
  page: { id: string; name: string; url: string; timeZone: string; updatedAt: EpochMs };
  now: EpochMs;
  status: PageStatus;
  components: PublicComponent[];
  /** The 50 most recent public incidents and every unresolved one, newest first. */
  incidents: PublicIncident[];
  /** Not cancelled, newest first. */
  maintenances: PublicMaintenance[];
};

export type PublicComponent = {
  id: string;
  name: string;
  group: string | null;
  position: number;
  description: string | null;
  status: ComponentStatus;
  createdAt: EpochMs;
  updatedAt: EpochMs;
  /** One entry per day in the page's zone, oldest first. */
  uptime: UptimeDay[];
  uptimePercent: number | null;
};

export type PublicUpdate = { id: string; phase: Phase; body: string; createdAt: EpochMs; components: { componentId: string; status: ComponentStatus }[] };

export type PublicIncident = {
  id: string;
  title: string;
  impact: Indicator;
  phase: Phase;
  createdAt: EpochMs;
  updatedAt: EpochMs;
  monitoringAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  nextUpdateDueAt: EpochMs | null;
  summary: PublicSummary | null;
  components: { id: string; name: string; status: ComponentStatus }[];
  /** Newest first. */
  updates: PublicUpdate[];
};

/** Cancelled windows are never read by the public side. */
export type MaintenanceStatus = Exclude<DomainMaintenanceStatus, 'cancelled'>;

export type PublicMaintenance = {
  id: string;
  title: string;
  body: string;
  componentIds: string[];
  scheduledFor: EpochMs;
  scheduledUntil: EpochMs;
  createdAt: EpochMs;
  updatedAt: EpochMs;
  status: MaintenanceStatus;
};

/** "2026-03-08 14:05 UTC": the text before the reader's browser rewrites it into their zone. */
export function utcText(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "03:00 UTC". */
export function utcClock(at: number): string {
  return `${new Date(at).toISOString().slice(11, 16)} UTC`;
}

export function isoZ(at: number): string {
  return new Date(at).toISOString();
}
