import type { Actor } from '../../contracts/common';
import type { EventKind, IncidentDto, TimelineEventDto } from '../../contracts/incidents';
import type { ServiceSummaryDto } from '../../contracts/services';
import type { WriteContext } from '../db/write-queue';
import { eventsRepository } from '../repositories/events-repository';
import { toTimelineEventDto } from './mappers';

export type NewEvent = {
  at: number;
  kind: EventKind;
  incidentId: string | null;
  serviceId: string | null;
  actor: Actor;
  data: Record<string, unknown>;
};

/**
 * Appends to the event log inside the caller's transaction and queues the live event, carrying
 * the incident or service as it is after the change, for publication after commit. A service goes
 * out without its keys (every reader receives the stream); pass it through `serviceSummary`.
 */
export async function appendEvent(
  ctx: WriteContext,
  event: NewEvent,
  snapshot: { incident?: IncidentDto; service?: ServiceSummaryDto } = {},
): Promise<TimelineEventDto> {
  const row = await eventsRepository.append(ctx.trx, {
    at: event.at,
    kind: event.kind,
    incident_id: event.incidentId,
    service_id: event.serviceId,
    actor_type: event.actor.type,
    actor_name: event.actor.name,
    data: JSON.stringify(event.data),
  });
  const dto = toTimelineEventDto(row);
  ctx.publish({ ...dto, ...snapshot });
  return dto;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', name: 'Firewatch' };
