import type { Kysely } from 'kysely';
import { canEditService } from '../../domain/access/roles';
import type { Database } from '../db/schema';
import type { ServiceRow } from '../repositories/services-repository';
import { servicesRepository } from '../repositories/services-repository';
import type { Caller } from './caller';
import { principalOf } from './caller';
import { Problem } from './problem';

/** The service, or 404. */
export async function mustFindService(db: Kysely<Database>, serviceId: string): Promise<ServiceRow> {
  const row = await servicesRepository.findById(db, serviceId);
  if (!row) throw Problem.notFound(`service ${serviceId}`);
  return row;
}

/** 403 unless the caller may change the service (`canEditService`: admins, managers of its team); `what` names the change. */
export function mustEditService(caller: Caller, service: ServiceRow, what = 'change it'): void {
  if (!canEditService(principalOf(caller), service.team_id)) throw new Problem(403, 'forbidden', `Only an admin or a manager of this service's team may ${what}`);
}
