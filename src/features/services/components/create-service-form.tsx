import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ServiceDto } from '../../../contracts/services';
import { ApiRequestError, errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { useCreateService } from '../api/create-service';

export function validateServiceName(name: string): string | undefined {
  if (name.trim() === '') return 'Give the service a name.';
  if (name.trim().length > 100) return 'Use at most 100 characters.';
  return undefined;
}

/** The server's complaint about the name, or undefined when the failure was about something else. */
export function nameProblem(error: unknown): string | undefined {
  if (!(error instanceof ApiRequestError)) return undefined;
  const problem = error.problemFor('name');
  if (!problem) return undefined;
  // A conflict's problem is a whole sentence; a validation problem continues the field's name.
  return error.status === 409 ? capitalise(problem) : `Name ${problem}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export type TeamOption = { id: string; name: string };

/** `teams` are the teams the person may create services for (all for an admin, managed ones for a manager). */
export function CreateServiceForm({ teams, onCreated }: { teams: readonly TeamOption[]; onCreated: (service: ServiceDto) => void }) {
  const [name, setName] = useState('');
  const [teamId, setTeamId] = useState(teams.length === 1 ? teams[0]!.id : '');
  const [error, setError] = useState<string>();
  const [teamError, setTeamError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const create = useCreateService();
  // The list may arrive after the first render; with one choice there is nothing to choose.
  const effectiveTeam = teamId || (teams.length === 1 ? teams[0]!.id : '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = validateServiceName(name);
    const missingTeam = effectiveTeam === '' ? 'Choose the team that owns the service.' : undefined;
    setError(problem);
    setTeamError(missingTeam);
    setFormError(undefined);
    if (problem || missingTeam) return;
    create.mutate(
      { name: name.trim(), teamId: effectiveTeam },
      {
        onSuccess: (service) => {
          setName('');
          onCreated(service);
        },
        onError: (failure) => {
          const fieldProblem = nameProblem(failure);
          const teamProblem = failure instanceof ApiRequestError ? failure.problemFor('teamId') : undefined;
          if (fieldProblem) setError(fieldProblem);
          else if (teamProblem) setTeamError(`Team ${teamProblem}`);
          else setFormError(errorMessage(failure));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-service-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="create-service-heading" className="mb-3 text-sm font-semibold tracking-wide text-slate-600 uppercase">
        New service
      </h2>
      <div className="flex flex-wrap items-start gap-2">
        <Field label="Service name" error={error} hint="What you page about, e.g. “Checkout API” or “Orders database”." className="min-w-0 flex-1 basis-60">
          {(props) => <input {...props} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Team" error={teamError} hint="Its managers may change the service." className="min-w-0 flex-1 basis-44 sm:flex-none">
          {(props) => (
            <select {...props} className={inputClass} value={effectiveTeam} onChange={(e) => setTeamId(e.target.value)}>
              {teams.length === 1 ? null : <option value="">Choose a team…</option>}
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button type="submit" variant="primary" className="sm:mt-6" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create service'}
        </Button>
      </div>
      <div className="mt-2">
        <FormError message={formError} />
      </div>
    </form>
  );
}
