import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { escalateFromRunResultSchema, RunbookRunDto } from '../../../contracts/runbooks';
import { analyseRunbook } from '../../../domain/runbook/document';
import { runProgress, timeBoxDeadline } from '../../../domain/runbook/run';
import type { EpochMs } from '../../../domain/time/instant';
import { apiRequest } from '../../../lib/api-client';
import { incidentRunbooksQueryOptions, storeRun, updateRun } from './incident-runbooks';

export type EscalateResult = z.infer<typeof escalateFromRunResultSchema>;
type RunRef = { incidentId: string; runId: string };

const runPath = (runId: string) => `/api/v1/runbook-runs/${encodeURIComponent(runId)}`;

/** Answers that carry the run as it is now are stored as they are; others leave the cache to the live stream. */
const isRun = (value: unknown): value is RunbookRunDto =>
  typeof value === 'object' && value !== null && typeof (value as RunbookRunDto).id === 'string' && Array.isArray((value as RunbookRunDto).steps);

/**
 * A run after `stepId` is ticked (or unticked) by `by` at `at`: the step's state, the progress
 * the domain computes from the text, and the time box of its section started by a first tick.
 */
export function withTick(run: RunbookRunDto, stepId: string, checked: boolean, by: { id: string; name: string } | null, at: string): RunbookRunDto {
  const outline = analyseRunbook(run.body);
  const others = run.steps.filter((s) => s.stepId !== stepId);
  const steps = [...others, { stepId, checked, by, at }];
  const ticked = new Set(steps.filter((s) => s.checked).map((s) => s.stepId));
  const sectionId = outline.steps.find((s) => s.id === stepId)?.sectionId ?? null;
  const section = outline.sections.find((s) => s.id === sectionId);
  let sections = run.sections;
  if (checked && section && !sections.some((s) => s.sectionId === section.id)) {
    const startedAt = Date.parse(at) as EpochMs;
    const deadline = section.timeBoxMinutes === null ? null : new Date(timeBoxDeadline(startedAt, section.timeBoxMinutes)).toISOString();
    sections = [...sections, { sectionId: section.id, startedAt: at, deadline, overrunPostedAt: null }];
  }
  return { ...run, steps, sections, progress: runProgress(outline, ticked) };
}

export function tickStep({ runId, stepId, checked }: RunRef & { stepId: string; checked: boolean }): Promise<unknown> {
  return apiRequest<unknown>(`${runPath(runId)}/steps/${encodeURIComponent(stepId)}`, { method: 'POST', body: { checked } });
}

/** Ticks at once on screen; a refusal puts the step back as it was and the caller says why. */
export function useTickStep(by: { id: string; name: string } | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: tickStep,
    onMutate: async ({ incidentId, runId, stepId, checked }) => {
      // A refetch in flight (the window regained focus with this click) read the runs before this
      // tick: landing after it, it would put the box back until the live event ticks it again.
      await queryClient.cancelQueries({ queryKey: incidentRunbooksQueryOptions(incidentId).queryKey });
      let before: RunbookRunDto | undefined;
      updateRun(queryClient, incidentId, runId, (run) => {
        before = run;
        return withTick(run, stepId, checked, by, new Date().toISOString());
      });
      return { before };
    },
    onError: (_error, { incidentId, runId }, context) => {
      const before = context?.before;
      if (before) updateRun(queryClient, incidentId, runId, () => before);
    },
    onSuccess: (answer) => {
      if (isRun(answer)) storeRun(queryClient, answer);
    },
  });
}

export function startSection({ runId, sectionId }: RunRef & { sectionId: string }): Promise<unknown> {
  return apiRequest<unknown>(`${runPath(runId)}/sections/${encodeURIComponent(sectionId)}/start`, { method: 'POST', body: {} });
}

export function useStartSection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startSection,
    onSuccess: (answer, { incidentId, runId, sectionId }) => {
      if (isRun(answer)) return storeRun(queryClient, answer);
      // Without the run in the answer, the countdown starts from now; the live event corrects it.
      updateRun(queryClient, incidentId, runId, (run) => startedSection(run, sectionId, new Date().toISOString()));
    },
  });
}

/** A run whose section `sectionId` started at `at` (unchanged when it had started already). */
export function startedSection(run: RunbookRunDto, sectionId: string, at: string): RunbookRunDto {
  if (run.sections.some((s) => s.sectionId === sectionId)) return run;
  const section = analyseRunbook(run.body).sections.find((s) => s.id === sectionId);
  const minutes = section?.timeBoxMinutes ?? null;
  const deadline = minutes === null ? null : new Date(timeBoxDeadline(Date.parse(at) as EpochMs, minutes)).toISOString();
  return { ...run, sections: [...run.sections, { sectionId, startedAt: at, deadline, overrunPostedAt: null }] };
}

export function recordCopy({ runId, command }: { runId: string; command: string }): Promise<void> {
  return apiRequest<void>(`${runPath(runId)}/copies`, { method: 'POST', body: { command } });
}

export function useRecordCopy() {
  return useMutation({ mutationFn: recordCopy });
}

export function escalateFromRun({ runId, criterionId }: { runId: string; criterionId: string }): Promise<EscalateResult> {
  return apiRequest<EscalateResult>(`${runPath(runId)}/escalate`, { method: 'POST', body: { criterionId } });
}

export function useEscalateFromRun() {
  return useMutation({ mutationFn: escalateFromRun });
}

export function sendFeedback({ runId, helped }: RunRef & { helped: boolean }): Promise<unknown> {
  return apiRequest<unknown>(`${runPath(runId)}/feedback`, { method: 'POST', body: { helped } });
}

export function useSendFeedback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendFeedback,
    onSuccess: (answer, { incidentId, runId, helped }) => {
      if (isRun(answer)) return storeRun(queryClient, answer);
      updateRun(queryClient, incidentId, runId, (run) => ({ ...run, helped }));
    },
  });
}
