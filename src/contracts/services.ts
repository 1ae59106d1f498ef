import { z } from 'zod';
import type { Principal } from '../domain/access/roles';
import { canEditService } from '../domain/access/roles';
import { isoInstant } from './common';

export const integrationKeySchema = z.object({
  id: z.string(),
  key: z.string(),
  createdAt: isoInstant,
  revokedAt: isoInstant.nullable(),
});
export type IntegrationKeyDto = z.infer<typeof integrationKeySchema>;

/** A service as everyone who may read it sees it, and as the live stream carries it: no keys. */
export const serviceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The owning team: its managers (and admins) may change the service. */
  teamId: z.string().nullable(),
  createdAt: isoInstant,
  openIncidentCount: z.number().int(),
});
export type ServiceSummaryDto = z.infer<typeof serviceSummarySchema>;

/** A service with its keys: what its editors (`canEditService`) receive. */
export const serviceWithKeysSchema = serviceSummarySchema.extend({
  /** The newest active key: what the ingestion URLs use by default. Null when all are revoked. */
  integrationKey: z.string().nullable(),
  integrationKeys: z.array(integrationKeySchema),
});
export type ServiceWithKeysDto = z.infer<typeof serviceWithKeysSchema>;

/**
 * A service as the API answers it. The key fields are present only for people who may edit the
 * service: a key opens and resolves its incidents, so it is a secret.
 */
export const serviceSchema = serviceWithKeysSchema.partial({ integrationKey: true, integrationKeys: true });
export type ServiceDto = z.infer<typeof serviceSchema>;

/** The service without its keys, built field by field so that nothing secret can ride along. */
export function serviceSummary(service: ServiceSummaryDto): ServiceSummaryDto {
  return { id: service.id, name: service.name, teamId: service.teamId, createdAt: service.createdAt, openIncidentCount: service.openIncidentCount };
}

/** The one rule for who sees integration keys: the service with them for its editors, without for everyone else. */
export function serviceAsSeenBy(service: ServiceWithKeysDto, principal: Principal | undefined): ServiceDto {
  return canEditService(principal, service.teamId) ? service : serviceSummary(service);
}

const serviceName = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

export const createServiceBodySchema = z.object({ name: serviceName, teamId: z.string().min(1, 'must not be empty').optional() });
export const renameServiceBodySchema = z.object({ name: serviceName });
export type CreateServiceBody = z.infer<typeof createServiceBodySchema>;
