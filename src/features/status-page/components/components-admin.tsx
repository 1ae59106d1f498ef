import { useState } from 'react';
import type { ComponentDto } from '../../../contracts/status-page';
import type { ComponentStatus } from '../../../domain/status-page/components';
import { COMPONENT_STATUSES, COMPONENT_STATUS_LABELS } from '../../../domain/status-page/components';
import { errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { ConfirmDialog } from '../../../shared/components/confirm-dialog';
import { Field, FormError, inputClass } from '../../../shared/components/field';

import { inlineSelectClass } from './component-states';
import { useCreateComponent, useDeleteComponent, useUpdateComponent } from '../api/status-admin';

export type NamedRef = { id: string; name: string };

type Draft = { name: string; group: string; description: string; serviceIds: string[] };
const emptyDraft: Draft = { name: '', group: '', description: '', serviceIds: [] };

function ComponentForm({ initial, services, submitLabel, pending, error, onSubmit, onCancel }: { initial: Draft; services: NamedRef[]; submitLabel: string; pending: boolean; error: unknown; onSubmit: (d: Draft) => void; onCancel?: () => void }) {
  const [draft, setDraft] = useState(initial);
  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(draft);
      }}
    >
      <Field label="Name" error={fieldMessage(error, 'name', 'Name')}>
        {(props) => <input {...props} className={inputClass} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}
      </Field>
      <Field label="Group" hint="Components with the same group are shown together." error={fieldMessage(error, 'group', 'Group')}>
        {(props) => <input {...props} className={inputClass} value={draft.group} onChange={(e) => setDraft({ ...draft, group: e.target.value })} />}
      </Field>
      <Field label="Description" className="sm:col-span-2" error={fieldMessage(error, 'description', 'Description')}>
        {(props) => <input {...props} className={inputClass} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />}
      </Field>
      <Field label="Linked services" className="sm:col-span-2" hint="Incidents of these services draft this component." error={fieldMessage(error, 'serviceIds', 'Linked services')}>
        {(props) => (
          <select
            {...props}
            multiple
            size={Math.min(5, Math.max(2, services.length))}
            className={inputClass}
            value={draft.serviceIds}
            onChange={(e) => setDraft({ ...draft, serviceIds: Array.from(e.target.selectedOptions, (o) => o.value) })}
          >
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="flex flex-wrap gap-2 sm:col-span-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </Button>
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
      </div>
      {error && !['name', 'group', 'description', 'serviceIds'].some((f) => fieldMessage(error, f, f)) ? (
        <div className="sm:col-span-2">
          <FormError message={errorMessage(error)} />
        </div>
      ) : null}
    </form>
  );
}

const toBody = (d: Draft) => ({ name: d.name, group: d.group.trim() === '' ? null : d.group, description: d.description.trim() === '' ? null : d.description, serviceIds: d.serviceIds });

/** Components grouped as the public page shows them, in their order; editors change, move and delete them. */
export function ComponentsAdmin({ components, services, canEdit }: { components: ComponentDto[]; services: NamedRef[]; canEdit: boolean }) {
  const create = useCreateComponent();
  const update = useUpdateComponent();
  const remove = useDeleteComponent();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ComponentDto | null>(null);
  const [formKey, setFormKey] = useState(0);
  const groups = new Map<string, ComponentDto[]>();
  for (const c of components) groups.set(c.group ?? '', [...(groups.get(c.group ?? '') ?? []), c]);

  const move = (list: ComponentDto[], index: number, by: -1 | 1) => {
    const other = list[index + by];
    const self = list[index];
    if (!other || !self) return;
    update.mutate({ id: self.id, position: other.position });
    update.mutate({ id: other.id, position: self.position });
  };

  return (
    <section aria-labelledby="components-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="components-heading" className="text-lg font-semibold text-slate-900">
        Components
      </h2>
      {components.length === 0 ? <p className="text-sm text-slate-600">No components yet.</p> : null}
      {[...groups].map(([group, list]) => (
        <div key={group}>
          <h3 className="mb-1 text-sm font-semibold text-slate-700">{group || 'Ungrouped'}</h3>
          <ul className="divide-y divide-slate-100">
            {list.map((c, i) => (
              <li key={c.id} className="py-2">
                {editing === c.id ? (
                  <ComponentForm
                    initial={{ name: c.name, group: c.group ?? '', description: c.description ?? '', serviceIds: c.serviceIds }}
                    services={services}
                    submitLabel="Save"
                    pending={update.isPending}
                    error={update.error}
                    onSubmit={(d) => update.mutate({ id: c.id, ...toBody(d) }, { onSuccess: () => setEditing(null) })}
                    onCancel={() => {
                      update.reset();
                      setEditing(null);
                    }}
                  />
                ) : (
                  <div className="flex flex-wrap items-center gap-2">
                    <div className="min-w-40 flex-1">
                      <p className="font-medium text-slate-900">{c.name}</p>
                      <p className="text-xs text-slate-600">
                        {c.description ? `${c.description} · ` : ''}
                        {c.serviceIds.length === 0 ? 'no linked services' : c.serviceIds.map((id) => services.find((s) => s.id === id)?.name ?? id).join(', ')}
                      </p>
                    </div>
                    {canEdit ? (
                      <>
                        <label htmlFor={`status-${c.id}`} className="sr-only">
                          Status of {c.name}
                        </label>
                        <select id={`status-${c.id}`} className={inlineSelectClass} value={c.status} onChange={(e) => update.mutate({ id: c.id, status: e.target.value as ComponentStatus })}>
                          {COMPONENT_STATUSES.map((s) => (
                            <option key={s} value={s}>
                              {COMPONENT_STATUS_LABELS[s]}
                            </option>
                          ))}
                        </select>
                        <Button size="sm" aria-label={`Move ${c.name} up`} disabled={i === 0} onClick={() => move(list, i, -1)}>
                          ↑
                        </Button>
                        <Button size="sm" aria-label={`Move ${c.name} down`} disabled={i === list.length - 1} onClick={() => move(list, i, 1)}>
                          ↓
                        </Button>
                        <Button size="sm" aria-label={`Edit ${c.name}`} onClick={() => setEditing(c.id)}>
                          Edit
                        </Button>
                        <Button size="sm" variant="dangerGhost" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c)}>
                          Delete
                        </Button>
                      </>
                    ) : (
                      <span className="text-sm text-slate-700">{COMPONENT_STATUS_LABELS[c.status]}</span>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {canEdit && editing === null && update.isError ? <FormError message={errorMessage(update.error)} /> : null}
      {canEdit ? (
        <div className="border-t border-slate-200 pt-3">
          <h3 className="mb-2 text-sm font-semibold text-slate-700">Add a component</h3>
          <ComponentForm
            key={formKey}
            initial={emptyDraft}
            services={services}
            submitLabel="Add component"
            pending={create.isPending}
            error={create.error}
            onSubmit={(d) => create.mutate(toBody(d), { onSuccess: () => setFormKey((k) => k + 1) })}
          />
        </div>
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          description="It disappears from the public page and its uptime history is no longer shown."
          confirmLabel="Delete component"
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : undefined}
          onCancel={() => {
            remove.reset();
            setDeleting(null);
          }}
          onConfirm={() => remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        />
      ) : null}
    </section>
  );
}
