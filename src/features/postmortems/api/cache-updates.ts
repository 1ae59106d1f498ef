import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '../../../contracts/live';
import { postmortemKeys } from './postmortem-keys';

/**
 * What the live stream does to post-mortem caches: a section saved, a status or the details
 * (title, owner, review date) changed or an action item changed elsewhere fetches that post-mortem (and the lists) again. The editor decides what
 * of the new answer it shows: a section with unsaved text keeps that text. Kept free of markdown
 * and zod, since this module is part of the first screen's bundle.
 */
export function applyPostmortemLiveEvent(queryClient: QueryClient, live: LiveEvent): void {
  switch (live.kind) {
    case 'postmortem.section_saved':
    case 'postmortem.status_changed':
    case 'postmortem.details_changed':
    case 'action_item.changed':
      void queryClient.invalidateQueries({ queryKey: postmortemKeys.detail(live.data.postmortemId) });
      void queryClient.invalidateQueries({ queryKey: postmortemKeys.list() });
      return;
    case 'postmortem.created':
      void queryClient.invalidateQueries({ queryKey: postmortemKeys.list() });
      if (live.incidentId) void queryClient.invalidateQueries({ queryKey: postmortemKeys.ofIncident(live.incidentId), exact: true });
      return;
    case 'runbook.feedback':
      if (live.incidentId) void queryClient.invalidateQueries({ queryKey: [...postmortemKeys.ofIncident(live.incidentId), 'runbook-runs'] });
      return;
    default:
      return;
  }
}
