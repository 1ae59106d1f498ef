import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IncidentDto } from '../../../contracts/incidents';
import type { Severity } from '../../../domain/incident/severity';
import { apiRequest } from '../../../lib/api-client';
import { upsertIncident } from './cache-updates';

export type DeclareIncidentInput = { title: string; serviceId: string; severity: Severity; commander?: string };

export function declareIncident(input: DeclareIncidentInput): Promise<IncidentDto> {
  return apiRequest<IncidentDto>('/api/v1/incidents', { method: 'POST', body: input });
}

export function useDeclareIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: declareIncident,
    onSuccess: (incident) => upsertIncident(queryClient, incident),
  });
}
