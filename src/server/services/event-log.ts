import type { Actor } from '../../contracts/common';
import type { IncidentDto } from '../../contracts/incidents';
import type { ServiceSummaryDto } from '../../contracts/services';
import type { RecordedEventBody, TimelineEventDto } from '../../contracts/timeline-events';
import type { WriteContext } from '../db/write-queue';
import type { EventRow, NewEventRow } from '../repositories/events-repository';
import { eventsRepository } from '../repositories/events-repository';
import { decideEventEffects } from './event-effects';
import { toEventEnvelope } from './mappers';

/** An event to append: where, when and by whom, plus one of the recorded kinds with its exact data. */
export type NewEvent = {
  at: number;
  incidentId: string | null;
  serviceId: string | null;
  actor: Actor;
} & RecordedEventBody;

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
  const row = await eventsRepository.append(ctx.trx, toRow(event));
  await decideEventEffects(ctx, [{ seq: Number(row.seq), event }]);
  return published(ctx, row, event, snapshot);
}

/** What appending one event after another does, in one statement per 500: sequence numbers and live events in the order given. */
export async function appendEvents(ctx: WriteContext, events: ReadonlyArray<{ event: NewEvent; snapshot?: EventSnapshot }>): Promise<TimelineEventDto[]> {
  if (events.length === 0) return [];
  const rows = await eventsRepository.appendMany(
    ctx.trx,
    events.map(({ event }) => toRow(event)),
  );
  await decideEventEffects(
    ctx,
    events.map(({ event }, index) => ({ seq: Number(rows[index]!.seq), event })),
  );
  return events.map(({ event, snapshot }, index) => published(ctx, rows[index]!, event, snapshot ?? {}));
}

type EventSnapshot = { incident?: IncidentDto; service?: ServiceSummaryDto };

function toRow(event: NewEvent): NewEventRow {
  return {
    at: event.at,
    kind: event.kind,
    incident_id: event.incidentId,
    service_id: event.serviceId,
    actor_type: event.actor.type,
    actor_name: event.actor.name,
    data: JSON.stringify(event.data),
  };
}

function published(ctx: WriteContext, row: EventRow, event: NewEvent, snapshot: EventSnapshot): TimelineEventDto {
  // The row was written from a typed body, so it is published as that body rather than read back.
  const dto: TimelineEventDto = { ...toEventEnvelope(row), kind: event.kind, data: event.data } as TimelineEventDto;
  ctx.publish({ ...dto, ...snapshot });
  return dto;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', name: 'Firewatch' };
