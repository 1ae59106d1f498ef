import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { IncidentRunbooksDto, RunbookRunDto } from '../../../contracts/runbooks';
import { analyseRunbook } from '../../../domain/runbook/document';
import type { EscalationCriterion, RunbookSection } from '../../../domain/runbook/model';
import { timeBoxDeadline } from '../../../domain/runbook/run';
import type { EpochMs } from '../../../domain/time/instant';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useNow } from '../../../shared/hooks/use-now';
import { useRunbook } from '../api/get-runbooks';
import { useIncidentRunbooks, useStartRun } from '../api/incident-runbooks';
import type { EscalateResult } from '../api/run-actions';
import { useEscalateFromRun, useRecordCopy, useSendFeedback, useStartSection, useTickStep } from '../api/run-actions';
import { countdownText, progressText } from '../model/labels';
import { LazyRunbookViewer } from './lazy-viewer';
import type { StepState } from './runbook-viewer';

type Me = { id: string; name: string } | null;

type Match = IncidentRunbooksDto['matches'][number];

function reasonText(match: Match): string {
  const parts: string[] = [];
  if (match.reasons.includes('alert')) parts.push(match.selector ? `an alert matches ${match.selector}` : 'an alert matches');
  if (match.reasons.includes('service')) parts.push('written for this service');
  return parts.join('; ');
}

/**
 * The incident's runbooks: those that match it (best first, and why), the chosen one open, and
 * runs as live checklists. `canAct` is a responder or above; a resolved incident's runs are closed.
 */
export function IncidentRunbooksPanel({ incidentId, resolved, canAct, me }: { incidentId: string; resolved: boolean; canAct: boolean; me: Me }) {
  const data = useIncidentRunbooks(incidentId);
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <section aria-labelledby="runbooks-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="runbooks-heading" className="mb-3 text-sm font-semibold tracking-wide text-slate-600 uppercase">
        Runbooks
      </h2>
      {data.isPending ? (
        <Loading label="Finding runbooks…" />
      ) : data.isError ? (
        <LoadError error={data.error} onRetry={() => void data.refetch()} />
      ) : (
        <PanelBody data={data.data} incidentId={incidentId} resolved={resolved} canAct={canAct} me={me} chosen={chosen} onChoose={setChosen} />
      )}
    </section>
  );
}

function PanelBody({
  data,
  incidentId,
  resolved,
  canAct,
  me,
  chosen,
  onChoose,
}: {
  data: IncidentRunbooksDto;
  incidentId: string;
  resolved: boolean;
  canAct: boolean;
  me: Me;
  chosen: string | null;
  onChoose: (runbookId: string) => void;
}) {
  const latestRun = [...data.runs].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
  const openId = chosen ?? latestRun?.runbookId ?? data.matches[0]?.runbook.id ?? null;
  const run = data.runs.filter((r) => r.runbookId === openId).sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
  const others = data.runs.filter((r) => !data.matches.some((m) => m.runbook.id === r.runbookId));
  if (data.matches.length === 0 && data.runs.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No runbook matches this incident’s service or alerts. <Link to="/runbooks" className="text-blue-700 underline underline-offset-2">Browse the runbooks</Link>, or write one so the next responder has it.
      </p>
    );
  }
  return (
    <div className="space-y-4">
      {data.matches.length > 0 || others.length > 0 ? (
        <ol aria-label="Matching runbooks" className="space-y-1 text-sm">
          {data.matches.map((match, i) => {
            const open = match.runbook.id === openId;
            return (
              <li key={match.runbook.id} className={`flex flex-wrap items-center gap-x-2 gap-y-1 rounded border px-2 py-1.5 ${open ? 'border-blue-600 bg-blue-50' : 'border-slate-200'}`}>
                <span className="min-w-0 flex-1">
                  <span className="font-medium text-slate-900">{match.runbook.title}</span>
                  {i === 0 ? <span className="ml-1 text-xs font-semibold text-slate-700">(best match)</span> : null}
                  {match.runbook.reviewOverdue ? <span className="ml-1 text-xs font-semibold text-amber-900">· review overdue</span> : null}
                  <span className="block text-xs text-slate-600">{reasonText(match)}</span>
                </span>
                {open ? (
                  <span className="text-xs font-medium text-blue-800">Open below</span>
                ) : (
                  <Button size="sm" onClick={() => onChoose(match.runbook.id)} aria-label={`Open ${match.runbook.title}`}>
                    Open
                  </Button>
                )}
              </li>
            );
          })}
          {others.map((r) => (
            <li key={r.id} className="flex items-center gap-2 rounded border border-slate-200 px-2 py-1.5">
              <span className="min-w-0 flex-1 font-medium text-slate-900">{r.title}</span>
              <Button size="sm" onClick={() => onChoose(r.runbookId)} aria-label={`Open ${r.title}`}>
                Open
              </Button>
            </li>
          ))}
        </ol>
      ) : null}
      {run ? (
        <RunView key={run.id} run={run} incidentId={incidentId} canAct={canAct} me={me} />
      ) : openId ? (
        <RunbookPreview key={openId} runbookId={openId} incidentId={incidentId} canStart={canAct && !resolved} />
      ) : null}
    </div>
  );
}

