import type { AckMethod } from '../../domain/escalation/model';
import type { EpochMs } from '../../domain/time/instant';
import type { WriteContext } from '../db/write-queue';
import type { IncidentRow } from '../repositories/incidents-repository';

/**
 * What the incident lifecycle tells paging, inside the unit of work that changes the incident:
 * an incident opened (start its escalation policy), was acknowledged or resolved (pending steps
 * end in the same transaction). The escalation runner (engine/escalation-runner.ts) implements it.
 */
export type PagingHooks = {
  incidentOpened(ctx: WriteContext, incident: IncidentRow, at: EpochMs): Promise<IncidentRow>;
  acknowledged(ctx: WriteContext, incident: IncidentRow, at: EpochMs, by: string | null, how: AckMethod): Promise<void>;
  resolved(ctx: WriteContext, incident: IncidentRow, at: EpochMs): Promise<void>;
};

/** How an acknowledgement made by a caller arrived: an API token, or a person in the browser. */
export function ackMethodOf(via: 'session' | 'token' | 'anonymous' | 'system'): AckMethod {
  return via === 'token' ? 'api' : 'web';
}
