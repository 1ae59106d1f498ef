import { useState } from 'react';
import type { PersonDto, TeamDto } from '../../../contracts/people';
import type { ScheduleDto } from '../../../contracts/schedules';
import { canEditTeamResource } from '../../../domain/access/roles';
import { isIanaZone } from '../../../domain/people/contact';
import { principalOf } from '../../../lib/session';
import { Button } from '../../../shared/components/button';
import { LayerEditor } from './layer-editor';
import { ScheduleHeading } from './schedule-heading';

type Props = { dto: ScheduleDto; problems: ReadonlyArray<{ field: string; problem: string }>; people: readonly PersonDto[]; teams: readonly TeamDto[]; user: PersonDto };

/**
 * A stored schedule the rules refuse (saved before a rule existed) cannot be drawn: this says what
 * is wrong, field by field, and lets a manager of its team open the layer editor to repair it.
 */
export function UnresolvableSchedule({ dto, problems, people, teams, user }: Props) {
  const [editing, setEditing] = useState(false);
  const team = teams.find((t) => t.id === dto.teamId);
  const manages = canEditTeamResource(principalOf(user), dto.teamId);
  const members = (team?.members ?? []).map((m) => people.find((p) => p.id === m.userId)).filter((p): p is PersonDto => p !== undefined);
  const zone = isIanaZone(user.timeZone) ? user.timeZone : 'UTC';
  return (
    <section aria-labelledby="schedule-title" className="space-y-4">
      <ScheduleHeading name={dto.name} />
      <div role="alert" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        <p className="font-medium">This schedule cannot be shown or page anyone until it is repaired.</p>
        <ul className="list-disc pl-5">
          {problems.map((p) => (
            <li key={p.field}>
              <code>{p.field}</code> {p.problem}
            </li>
          ))}
        </ul>
        {manages ? null : <p>Ask a manager of {team?.name ?? 'its team'} to edit its layers.</p>}
      </div>
      {manages ? (
        <Button variant="primary" onClick={() => setEditing(true)}>
          Edit layers
        </Button>
      ) : null}
      {editing ? <LayerEditor dto={dto} members={members} zone={zone} onClose={() => setEditing(false)} /> : null}
    </section>
  );
}