function RunbookPreview({ runbookId, incidentId, canStart }: { runbookId: string; incidentId: string; canStart: boolean }) {
  const runbook = useRunbook(runbookId);
  const start = useStartRun();
  if (runbook.isPending) return <Loading label="Loading the runbook…" />;
  if (runbook.isError) return <LoadError error={runbook.error} onRetry={() => void runbook.refetch()} />;
  return (
    <article aria-labelledby={`preview-${runbookId}`} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`preview-${runbookId}`} className="text-base font-semibold text-slate-900">
          <Link to={`/runbooks/${encodeURIComponent(runbookId)}`} className="hover:underline">
            {runbook.data.title}
          </Link>
        </h3>
        {canStart ? (
          <Button variant="primary" disabled={start.isPending} onClick={() => start.mutate({ incidentId, runbookId })}>
            {start.isPending ? 'Starting…' : 'Start runbook'}
          </Button>
        ) : null}
      </div>
      {start.isError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Not started: {errorMessage(start.error)}
        </p>
      ) : null}
      {canStart ? <p className="text-xs text-slate-600">Start it to tick steps: everyone on this incident sees the ticks, and each one goes on the timeline.</p> : null}
      <LazyRunbookViewer body={runbook.data.body} label={runbook.data.title} disabled />
    </article>
  );
}

function RunView({ run, incidentId, canAct, me }: { run: RunbookRunDto; incidentId: string; canAct: boolean; me: Me }) {
  const closed = run.closedAt !== null;
  const active = canAct && !closed;
  const tick = useTickStep(me);
  const copy = useRecordCopy();
  const [tickError, setTickError] = useState<string>();
  const outline = useMemo(() => analyseRunbook(run.body), [run.body]);
  const steps = useMemo(() => new Map<string, StepState>(run.steps.map((s) => [s.stepId, { checked: s.checked, by: s.by, at: s.at }])), [run.steps]);

  const onToggle = (stepId: string, checked: boolean) => {
    setTickError(undefined);
    const text = outline.steps.find((s) => s.id === stepId)?.text ?? 'the step';
    tick.mutate(
      { incidentId, runId: run.id, stepId, checked },
      { onError: (error) => setTickError(`Could not ${checked ? 'tick' : 'untick'} “${text}”: ${errorMessage(error)} The box is back as it was.`) },
    );
  };

  return (
    <article aria-labelledby={`run-${run.id}`} className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`run-${run.id}`} className="text-base font-semibold text-slate-900">
          <Link to={`/runbooks/${encodeURIComponent(run.runbookId)}`} className="hover:underline">
            {run.title}
          </Link>
        </h3>
        <p className="text-sm font-medium text-slate-800" aria-live="polite">
          {progressText(run.progress)}
          <span className="text-slate-600"> · {run.progress.done} of {run.progress.total} steps done</span>
        </p>
      </div>
      <p className="text-xs text-slate-600">
        Version {run.version} · started <ZonedTime iso={run.startedAt} />
        {run.startedBy ? ` by ${run.startedBy.name}` : ''}
      </p>
      {closed ? (
        <p role="note" className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">
          This run closed when the incident resolved (<ZonedTime iso={run.closedAt!} />): it is shown as it ended and takes no more ticks.
        </p>
      ) : null}
      {tickError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {tickError}
        </p>
      ) : null}
      <LazyRunbookViewer
        body={run.body}
        label={run.title}
        steps={steps}
        onToggle={onToggle}
        disabled={!active}
        onCopy={active ? (command) => copy.mutate({ runId: run.id, command }) : undefined}
        sectionExtra={(section) => <SectionClock section={section} run={run} incidentId={incidentId} canStart={active} />}
        criterionExtra={(criterion) => (active ? <EscalateNow criterion={criterion} runId={run.id} /> : null)}
      />
      <Feedback run={run} incidentId={incidentId} canAnswer={canAct} />
    </article>
  );
}

