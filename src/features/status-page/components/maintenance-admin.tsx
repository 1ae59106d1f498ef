import { useState } from 'react';
import type { ComponentDto, MaintenanceDto } from '../../../contracts/status-page';
import { errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { ConfirmDialog } from '../../../shared/components/confirm-dialog';
import { Field, inputClass } from '../../../shared/components/field';
import { ZonedTime, viewerZone } from '../../../shared/components/zoned-time';
import { useCancelMaintenance, useScheduleMaintenance } from '../api/status-admin';
import { FormActions } from './form-actions';

/** A `datetime-local` value is wall-clock time in the browser's zone, which is the viewer's: the instant it names. */
const toInstant = (local: string) => (local === '' ? '' : new Date(local).toISOString());

/** Scheduled maintenance: start and end are entered and shown in the viewer's zone, sent as UTC instants. */
export function MaintenanceAdmin({ maintenances, components, canEdit }: { maintenances: MaintenanceDto[]; components: ComponentDto[]; canEdit: boolean }) {
  const schedule = useScheduleMaintenance();
  const cancel = useCancelMaintenance();
  const [draft, setDraft] = useState({ title: '', body: '', componentIds: [] as string[], from: '', until: '' });
  const [cancelling, setCancelling] = useState<MaintenanceDto | null>(null);
  const err = schedule.error;
  const placed = ['title', 'body', 'componentIds', 'scheduledFor', 'scheduledUntil'].some((f) => fieldMessage(err, f, f));
  const zone = viewerZone();
  return (
    <section aria-labelledby="maintenance-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="maintenance-heading" className="text-lg font-semibold text-slate-900">
        Scheduled maintenance
      </h2>
      {maintenances.length === 0 ? <p className="text-sm text-slate-600">Nothing scheduled.</p> : null}
      <ul className="divide-y divide-slate-100">
        {maintenances.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
            <div className="min-w-40 flex-1">
              <p className="font-medium text-slate-900">
                {m.title} <span className="font-normal text-slate-600">· {m.status.replace('_', ' ')}</span>
              </p>
              <p className="text-slate-700">
                <ZonedTime iso={m.scheduledFor} /> – <ZonedTime iso={m.scheduledUntil} />
              </p>
            </div>
            {canEdit && (m.status === 'scheduled' || m.status === 'in_progress') ? (
              <Button size="sm" variant="dangerGhost" aria-label={`Cancel ${m.title}`} onClick={() => setCancelling(m)}>
                Cancel
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form
          aria-label="Schedule maintenance"
          className="grid gap-3 border-t border-slate-200 pt-3 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            schedule.mutate(
              { title: draft.title, body: draft.body, componentIds: draft.componentIds, scheduledFor: toInstant(draft.from), scheduledUntil: toInstant(draft.until) },
              { onSuccess: () => setDraft({ title: '', body: '', componentIds: [], from: '', until: '' }) },
            );
          }}
        >
          <Field label="Title" error={fieldMessage(err, 'title', 'Title')}>
            {(props) => <input {...props} className={inputClass} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />}
          </Field>
          <Field label="Components" error={fieldMessage(err, 'componentIds', 'Components')}>
            {(props) => (
              <select {...props} multiple size={Math.min(4, Math.max(2, components.length))} className={inputClass} value={draft.componentIds} onChange={(e) => setDraft({ ...draft, componentIds: Array.from(e.target.selectedOptions, (o) => o.value) })}>
                {components.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={`Starts (${zone})`} error={fieldMessage(err, 'scheduledFor', 'Start')}>
            {(props) => <input {...props} type="datetime-local" className={inputClass} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />}
          </Field>
          <Field label={`Ends (${zone})`} error={fieldMessage(err, 'scheduledUntil', 'End')}>
            {(props) => <input {...props} type="datetime-local" className={inputClass} value={draft.until} onChange={(e) => setDraft({ ...draft, until: e.target.value })} />}
          </Field>
          <Field label="What customers read" className="sm:col-span-2" error={fieldMessage(err, 'body', 'Text')}>
            {(props) => <textarea {...props} rows={2} className={inputClass} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />}
          </Field>
          <FormActions className="sm:col-span-2" pending={schedule.isPending} label="Schedule maintenance" pendingLabel="Scheduling…" unplacedError={err && !placed ? errorMessage(err) : undefined} />
        </form>
      ) : null}
      {cancelling ? (
        <ConfirmDialog
          title={`Cancel ${cancelling.title}?`}
          description="Customers see it as cancelled."
          confirmLabel="Cancel maintenance"
          pending={cancel.isPending}
          error={cancel.isError ? errorMessage(cancel.error) : undefined}
          onCancel={() => setCancelling(null)}
          onConfirm={() => cancel.mutate(cancelling.id, { onSuccess: () => setCancelling(null) })}
        />
      ) : null}
    </section>
  );
}
