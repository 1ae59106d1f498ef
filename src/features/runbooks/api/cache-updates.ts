import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '../../../contracts/live';
import type { IncidentRunbooksDto, RunbookRunDto } from '../../../contracts/runbooks';
import { updateCachedQuery } from '../../../lib/live-cache';
import { incidentRunbooksQueryOptions } from './incident-runbooks';
import { runbookKeys } from './runbook-keys';

function patchRun(queryClient: QueryClient, incidentId: string, runId: string, change: (run: RunbookRunDto) => RunbookRunDto): void {
  const { queryKey } = incidentRunbooksQueryOptions(incidentId);
  const cached = queryClient.getQueryData<IncidentRunbooksDto>(queryKey);
  if (cached && !cached.runs.some((run) => run.id === runId)) {
    // A run this tab has not seen yet (its start is still on the way): fetch the runs whole.
    void queryClient.invalidateQueries({ queryKey });
    return;
  }
  updateCachedQuery<IncidentRunbooksDto>(queryClient, queryKey, (data) => (data ? { ...data, runs: data.runs.map((run) => (run.id === runId ? change(run) : run)) } : data));
}

type Person = { id: string; name: string } | null;

/** The run after a tick that happened elsewhere; the progress is the server's, carried by the event. */
function ticked(run: RunbookRunDto, data: { stepId: string; checked: boolean; progress: RunbookRunDto['progress'] }, by: Person, at: string): RunbookRunDto {
  const steps = [...run.steps.filter((s) => s.stepId !== data.stepId), { stepId: data.stepId, checked: data.checked, by, at }];
  return { ...run, steps, progress: data.progress };
}

/** The run with a section's countdown started at `at` (its deadline follows from the time box, see SectionClock). */
function sectionStarted(run: RunbookRunDto, sectionId: string, at: string): RunbookRunDto {
  if (run.sections.some((s) => s.sectionId === sectionId)) return run;
  return { ...run, sections: [...run.sections, { sectionId, startedAt: at, deadline: null, overrunPostedAt: null }] };
}

/**
 * What the live stream does to runbook caches: another viewer's tick, section start, overrun or
 * answer is written into the incident's runs at once (no refetch, so it shows within the frame);
 * nothing here parses markdown, because this module is part of the first screen's bundle;
 * a run started elsewhere or an incident resolved (which closes its runs) is fetched again, and a
 * run's record changes the library's counts.
 */
export function applyRunbookLiveEvent(queryClient: QueryClient, live: LiveEvent): void {
  const incidentId = live.incidentId;
  if (!incidentId) return;
  const by = live.actor.type === 'person' ? { id: '', name: live.actor.name } : null;
  switch (live.kind) {
    case 'runbook.step_checked': {
      patchRun(queryClient, incidentId, live.data.runId, (run) => ticked(run, live.data, by, live.at));
      return;
    }
    case 'runbook.section_started':
      patchRun(queryClient, incidentId, live.data.runId, (run) => sectionStarted(run, live.data.sectionId, live.at));
      return;
    case 'runbook.time_box_overrun':
      patchRun(queryClient, incidentId, live.data.runId, (run) => ({
        ...run,
        sections: run.sections.map((s) => (s.sectionId === live.data.sectionId ? { ...s, overrunPostedAt: s.overrunPostedAt ?? live.at } : s)),
      }));
      return;
    case 'runbook.feedback':
      patchRun(queryClient, incidentId, live.data.runId, (run) => ({ ...run, helped: live.data.helped }));
      void queryClient.invalidateQueries({ queryKey: runbookKeys.list() });
      return;
    case 'runbook.run_started':
      void queryClient.invalidateQueries({ queryKey: incidentRunbooksQueryOptions(incidentId).queryKey });
      void queryClient.invalidateQueries({ queryKey: runbookKeys.list() });
      return;
    case 'incident.resolved':
      void queryClient.invalidateQueries({ queryKey: incidentRunbooksQueryOptions(incidentId).queryKey });
      return;
    default:
      return;
  }
}
