import type { LiveEvent } from '../../contracts/live';
import { serviceSummary } from '../../contracts/services';
import type { DatabaseHandle } from '../db/database';
import { eventsRepository } from '../repositories/events-repository';
import { incidentsRepository } from '../repositories/incidents-repository';
import { servicesRepository } from '../repositories/services-repository';
import { toIncidentDto, toServiceDto, toTimelineEventDto } from './mappers';
import { runbookProgressOf } from './runbook-progress';

/** How many missed events one query fetches while replaying to a reconnecting client. */
export const REPLAY_PAGE = 1000;

/**
 * Rebuilds live events from the log for a client that reconnects. Each carries the incident or
 * service as it is now (not as it was), which is what the client needs to be current.
 */
export async function eventsAfter(handle: DatabaseHandle, seq: number, limit = REPLAY_PAGE): Promise<LiveEvent[]> {
  const rows = await eventsRepository.after(handle.db, seq, limit);
  if (rows.length === 0) return [];
  const incidentIds = [...new Set(rows.map((row) => row.incident_id).filter((id): id is string => id !== null))];
  const [incidents, services, progress] = await Promise.all([incidentsRepository.findByIds(handle.db, incidentIds), servicesRepository.list(handle.db), runbookProgressOf(handle.db, incidentIds)]);
  const serviceRows = new Map(services.map((row) => [row.id, row]));
  const incidentById = new Map(incidents.map((row) => [row.id, row]));
  const serviceEventIds = [...new Set(rows.filter((row) => row.incident_id === null && row.service_id).map((row) => row.service_id!))];
  // Service events carry the service without its keys, as they did live.
  const counts = serviceEventIds.length ? await servicesRepository.openIncidentCounts(handle.db) : new Map<string, number>();
  return rows.map((row): LiveEvent => {
    const dto = toTimelineEventDto(row);
    if (row.incident_id) {
      const incident = incidentById.get(row.incident_id);
      if (!incident) return dto;
      return { ...dto, incident: toIncidentDto(incident, serviceRows.get(incident.service_id)?.name ?? incident.service_id, progress.get(incident.id) ?? null) };
    }
    const service = row.service_id ? serviceRows.get(row.service_id) : undefined;
    return service ? { ...dto, service: serviceSummary(toServiceDto(service, [], counts.get(service.id) ?? 0)) } : dto;
  });
}

export async function latestSeq(handle: DatabaseHandle): Promise<number> {
  return eventsRepository.latestSeq(handle.db);
}
