import { useState } from 'react';
import type { PersonDto } from '../../../contracts/people';
import { ROLES } from '../../../domain/access/roles';
import type { Role } from '../../../domain/access/roles';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { inputClass } from '../../../shared/components/field';
import { useReinvitePerson } from '../api/reinvite-person';
import { useUpdatePerson } from '../api/update-person';
import { InviteLink } from './invite-link';

/** Everyone, for everyone; an admin also changes roles and makes new invite links. */
export function PeopleList({ people, isAdmin }: { people: readonly PersonDto[]; isAdmin: boolean }) {
  const sorted = [...people].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <ul aria-label="People" className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white">
      {sorted.map((person) => (
        <PersonRow key={person.id} person={person} isAdmin={isAdmin} />
      ))}
    </ul>
  );
}

function PersonRow({ person, isAdmin }: { person: PersonDto; isAdmin: boolean }) {
  const update = useUpdatePerson();
  const reinvite = useReinvitePerson();
  const [error, setError] = useState<string>();
  const roleSelectId = `role-${person.id}`;
  const changeRole = (role: Role) => {
    setError(undefined);
    update.mutate({ id: person.id, role }, { onError: (failure) => setError(errorMessage(failure)) });
  };
  return (
    <li aria-label={person.name} className="flex flex-wrap items-start gap-x-4 gap-y-2 px-4 py-3">
      <div className="min-w-0 flex-1 basis-56">
        <p className="font-medium text-slate-900">
          {person.name}
          {person.hasPassword ? null : <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">invited, no password yet</span>}
        </p>
        <p className="text-sm break-all text-slate-600">{person.email}</p>
        <p className="text-sm text-slate-600">
          {person.timeZone}
          {person.teams.length > 0 ? ` · ${person.teams.map((team) => `${team.name}${team.manager ? ' (manager)' : ''}`).join(', ')}` : ' · no team'}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {isAdmin ? (
          <>
            <label htmlFor={roleSelectId} className="sr-only">
              Role of {person.name}
            </label>
            <select id={roleSelectId} className={`${inputClass} w-32`} value={person.role} disabled={update.isPending} onChange={(e) => changeRole(e.target.value as Role)}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
            {/* A set-password link is only for someone who has none: for anyone else it would be a takeover. */}
            {person.hasPassword ? null : (
              <Button
                size="sm"
                disabled={reinvite.isPending}
                onClick={() => {
                  setError(undefined);
                  reinvite.mutate({ id: person.id }, { onError: (failure) => setError(errorMessage(failure)) });
                }}
                aria-label={`New invite link for ${person.name}`}
              >
                New invite link
              </Button>
            )}
          </>
        ) : (
          <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-200">{person.role}</span>
        )}
      </div>
      {error ? (
        <p role="alert" className="w-full rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {reinvite.data ? (
        <div className="w-full">
          <InviteLink name={person.name} path={reinvite.data.inviteUrl} />
        </div>
      ) : null}
    </li>
  );
}
