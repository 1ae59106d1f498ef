import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { EscalationPolicyDto, EscalationPolicyViewDto } from '../../../contracts/escalation';
import { errorMessage, fieldProblems } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { ConfirmDialog } from '../../../shared/components/confirm-dialog';
import { FormError } from '../../../shared/components/field';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { useEscalationPolicy } from '../api/get-escalation-policy';
import { useMaintenanceWindows } from '../api/maintenance-windows';
import { conflictCurrent, useDeleteEscalationPolicy, useReloadEscalationPolicy, useSaveEscalationPolicy } from '../api/save-escalation-policy';
import type { FieldErrors, PolicyDraft } from '../model/draft';
import { bodyOf, draftOf, draftProblems, normalizeField, starterDraft } from '../model/draft';
import { EscalationPreview } from './escalation-preview';
import { LintFindings } from './lint-findings';
import { MaintenanceBanner, MaintenanceSection } from './maintenance-section';
import { PolicyEditor } from './policy-editor';
import { PolicySummary } from './policy-summary';

/** The draft being edited and the version it will be saved over (null: a new policy). */
type Editing = { version: number | null; draft: PolicyDraft };
type Conflict = { current: EscalationPolicyDto | null };

function ConflictNotice({ conflict, onReload, onKeep }: { conflict: Conflict; onReload: () => void; onKeep: () => void }) {
  return (
    <div role="alert" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <p className="font-medium">Someone changed this policy while you were editing.</p>
      <p>
        {conflict.current ? `It is now version ${conflict.current.version}` : 'It has been deleted'}; your changes were not saved. Load theirs, or keep editing yours and save again to replace
        it.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="primary" onClick={onReload}>
          Load their version
        </Button>
        <Button size="sm" onClick={onKeep}>
          Keep editing mine
        </Button>
      </div>
    </div>
  );
}

function EmptyState({ serviceName, canEdit, onCreate }: { serviceName: string; canEdit: boolean; onCreate: () => void }) {
  return (
    <div className="rounded-lg border border-dashed border-amber-400 bg-white p-6">
      <h2 className="text-base font-semibold text-slate-900">No escalation policy</h2>
      <p className="mt-1 text-sm text-slate-700">
        When an alert fires for {serviceName}, an incident opens but <strong>nobody is paged</strong>. A policy says who is paged first, and who next when nobody acknowledges.
      </p>
      {canEdit ? (
        <>
          <p className="mt-1 text-sm text-slate-700">It starts with the team’s first schedule: its primary on call, then after 5 minutes its backup. Change anything before saving.</p>
          <Button variant="primary" className="mt-3" onClick={onCreate}>
            Create a policy
          </Button>
        </>
      ) : (
        <p className="mt-1 text-sm text-slate-700">Ask a manager of the service’s team (or an admin) to create one.</p>
      )}
    </div>
  );
}

/**
 * A service's escalation policy: the editor (or, for those who may not change it, the policy as
 * sentences), what the policy check found, a preview computed in the browser by the engine, and
 * the maintenance windows.
 */
export function EscalationPolicyPage({ serviceId, serviceName, teamId, canEdit, zone }: { serviceId: string; serviceName: string; teamId: string | null; canEdit: boolean; zone: string }) {
  const view = useEscalationPolicy(serviceId);
  const windows = useMaintenanceWindows(serviceId);
  const [now] = useState(() => Date.now());
  // Kept here, above the body that starts over on every new version, so the notice survives the save.
  const [saved, setSaved] = useState<number | null>(null);
  if (view.isPending) return <Loading label="Loading the escalation policy…" />;
  if (view.isError) return <LoadError error={view.error} onRetry={() => void view.refetch()} />;
  return (
    <div className="space-y-4">
      <div>
        <Link to="/services" className="text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
          ← Services
        </Link>
        <h1 className="mt-1 text-xl font-semibold break-words text-slate-900">Escalation policy: {serviceName}</h1>
        {view.data.policy ? <p className="text-sm text-slate-600">Version {view.data.policy.version}</p> : null}
      </div>
      {windows.data ? <MaintenanceBanner windows={windows.data.items} zone={zone} /> : null}
      {saved !== null && saved === view.data.policy?.version ? (
        <p role="status" className="rounded-lg border border-green-300 bg-green-50 px-4 py-2 text-sm text-green-900">
          Saved as version {saved}.
        </p>
      ) : null}
      <PolicyBody key={view.data.policy?.version ?? 'none'} onSaved={setSaved} serviceId={serviceId} serviceName={serviceName} teamId={teamId} canEdit={canEdit} zone={zone} now={now} view={view.data} />
      {windows.isError ? (
        <LoadError error={windows.error} onRetry={() => void windows.refetch()} />
      ) : windows.data ? (
        <MaintenanceSection serviceId={serviceId} windows={windows.data.items} canEdit={canEdit} zone={zone} />
      ) : null}
    </div>
  );
}

