import { useId } from 'react';
import type { ComponentDto } from '../../../contracts/status-page';
import type { ComponentStatus } from '../../../domain/status-page/components';
import { COMPONENT_STATUSES, COMPONENT_STATUS_LABELS } from '../../../domain/status-page/components';
import { Button } from '../../../shared/components/button';
import { inputClass } from '../../../shared/components/field';

/** A select that sits in a row beside its label, not across the whole form. */
export const inlineSelectClass = inputClass.replace('w-full', 'w-auto');

export type ComponentState = { componentId: string; name: string; status: ComponentStatus };

/**
 * The affected components with a status each: one select per component (labelled by its name),
 * remove buttons, and an "add" select of the components not yet listed.
 */
export function ComponentStates({ value, onChange, all, error }: { value: ComponentState[]; onChange: (next: ComponentState[]) => void; all: ComponentDto[]; error?: string | undefined }) {
  const id = useId();
  const others = all.filter((c) => !value.some((v) => v.componentId === c.id));
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="mb-1 text-sm font-medium text-slate-800">Affected components</legend>
      {value.length === 0 ? <p className="text-sm text-slate-600">None yet: add at least one.</p> : null}
      <ul className="space-y-2">
        {value.map((c) => (
          <li key={c.componentId} className="flex flex-wrap items-center gap-2">
            <label htmlFor={`${id}-${c.componentId}`} className="min-w-32 flex-1 text-sm text-slate-800">
              {c.name}
            </label>
            <select
              id={`${id}-${c.componentId}`}
              className={inlineSelectClass}
              value={c.status}
              onChange={(e) => onChange(value.map((v) => (v.componentId === c.componentId ? { ...v, status: e.target.value as ComponentStatus } : v)))}
            >
              {COMPONENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {COMPONENT_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
            <Button size="sm" variant="ghost" aria-label={`Remove ${c.name}`} onClick={() => onChange(value.filter((v) => v.componentId !== c.componentId))}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <div className="mt-2">
          <label htmlFor={`${id}-add`} className="sr-only">
            Add a component
          </label>
          <select
            id={`${id}-add`}
            className={inlineSelectClass}
            value=""
            onChange={(e) => {
              const picked = all.find((c) => c.id === e.target.value);
              if (picked) onChange([...value, { componentId: picked.id, name: picked.name, status: 'degraded_performance' }]);
            }}
          >
            <option value="">Add a component…</option>
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.group ? `${c.group} · ${c.name}` : c.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
