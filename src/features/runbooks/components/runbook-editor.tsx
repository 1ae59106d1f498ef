import { Suspense, lazy, useCallback, useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { RunbookDto, RunbookInput, RunbookOwner } from '../../../contracts/runbooks';
import { lintRunbook } from '../../../domain/runbook/lint';
import { RUNBOOK_BUDGET, RUNBOOK_LIMITS } from '../../../domain/runbook/model';
import { parseSelector } from '../../../domain/runbook/selector';
import { ApiRequestError, errorMessage, isNotFound } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { LoadError, Loading, NotFound } from '../../../shared/components/page-state';
import { useRunbook } from '../api/get-runbooks';
import { staleRunbook, useCreateRunbook, useSaveRunbook } from '../api/save-runbook';
import { LazyRunbookViewer } from './lazy-viewer';
import { LintList } from './lint-list';
import { RunbookMergeView } from './runbook-merge-view';

// CodeMirror is the heaviest part of the runbook screens: it loads only here, and a plain text
// box stands in (already editable) while it does.
const MarkdownEditor = lazy(() => import('../../../shared/components/markdown-editor'));

type Named = { id: string; name: string };
export type EditorDirectory = { services: readonly Named[]; teams: readonly Named[]; people: readonly Named[] };

type Draft = { title: string; body: string; serviceIds: string[]; selectors: string; owner: RunbookOwner | null; reviewIntervalDays: string };
type Errors = Record<string, string>;

const STARTER = `# Symptoms

- What the alert says, and what users notice.

# Diagnosis (< 2 minutes)

- [ ] The first check, with the exact command below.

\`\`\`
echo "replace with the exact command"
\`\`\`

# Quick fix (5 minutes)

1. The one change that restores service.

# Escalation

If not recovered in 5 minutes, escalate to the owning team.

# Verification

- [ ] The graph or check that shows it is fixed.

# Post-incident

- Note what to change so this does not happen again.
`;

function draftOf(runbook: RunbookDto): Draft {
  return {
    title: runbook.title,
    body: runbook.body,
    serviceIds: [...runbook.serviceIds],
    selectors: runbook.selectors.join('\n'),
    owner: runbook.owner,
    reviewIntervalDays: String(runbook.reviewIntervalDays),
  };
}

const selectorLines = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line !== '');

function inputOf(draft: Draft): RunbookInput | null {
  if (!draft.owner) return null;
  return { title: draft.title, body: draft.body, serviceIds: draft.serviceIds, selectors: selectorLines(draft.selectors), owner: draft.owner, reviewIntervalDays: Number(draft.reviewIntervalDays) };
}

const ownerValue = (owner: RunbookOwner | null) => (owner === null ? '' : owner.type === 'team' ? `team:${owner.teamId}` : `user:${owner.userId}`);
function ownerOf(value: string): RunbookOwner | null {
  const [type, id] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
  if (type === 'team' && id) return { type: 'team', teamId: id };
  if (type === 'user' && id) return { type: 'user', userId: id };
  return null;
}

/** Every selector line the domain cannot parse, with its line and the position of the mistake. */
function selectorProblems(text: string): string[] {
  return selectorLines(text).flatMap((line, i) => {
    const parsed = parseSelector(line);
    return parsed.ok ? [] : [`Line ${i + 1} (${line}): not a valid selector at position ${parsed.position}: ${parsed.message}`];
  });
}