/** A time-boxed section's countdown: from its first tick or "Start", then how far over it is. */
function SectionClock({ section, run, incidentId, canStart }: { section: RunbookSection; run: RunbookRunDto; incidentId: string; canStart: boolean }) {
  const start = useStartSection();
  if (section.timeBoxMinutes === null) return null;
  const started = run.sections.find((s) => s.sectionId === section.id);
  if (!started) {
    return canStart ? (
      <span className="inline-flex flex-wrap items-center gap-2 print:hidden">
        <Button size="sm" disabled={start.isPending} aria-label={`Start ${section.title}`} onClick={() => start.mutate({ incidentId, runId: run.id, sectionId: section.id })}>
          Start {section.title} ({section.timeBoxMinutes} min)
        </Button>
        {start.isError ? (
          <span role="alert" className="text-xs text-red-800">
            Not started: {errorMessage(start.error)}
          </span>
        ) : null}
      </span>
    ) : null;
  }
  const deadline = started.deadline ? Date.parse(started.deadline) : timeBoxDeadline(Date.parse(started.startedAt) as EpochMs, section.timeBoxMinutes);
  const ticked = new Set(run.steps.filter((s) => s.checked).map((s) => s.stepId));
  const done = section.stepIds.length > 0 && section.stepIds.every((id) => ticked.has(id));
  if (done) return <span className="text-xs font-medium text-green-800">✓ All steps of {section.title} done</span>;
  if (run.closedAt !== null) return <span className="text-xs text-slate-600">Started <ZonedTime iso={started.startedAt} style="time" /></span>;
  return <Countdown deadline={deadline} title={section.title} />;
}

function Countdown({ deadline, title }: { deadline: number; title: string }) {
  const now = useNow();
  const { over, text } = countdownText(deadline, now);
  return (
    <span
      role="timer"
      aria-label={`${title} time box`}
      className={`inline-block rounded px-2 py-0.5 text-sm font-semibold tabular-nums ${over ? 'border border-red-700 bg-red-50 text-red-900' : 'border border-slate-300 bg-slate-50 text-slate-800'}`}
    >
      {over ? <span aria-hidden="true">⚠ </span> : null}
      {text}
    </span>
  );
}

function EscalateNow({ criterion, runId }: { criterion: EscalationCriterion; runId: string }) {
  const escalate = useEscalateFromRun();
  const [result, setResult] = useState<EscalateResult>();
  const describe = `criterion-${runId}-${criterion.id}`;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span id={describe} className="sr-only">
        {criterion.text}
      </span>
      <Button
        size="sm"
        variant="danger"
        aria-describedby={describe}
        disabled={escalate.isPending}
        onClick={() => escalate.mutate({ runId, criterionId: criterion.id }, { onSuccess: setResult })}
      >
        {escalate.isPending ? 'Escalating…' : criterion.target ? `Escalate now to ${criterion.target}` : 'Escalate now'}
      </Button>
      <span role="status" className="text-xs text-slate-800">
        {result ? result.detail : escalate.isError ? `Not escalated: ${errorMessage(escalate.error)}` : ''}
      </span>
    </span>
  );
}

function Feedback({ run, incidentId, canAnswer }: { run: RunbookRunDto; incidentId: string; canAnswer: boolean }) {
  const send = useSendFeedback();
  if (run.helped !== null) return <p className="text-sm text-slate-700">Answer recorded: the runbook {run.helped ? 'helped' : 'did not help'}.</p>;
  if (!canAnswer) return null;
  return (
    <fieldset className="rounded-md border border-slate-200 p-3 print:hidden">
      <legend className="px-1 text-sm font-medium text-slate-800">Did the runbook help?</legend>
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" disabled={send.isPending} onClick={() => send.mutate({ incidentId, runId: run.id, helped: true })}>
          Yes
        </Button>
        <Button size="sm" disabled={send.isPending} onClick={() => send.mutate({ incidentId, runId: run.id, helped: false })}>
          No
        </Button>
        {send.isError ? (
          <span role="alert" className="text-xs text-red-800">
            Not recorded: {errorMessage(send.error)}
          </span>
        ) : null}
      </div>
    </fieldset>
  );
}
