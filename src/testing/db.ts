import type { Actor } from '../contracts/common';
import type { IncidentDto, TimelineEventDto } from '../contracts/incidents';
import type { PersonDto, SetupStatus } from '../contracts/setup';
import type { ServiceDto } from '../contracts/services';
import { PEOPLE } from './fixtures';

/**
 * The in-memory server the msw handlers read and write, so a test that acknowledges and then
 * reloads sees the same answer the real server would give. Tests seed it before rendering.
 */
export type TestDb = {
  setup: SetupStatus;
  people: PersonDto[];
  services: ServiceDto[];
  incidents: IncidentDto[];
  timelines: Map<string, TimelineEventDto[]>;
  seq: number;
};

function fresh(): TestDb {
  return { setup: { empty: false, demoLoaded: false }, people: [...PEOPLE], services: [], incidents: [], timelines: new Map(), seq: 100 };
}

export const db: TestDb = fresh();

export function resetDb(): void {
  Object.assign(db, fresh());
}

export function seed(data: Partial<Pick<TestDb, 'setup' | 'people' | 'services' | 'incidents'>> & { timelines?: Record<string, TimelineEventDto[]> }): void {
  if (data.setup) db.setup = data.setup;
  if (data.people) db.people = data.people;
  if (data.services) db.services = data.services;
  if (data.incidents) db.incidents = data.incidents;
  for (const [id, events] of Object.entries(data.timelines ?? {})) db.timelines.set(id, events);
}

export function appendEvent(incident: IncidentDto, kind: TimelineEventDto['kind'], actor: Actor, data: Record<string, unknown> = {}): TimelineEventDto {
  db.seq += 1;
  const event: TimelineEventDto = { seq: db.seq, at: new Date().toISOString(), kind, incidentId: incident.id, serviceId: incident.serviceId, actor, data };
  db.timelines.set(incident.id, [...(db.timelines.get(incident.id) ?? []), event]);
  return event;
}

export function updateIncident(id: string, change: Partial<IncidentDto>): IncidentDto {
  const index = db.incidents.findIndex((incident) => incident.id === id);
  const next = { ...db.incidents[index]!, ...change };
  db.incidents[index] = next;
  return next;
}