/** The server's field names ("selectors[2]", "owner.teamId") mapped onto the form's fields, worded for a person. */
function serverErrors(error: unknown, draft: Draft): Errors {
  if (!(error instanceof ApiRequestError)) return {};
  const found: Errors = {};
  const lines = selectorLines(draft.selectors);
  // A 413 is about the size alone: say the limit and the length rather than a schema's wording.
  if (error.status === 413) found['body'] = `is too long for one runbook: at most ${RUNBOOK_LIMITS.bodyChars.toLocaleString('en')} characters (this one has ${draft.body.length.toLocaleString('en')}).`;
  for (const { field, problem } of error.fields) {
    const selector = /^selectors(?:\[(\d+)\]|\.(\d+))/.exec(field);
    if (selector) {
      const index = Number(selector[1] ?? selector[2]);
      const line = `Line ${index + 1}${lines[index] ? ` (${lines[index]})` : ''} ${problem}`;
      found['selectors'] = found['selectors'] ? `${found['selectors']}; ${line}` : line;
      continue;
    }
    const key = field.startsWith('owner') ? 'owner' : field.split(/[.[]/)[0]!;
    found[key] ??= problem;
  }
  return found;
}

const LABELS: Record<string, string> = { title: 'Title', body: 'The runbook', serviceIds: 'Services', selectors: 'Alert selectors', owner: 'Owner', reviewIntervalDays: 'Review interval', version: 'Version' };

/** `/runbooks/new` (no id) and `/runbooks/:id/edit`. */
export function RunbookEditor({ id, directory, me, canCreate }: { id?: string | undefined; directory: EditorDirectory; me: Named | null; canCreate: boolean }) {
  if (id === undefined) {
    if (!canCreate) return <NotFound title="You may not write runbooks">Managers of a team, and admins, write runbooks.</NotFound>;
    const team = directory.teams[0];
    const owner: RunbookOwner | null = team ? { type: 'team', teamId: team.id } : me ? { type: 'user', userId: me.id } : null;
    return <EditorForm runbook={null} initial={{ title: '', body: STARTER, serviceIds: [], selectors: '', owner, reviewIntervalDays: String(RUNBOOK_LIMITS.reviewIntervalDays.default) }} directory={directory} />;
  }
  return <ExistingEditor id={id} directory={directory} />;
}

function ExistingEditor({ id, directory }: { id: string; directory: EditorDirectory }) {
  const runbook = useRunbook(id);
  // The form starts from the runbook as first loaded; later refetches never overwrite what is being typed.
  const [initial] = useState<RunbookDto | undefined>(runbook.data);
  const loaded = initial ?? runbook.data;
  if (!loaded) {
    if (runbook.isError) return isNotFound(runbook.error) ? <NotFound title="No such runbook" /> : <LoadError error={runbook.error} onRetry={() => void runbook.refetch()} />;
    return <Loading label="Loading the runbook…" />;
  }
  if (!loaded.canEdit) return <NotFound title="You may not edit this runbook">Managers of its owning team, its owner and admins edit it; everyone reads it.</NotFound>;
  return <EditorForm runbook={loaded} initial={draftOf(loaded)} directory={directory} />;
}

type Conflict = { current: RunbookDto; yours: Draft };

function EditorForm({ runbook, initial, directory }: { runbook: RunbookDto | null; initial: Draft; directory: EditorDirectory }) {
  const navigate = useNavigate();
  const create = useCreateRunbook();
  const save = useSaveRunbook();
  const [draft, setDraft] = useState<Draft>(initial);
  const [version, setVersion] = useState<number | null>(runbook?.version ?? null);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  /** After "Edit theirs with mine beside it": my text, kept on screen while I re-apply it. */
  const [mineBeside, setMineBeside] = useState<string | null>(null);
  const [goTo, setGoTo] = useState<{ line: number; at: number }>();
  const standIn = useRef({ focused: false, caret: 0 });
  const bodyLabel = useId();
  const bodyError = useId();
  const deferred = useDeferredValue(draft.body);
  const lint = useMemo(() => lintRunbook(deferred), [deferred]);
  const liveSelectorProblems = useMemo(() => selectorProblems(draft.selectors), [draft.selectors]);
  const pending = create.isPending || save.isPending;

  const change = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  // One function for the editor's life: a new one on every render would reconfigure CodeMirror on each keystroke.
  const onBody = useCallback((body: string) => setDraft((d) => ({ ...d, body })), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const local: Errors = {};
    if (draft.title.trim() === '') local['title'] = 'must not be empty';
    if (liveSelectorProblems.length > 0) local['selectors'] = liveSelectorProblems.join('; ');
    if (!draft.owner) local['owner'] = 'is required: choose a team or a person';
    const days = Number(draft.reviewIntervalDays);
    if (!Number.isInteger(days) || days < RUNBOOK_LIMITS.reviewIntervalDays.min || days > RUNBOOK_LIMITS.reviewIntervalDays.max)
      local['reviewIntervalDays'] = `must be a whole number of days from ${RUNBOOK_LIMITS.reviewIntervalDays.min} to ${RUNBOOK_LIMITS.reviewIntervalDays.max}`;
    setErrors(local);
    const input = inputOf(draft);
    if (Object.keys(local).length > 0 || !input) return setFormError('Nothing was saved: fix the fields marked below.');
    const sent = draft;
    const onError = (error: unknown) => {
      const stale = staleRunbook(error);
      if (stale) return setConflict({ current: stale.current, yours: sent });
      const fields = serverErrors(error, sent);
      setErrors(fields);
      setFormError(Object.keys(fields).length > 0 ? 'Nothing was saved: fix the fields marked below.' : errorMessage(error));
    };
    const onSuccess = (stored: RunbookDto) => navigate(`/runbooks/${encodeURIComponent(stored.id)}`, { state: { saved: stored.version } });
    if (runbook === null) create.mutate(input, { onSuccess, onError });
    else save.mutate({ id: runbook.id, body: { ...input, version: version ?? runbook.version } }, { onSuccess, onError });
  };

  const fieldError = (key: string) => (errors[key] ? `${LABELS[key] ?? key} ${errors[key]}` : undefined);
  const base = runbook ? `/runbooks/${encodeURIComponent(runbook.id)}` : '/runbooks';

  return (
    <form onSubmit={submit} noValidate aria-label={runbook ? `Edit ${runbook.title}` : 'New runbook'} className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <Link to={base} className="text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
            ← {runbook ? runbook.title : 'Runbooks'}
          </Link>
          <h1 className="mt-1 text-xl font-semibold text-slate-900">{runbook ? 'Edit runbook' : 'New runbook'}</h1>
          {runbook ? <p className="text-sm text-slate-600">Saving makes version {(version ?? runbook.version) + 1}; every version stays in the history.</p> : null}
        </div>
        <div className="flex gap-2">
          <Link to={base} className="inline-flex items-center rounded-md px-3.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-200">
            Cancel
          </Link>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? 'Saving…' : runbook ? 'Save runbook' : 'Create runbook'}
          </Button>
        </div>
      </div>

      {conflict ? (
        <RunbookMergeView
          theirs={conflict.current}
          yours={conflict.yours.body}
          onUseMine={() => {
            setVersion(conflict.current.version);
            setDraft(conflict.yours);
            setConflict(null);
            setFormError(undefined);
          }}
          onEditTheirs={() => {
            setVersion(conflict.current.version);
            setMineBeside(conflict.yours.body);
            setDraft(draftOf(conflict.current));
            setConflict(null);
            setFormError(undefined);
          }}
          onDiscardMine={() => {
            setVersion(conflict.current.version);
            setDraft(draftOf(conflict.current));
            setConflict(null);
            setFormError(undefined);
          }}
        />
      ) : null}
      {version !== null && runbook && version !== runbook.version && !conflict ? (
        <p role="status" className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900">
          Saving now replaces version {version}, the newest.
        </p>
      ) : null}
      <FormError message={formError} />

      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Title" error={fieldError('title')} className="md:col-span-2">
          {(props) => <input {...props} className={inputClass} value={draft.title} maxLength={RUNBOOK_LIMITS.titleChars} onChange={(e) => change({ title: e.target.value })} />}
        </Field>
        <fieldset aria-describedby={errors['serviceIds'] ? 'services-error' : undefined} className="min-w-0">
          <legend className="mb-1 text-sm font-medium text-slate-800">Services</legend>
          {directory.services.length === 0 ? (
            <p className="text-sm text-slate-600">No services yet.</p>
          ) : (
            <div className="flex max-h-40 flex-wrap gap-x-4 gap-y-1 overflow-y-auto rounded-md border border-slate-300 bg-white p-2">
              {directory.services.map((service) => (
                <label key={service.id} className="inline-flex items-center gap-1.5 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    className="size-4 accent-blue-700"
                    checked={draft.serviceIds.includes(service.id)}
                    onChange={(e) => change({ serviceIds: e.target.checked ? [...draft.serviceIds, service.id] : draft.serviceIds.filter((s) => s !== service.id) })}
                  />
                  {service.name}
                </label>
              ))}
            </div>
          )}
          {errors['serviceIds'] ? (
            <p id="services-error" className="mt-1 text-sm text-red-700">
              {fieldError('serviceIds')}
            </p>
          ) : null}
        </fieldset>
        <Field label="Owner" error={fieldError('owner')} hint="Managers of the owning team (or the owning person) may edit it.">
          {(props) => (
            <select {...props} className={inputClass} value={ownerValue(draft.owner)} onChange={(e) => change({ owner: ownerOf(e.target.value) })}>
              <option value="">Choose…</option>
              {directory.teams.length > 0 ? (
                <optgroup label="Teams">
                  {directory.teams.map((team) => (
                    <option key={team.id} value={`team:${team.id}`}>
                      {team.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {directory.people.length > 0 ? (
                <optgroup label="People">
                  {directory.people.map((person) => (
                    <option key={person.id} value={`user:${person.id}`}>
                      {person.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          )}
        </Field>
        <Field
          label="Alert selectors"
          error={errors['selectors'] ? `Alert selectors: ${errors['selectors']}` : liveSelectorProblems.length > 0 ? liveSelectorProblems.join('; ') : undefined}
          hint={'One per line, in Alertmanager’s syntax: alertname="DbPoolExhausted", severity=~"critical|error". PagerDuty events match by source or summary: source="db-primary".'}
        >
          {(props) => <textarea {...props} rows={3} spellCheck={false} className={`${inputClass} font-mono`} value={draft.selectors} onChange={(e) => change({ selectors: e.target.value })} />}
        </Field>
        <Field label="Review interval (days)" error={fieldError('reviewIntervalDays')} hint="After this many days without a review, the runbook is flagged as overdue.">
          {(props) => (
            <input
              {...props}
              type="number"
              min={RUNBOOK_LIMITS.reviewIntervalDays.min}
              max={RUNBOOK_LIMITS.reviewIntervalDays.max}
              className={`${inputClass} max-w-32`}
              value={draft.reviewIntervalDays}
              onChange={(e) => change({ reviewIntervalDays: e.target.value })}
            />
          )}
        </Field>
      </div>

      {mineBeside !== null ? (
        <section aria-label="Your text (not saved)" className="rounded-lg border border-amber-300 bg-amber-50 p-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-sm font-semibold text-amber-950">Your text, kept while you re-apply it to the new version</h2>
            <Button size="sm" onClick={() => setMineBeside(null)}>
              Done: hide my text
            </Button>
          </div>
          <pre className="mt-2 max-h-64 overflow-auto rounded bg-white p-2 font-mono text-xs whitespace-pre-wrap text-slate-900">{mineBeside}</pre>
        </section>
      ) : null}

      <div className="grid items-start gap-4 lg:grid-cols-2">
        <div className="min-w-0 space-y-2">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <span id={bodyLabel} className="text-sm font-medium text-slate-800">
              The runbook (markdown)
            </span>
            <span className="text-xs text-slate-600">
              {deferred.split('\n').filter((l) => l.trim() !== '').length} lines that are not blank · one page is at most {RUNBOOK_BUDGET.lines} lines or {RUNBOOK_BUDGET.words} words
            </span>
          </div>
          <Suspense
            fallback={
              <textarea
                aria-labelledby={bodyLabel}
                className={`${inputClass} min-h-96 font-mono`}
                value={draft.body}
                onChange={(e) => change({ body: e.target.value })}
                onFocus={(e) => (standIn.current = { focused: true, caret: e.currentTarget.selectionStart })}
                onSelect={(e) => (standIn.current = { focused: true, caret: e.currentTarget.selectionStart })}
                // Focus moving to another control lets go; the box being replaced by the editor (no
                // element gains focus) does not, so the editor can take the focus over.
                onBlur={(e) => {
                  if (e.relatedTarget) standIn.current = { focused: false, caret: 0 };
                }}
              />
            }
          >
            <MarkdownEditor
              value={draft.body}
              onChange={onBody}
              label="The runbook (markdown)"
              description={fieldError('body')}
              invalid={Boolean(errors['body'])}
              goTo={goTo}
              takeOver={standIn}
            />
          </Suspense>
          {errors['body'] ? (
            <p id={bodyError} className="text-sm text-red-700">
              {fieldError('body')}
            </p>
          ) : null}
          <LintList findings={lint.findings} onPick={(line) => setGoTo({ line, at: Date.now() })} />
        </div>
        <section aria-labelledby="preview-heading" className="min-w-0 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="preview-heading" className="mb-3 text-sm font-semibold tracking-wide text-slate-600 uppercase">
            Preview
          </h2>
          <LazyRunbookViewer body={deferred} label={`Preview of ${draft.title || 'the runbook'}`} />
        </section>
      </div>
    </form>
  );
}
