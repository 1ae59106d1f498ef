import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PersonDto } from '../../../contracts/people';
import type { ActionItemDto } from '../../../contracts/postmortems';
import { ACTION_ITEM_STATUSES, POSTMORTEM_LIMITS } from '../../../domain/postmortem/model';
import type { ActionItemStatus } from '../../../domain/postmortem/model';
import { ApiRequestError, errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { STATUS_LABELS } from './action-item-parts';

export type ActionItemValues = { title: string; ownerId: string; dueOn: string | null; status: ActionItemStatus; link: string | null };

type Draft = { title: string; ownerId: string; dueOn: string; status: ActionItemStatus; link: string };

const FIELDS = ['title', 'ownerId', 'dueOn', 'status', 'link'] as const;
type FieldName = (typeof FIELDS)[number];
const LABELS: Record<FieldName, string> = { title: 'Title', ownerId: 'Owner', dueOn: 'Due date', status: 'Status', link: 'Link' };

/** The checks the contract makes that a person can fix before a round trip; the server checks again. */
function check(draft: Draft): Partial<Record<FieldName, string>> {
  const problems: Partial<Record<FieldName, string>> = {};
  if (draft.title.trim() === '') problems.title = 'Type what is to be done.';
  else if (draft.title.trim().length > POSTMORTEM_LIMITS.actionItemTitleChars) problems.title = `Use at most ${POSTMORTEM_LIMITS.actionItemTitleChars} characters.`;
  if (draft.ownerId === '') problems.ownerId = 'Choose the person who owns it.';
  const link = draft.link.trim();
  if (link !== '' && !/^https?:\/\/[^\s/?#]+\S*$/i.test(link)) problems.link = 'Use an http:// or https:// link (a ticket, a pull request).';
  return problems;
}

/**
 * The add and edit form of an action item. The owner is picked from the directory (a native
 * select: typing a letter jumps to a name, arrows move, no mouse needed); the due date is the
 * browser's date picker; the server's field problems show under their fields.
 */
export function ActionItemForm({
  people,
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  people: readonly PersonDto[];
  initial?: ActionItemDto;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: ActionItemValues) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState<Draft>({
    title: initial?.title ?? '',
    ownerId: initial?.owner.id ?? '',
    dueOn: initial?.dueOn ?? '',
    status: initial?.status ?? 'open',
    link: initial?.link ?? '',
  });
  const [problems, setProblems] = useState<Partial<Record<FieldName, string>>>({});
  const [checkedError, setCheckedError] = useState<unknown>(null);
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));

  // The server's answer replaces the local checks once it arrives; a new try clears both.
  const serverError = error !== checkedError ? error : null;
  const messageFor = (field: FieldName) => problems[field] ?? fieldMessage(serverError, field, LABELS[field]);
  const named = serverError instanceof ApiRequestError && serverError.fields.some((f) => (FIELDS as readonly string[]).includes(f.field));
  const formError = serverError && !named ? errorMessage(serverError) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = check(draft);
    setProblems(found);
    setCheckedError(error);
    if (Object.keys(found).length > 0) return;
    onSubmit({ title: draft.title.trim(), ownerId: draft.ownerId, dueOn: draft.dueOn === '' ? null : draft.dueOn, status: draft.status, link: draft.link.trim() === '' ? null : draft.link.trim() });
  };

  // Keep a departed owner choosable while editing their old item, so the form never silently reassigns it.
  const options = initial && !people.some((p) => p.id === initial.owner.id) ? [...people, { id: initial.owner.id, name: initial.owner.name, timeZone: initial.owner.timeZone } as PersonDto] : people;

  return (
    <form noValidate onSubmit={submit} aria-label={initial ? `Edit ${initial.title}` : 'Add an action item'} className="grid gap-3 sm:grid-cols-2">
      <Field label="Title" error={messageFor('title')} className="sm:col-span-2">
        {(props) => <input {...props} value={draft.title} onChange={(e) => set({ title: e.target.value })} className={inputClass} />}
      </Field>
      <Field label="Owner" error={messageFor('ownerId')}>
        {(props) => (
          <select {...props} value={draft.ownerId} onChange={(e) => set({ ownerId: e.target.value })} className={inputClass}>
            <option value="">Choose a person…</option>
            {options.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name} ({person.timeZone})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Due date" error={messageFor('dueOn')} hint="A day in the owner's time zone.">
        {(props) => <input {...props} type="date" value={draft.dueOn} onChange={(e) => set({ dueOn: e.target.value })} className={inputClass} />}
      </Field>
      <Field label="Status" error={messageFor('status')}>
        {(props) => (
          <select {...props} value={draft.status} onChange={(e) => set({ status: e.target.value as ActionItemStatus })} className={inputClass}>
            {ACTION_ITEM_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Link (optional)" error={messageFor('link')}>
        {(props) => <input {...props} inputMode="url" placeholder="https://…" value={draft.link} onChange={(e) => set({ link: e.target.value })} className={inputClass} />}
      </Field>
      <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </Button>
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
      </div>
      {formError ? (
        <div className="sm:col-span-2">
          <FormError message={formError} />
        </div>
      ) : null}
    </form>
  );
}
