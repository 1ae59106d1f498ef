import type { TimelineDraftDto } from '../../../contracts/postmortems';
import { apiRequest } from '../../../lib/api-client';
import { postmortemPath } from './get-postmortems';

/** What "Refresh from incident" offers: the lines of events after the ones already taken in. */
export function getTimelineDraft(id: string): Promise<TimelineDraftDto> {
  return apiRequest<TimelineDraftDto>(`${postmortemPath(id)}/timeline-draft`);
}