function PolicyBody({
  serviceId,
  serviceName,
  teamId,
  canEdit,
  zone,
  now,
  view,
  onSaved,
}: {
  onSaved: (version: number | null) => void;
  serviceId: string;
  serviceName: string;
  teamId: string | null;
  canEdit: boolean;
  zone: string;
  now: number;
  view: EscalationPolicyViewDto;
}) {
  const { policy } = view;
  const [editing, setEditing] = useState<Editing | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = useSaveEscalationPolicy();
  const remove = useDeleteEscalationPolicy();
  const reload = useReloadEscalationPolicy();

  const draft = editing?.draft ?? (policy ? draftOf(policy) : null);
  const live = useMemo(() => (draft ? draftProblems(draft) : {}), [draft]);
  const context = { people: view.people, schedules: view.schedules };
  const teamSchedules = view.schedules.filter((s) => s.teamId === teamId);

  const onDraft = (change: (current: PolicyDraft) => PolicyDraft) => {
    if (!draft) return;
    onSaved(null);
    setEditing({ version: editing?.version ?? policy?.version ?? null, draft: change(draft) });
  };

  const onFailure = (error: unknown) => {
    const stale = conflictCurrent(error);
    if (stale) return setConflict(stale);
    const fields: FieldErrors = {};
    for (const [field, problem] of Object.entries(fieldProblems(error))) fields[normalizeField(field)] ??= problem;
    setErrors(fields);
    setFormError(Object.keys(fields).length > 0 ? 'Nothing was saved: fix the fields marked below.' : errorMessage(error));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setFormError(undefined);
    setConflict(null);
    setErrors(live);
    if (Object.keys(live).length > 0) return setFormError('Nothing was saved: fix the fields marked below.');
    const version = editing?.version ?? policy?.version ?? null;
    save.mutate(
      { serviceId, body: bodyOf(draft, version) },
      {
        // The page re-keys on the new version, so this form starts over from what was stored.
        onSuccess: (stored) => onSaved(stored.version),
        onError: onFailure,
      },
    );
  };

  const previewPolicy = canEdit ? (draft && Object.keys(live).length === 0 ? draft : null) : policy;

  if (!draft) {
    return (
      <>
        <EmptyState serviceName={serviceName} canEdit={canEdit} onCreate={() => setEditing({ version: null, draft: starterDraft(teamSchedules.length > 0 ? teamSchedules : view.schedules) })} />
        <LintFindings findings={view.lint} />
      </>
    );
  }

  return (
    <>
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-4">
          {canEdit ? (
            <form onSubmit={submit} noValidate aria-label="Escalation policy" className="space-y-4">
              {conflict ? (
                <ConflictNotice
                  conflict={conflict}
                  onReload={() => {
                    setConflict(null);
                    setEditing(null);
                    setErrors({});
                    reload(serviceId, conflict.current);
                  }}
                  onKeep={() => {
                    setConflict(null);
                    setEditing({ version: conflict.current?.version ?? null, draft });
                  }}
                />
              ) : null}
              <FormError message={formError} />
              <PolicyEditor draft={draft} errors={errors} context={context} onDraft={onDraft} />
              <div className="flex flex-wrap justify-between gap-2">
                {policy ? (
                  <Button variant="dangerGhost" onClick={() => setConfirmDelete(true)}>
                    Delete policy
                  </Button>
                ) : (
                  <span />
                )}
                <div className="flex gap-2">
                  {editing ? (
                    <Button
                      onClick={() => {
                        setEditing(null);
                        setErrors({});
                        setFormError(undefined);
                      }}
                    >
                      Discard changes
                    </Button>
                  ) : null}
                  <Button type="submit" variant="primary" disabled={save.isPending}>
                    {policy ? 'Save policy' : 'Create policy'}
                  </Button>
                </div>
              </div>
            </form>
          ) : policy ? (
            <PolicySummary policy={policy} people={view.people} schedules={view.schedules} />
          ) : null}
        </div>
        <div className="space-y-4">
          <LintFindings findings={view.lint} />
          <EscalationPreview policy={previewPolicy} view={view} zone={zone} now={now} />
        </div>
      </div>
      {confirmDelete && policy ? (
        <ConfirmDialog
          title="Delete this escalation policy?"
          description={`Alerts for ${serviceName} will open incidents but page nobody until a new policy is created.`}
          confirmLabel="Delete policy"
          pending={remove.isPending}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() =>
            remove.mutate(
              { serviceId, version: policy.version },
              {
                onSuccess: () => setConfirmDelete(false),
                onError: (error) => {
                  setConfirmDelete(false);
                  onFailure(error);
                },
              },
            )
          }
        />
      ) : null}
    </>
  );
}
