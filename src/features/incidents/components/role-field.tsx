import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PersonDto } from '../../../contracts/people';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field } from '../../../shared/components/field';
import { PersonInput } from '../../../shared/components/person-input';

/** Assigns a role: pick a known person or type any name; an empty name unassigns. */
export function RoleField({
  label,
  value,
  people,
  disabled,
  onSave,
}: {
  label: string;
  value: string | null;
  people: readonly PersonDto[];
  disabled?: boolean;
  onSave: (next: string | null, done: (error?: unknown) => void) => void;
}) {
  const [draft, setDraft] = useState(value ?? '');
  const [synced, setSynced] = useState(value);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  // Someone else may assign the role meanwhile: follow the server unless the person is typing.
  if (synced !== value) {
    setSynced(value);
    if (draft.trim() === (synced ?? '')) setDraft(value ?? '');
  }
  const next = draft.trim();
  const changed = next !== (value ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!changed) return;
    if (next.length > 100) return setError('Use at most 100 characters.');
    setError(undefined);
    setSaving(true);
    onSave(next === '' ? null : next, (failure) => {
      setSaving(false);
      if (failure) setError(errorMessage(failure));
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Field label={label} error={error}>
        {(props) => (
          <div className="flex gap-2">
            <PersonInput {...props} people={people} disabled={disabled} value={draft} placeholder="Unassigned" onChange={(e) => setDraft(e.target.value)} />
            {changed ? (
              <Button type="submit" size="sm" variant="primary" disabled={saving} aria-label={`${next === '' ? 'Unassign' : 'Assign'} ${label.toLowerCase()}`}>
                {next === '' ? 'Unassign' : 'Assign'}
              </Button>
            ) : null}
          </div>
        )}
      </Field>
    </form>
  );
}
