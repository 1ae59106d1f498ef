import type { IncidentDto } from '../../../contracts/incidents';
import { apiRequest } from '../../../lib/api-client';

/** The incidents that paged the signed-in person in the last 24 hours, as they are now (a tab opened after a page rings for it too). */
export async function getMyPages(signal?: AbortSignal): Promise<IncidentDto[]> {
  return (await apiRequest<{ items: IncidentDto[] }>('/api/v1/me/pages', { signal })).items;
}
