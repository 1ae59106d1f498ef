import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { useAnswerRunbookHelped, useRunbookRuns } from '../api/runbook-runs';

const ANSWER = { true: 'It helped', false: 'It did not help' } as const;

/** "Did the runbook help?": the incident's runbook runs with their answer, and a way to give a missing one. */
export function RunbookHelp({ incidentId, canAnswer }: { incidentId: string; canAnswer: boolean }) {
  const runs = useRunbookRuns(incidentId);
  const answer = useAnswerRunbookHelped(incidentId);
  return (
    <section aria-labelledby="runbook-help-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
      <h2 id="runbook-help-heading" className="text-lg font-semibold text-slate-900">
        Did the runbook help?
      </h2>
      {runs.isPending ? <p className="text-sm text-slate-600">Loading the incident’s runbooks…</p> : null}
      {runs.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {errorMessage(runs.error)}
        </p>
      ) : null}
      {runs.data && runs.data.length === 0 ? <p className="text-sm text-slate-600">No runbook was followed during this incident.</p> : null}
      {runs.data && runs.data.length > 0 ? (
        <ul className="divide-y divide-slate-100 text-sm">
          {runs.data.map((run) => (
            <li key={run.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="font-medium text-slate-900">{run.title}</span>
              {run.helped !== null ? (
                <span className={run.helped ? 'text-green-800' : 'text-red-800'}>{ANSWER[String(run.helped) as 'true' | 'false']}</span>
              ) : canAnswer ? (
                <span className="flex flex-wrap gap-2">
                  <Button size="sm" aria-label={`${run.title}: it helped`} disabled={answer.isPending} onClick={() => answer.mutate({ runId: run.id, helped: true })}>
                    Yes
                  </Button>
                  <Button size="sm" aria-label={`${run.title}: it did not help`} disabled={answer.isPending} onClick={() => answer.mutate({ runId: run.id, helped: false })}>
                    No
                  </Button>
                </span>
              ) : (
                <span className="text-slate-600">Not answered yet</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {answer.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Not saved: {errorMessage(answer.error)}
        </p>
      ) : null}
    </section>
  );
}
