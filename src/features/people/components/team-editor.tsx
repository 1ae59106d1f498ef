import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PersonDto, TeamDto } from '../../../contracts/people';
import { errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Dialog } from '../../../shared/components/dialog';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { useCreateTeam } from '../api/create-team';
import { useUpdateTeam } from '../api/update-team';

type Membership = Map<string, { manager: boolean }>;

/** Creates a team or replaces one's name and members: a checkbox per person, and whether they manage it. */
export function TeamEditor({ team, people, onClose }: { team?: TeamDto | undefined; people: readonly PersonDto[]; onClose: () => void }) {
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const [name, setName] = useState(team?.name ?? '');
  const [members, setMembers] = useState<Membership>(() => new Map((team?.members ?? []).map((m) => [m.userId, { manager: m.manager }])));
  const [nameError, setNameError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const pending = create.isPending || update.isPending;
  const sorted = [...people].sort((a, b) => a.name.localeCompare(b.name));

  const toggle = (userId: string, on: boolean) =>
    setMembers((current) => {
      const next = new Map(current);
      if (on) next.set(userId, { manager: false });
      else next.delete(userId);
      return next;
    });
  const setManager = (userId: string, manager: boolean) => setMembers((current) => new Map(current).set(userId, { manager }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const problem = trimmed === '' ? 'Give the team a name.' : trimmed.length > 100 ? 'Use at most 100 characters.' : undefined;
    setNameError(problem);
    setFormError(undefined);
    if (problem) return;
    const body = { name: trimmed, members: [...members].map(([userId, { manager }]) => ({ userId, manager })) };
    const callbacks = {
      onSuccess: onClose,
      onError: (error: unknown) => {
        const message = fieldMessage(error, 'name', 'Name');
        if (message) setNameError(message);
        else setFormError(errorMessage(error));
      },
    };
    if (team) update.mutate({ id: team.id, ...body }, callbacks);
    else create.mutate(body, callbacks);
  };

  return (
    <Dialog title={team ? `Edit team ${team.name}` : 'New team'} description="Managers of a team may create and change its services." onClose={onClose}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label="Team name" error={nameError}>
          {(props) => <input {...props} data-autofocus className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-800">Members</legend>
          <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200">
            {sorted.map((person) => {
              const membership = members.get(person.id);
              return (
                <li key={person.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
                  <label className="inline-flex items-center gap-2 text-slate-900">
                    <input type="checkbox" className="size-4" checked={membership !== undefined} onChange={(e) => toggle(person.id, e.target.checked)} />
                    {person.name} <span className="text-slate-600">· {person.role}</span>
                  </label>
                  {membership ? (
                    <label className="inline-flex items-center gap-2 text-slate-700">
                      <input type="checkbox" className="size-4" checked={membership.manager} onChange={(e) => setManager(person.id, e.target.checked)} aria-label={`${person.name} manages the team`} />
                      Manager
                    </label>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </fieldset>
        <FormError message={formError} />
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? 'Saving…' : team ? 'Save team' : 'Create team'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
