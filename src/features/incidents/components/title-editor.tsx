import { useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, inputClass } from '../../../shared/components/field';

/** The incident title as a heading, switching to a small form on "Edit title". */
export function TitleEditor({ title, disabled, onSave }: { title: string; disabled?: boolean; onSave: (title: string, done: (error?: unknown) => void) => void }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(title);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  if (!editing) {
    return (
      <div className="flex min-w-0 items-start gap-2">
        <h1 className="min-w-0 text-xl font-semibold break-words text-slate-900 sm:text-2xl">{title}</h1>
        {disabled ? null : (
          <Button
            size="sm"
            variant="ghost"
            className="mt-1 shrink-0"
            onClick={() => {
              setDraft(title);
              setError(undefined);
              setEditing(true);
            }}
          >
            Edit title
          </Button>
        )}
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim();
    if (next === '') return setError('The title cannot be empty.');
    if (next.length > 1024) return setError('Keep the title under 1024 characters.');
    if (next === title) return setEditing(false);
    setSaving(true);
    onSave(next, (failure) => {
      setSaving(false);
      if (failure) setError(errorMessage(failure));
      else setEditing(false);
    });
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-2">
      <Field label="Title" error={error} className="min-w-0 flex-1 basis-64">
        {(props) => (
          <input {...props} autoFocus className={`${inputClass} text-base`} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setEditing(false)} />
        )}
      </Field>
      <div className="flex gap-2 sm:mt-6">
        <Button type="submit" variant="primary" disabled={saving}>
          Save
        </Button>
        <Button onClick={() => setEditing(false)}>Cancel</Button>
      </div>
    </form>
  );
}
