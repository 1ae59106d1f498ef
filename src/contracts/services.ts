import { z } from 'zod';
import { isoInstant } from './common';

export const integrationKeySchema = z.object({
  id: z.string(),
  key: z.string(),
  createdAt: isoInstant,
  revokedAt: isoInstant.nullable(),
});
export type IntegrationKeyDto = z.infer<typeof integrationKeySchema>;

export const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The owning team: its managers (and admins) may change the service. */
  teamId: z.string().nullable(),
  createdAt: isoInstant,
  /** The newest active key: what the ingestion URLs use by default. Null when all are revoked. */
  integrationKey: z.string().nullable(),
  integrationKeys: z.array(integrationKeySchema),
  openIncidentCount: z.number().int(),
});
export type ServiceDto = z.infer<typeof serviceSchema>;

const serviceName = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

export const createServiceBodySchema = z.object({ name: serviceName, teamId: z.string().min(1, 'must not be empty').optional() });
export const renameServiceBodySchema = z.object({ name: serviceName });
export type CreateServiceBody = z.infer<typeof createServiceBodySchema>;
