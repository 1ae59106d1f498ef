import type { PresenceDto } from '../../../contracts/postmortems';
import type { SectionKey } from '../../../domain/postmortem/model';
import { apiRequest } from '../../../lib/api-client';
import { postmortemPath } from './get-postmortems';

/** "I have it open, in this section": answers everyone seen in the last 30 s, the caller included. */
export function putPresence(id: string, section: SectionKey | null): Promise<PresenceDto> {
  return apiRequest<PresenceDto>(`${postmortemPath(id)}/presence`, { method: 'PUT', body: { section } });
}
