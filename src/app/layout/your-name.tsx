import { useState } from 'react';
import type { FormEvent } from 'react';
import { useIdentityStore } from '../../lib/identity-store';
import { Button } from '../../shared/components/button';
import { Dialog } from '../../shared/components/dialog';
import { Field, inputClass } from '../../shared/components/field';

/** Who the timeline says you are, until accounts exist. */
export function YourName() {
  const name = useIdentityStore((s) => s.name);
  const [editing, setEditing] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setEditing(true)}
        className="inline-flex max-w-44 items-center gap-1.5 truncate rounded-md border border-slate-600 px-2.5 py-1 text-xs font-medium text-slate-100 hover:bg-slate-800"
      >
        <span className="text-slate-300">Your name:</span>
        <span className="truncate">{name || 'not set'}</span>
      </button>
      {editing ? <NameDialog initial={name} onClose={() => setEditing(false)} /> : null}
    </>
  );
}

function NameDialog({ initial, onClose }: { initial: string; onClose: () => void }) {
  const setName = useIdentityStore((s) => s.setName);
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim().length > 100) return setError('Use at most 100 characters.');
    setName(draft);
    onClose();
  };
  return (
    <Dialog title="Your name" description="Shown on the timeline next to what you do. Leave it empty to act as “Anonymous”." onClose={onClose} size="sm">
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label="Your name" error={error}>
          {(props) => <input {...props} data-autofocus autoComplete="name" className={inputClass} value={draft} onChange={(e) => setDraft(e.target.value)} />}
        </Field>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary">
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
