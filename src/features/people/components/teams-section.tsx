import { useState } from 'react';
import type { PersonDto, TeamDto } from '../../../contracts/people';
import { Button } from '../../../shared/components/button';
import { TeamEditor } from './team-editor';

type Editing = { team?: TeamDto } | null;

export function TeamsSection({ teams, people, isAdmin }: { teams: readonly TeamDto[]; people: readonly PersonDto[]; isAdmin: boolean }) {
  const [editing, setEditing] = useState<Editing>(null);
  return (
    <section aria-labelledby="teams-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="teams-heading" className="text-lg font-semibold text-slate-900">
          Teams
        </h2>
        {isAdmin ? (
          <Button size="sm" variant="primary" onClick={() => setEditing({})}>
            New team
          </Button>
        ) : null}
      </div>
      {teams.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          No teams yet.{isAdmin ? ' Services belong to teams: create one to start.' : ''}
        </p>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2">
          {teams.map((team) => {
            const managers = team.members.filter((m) => m.manager);
            const others = team.members.filter((m) => !m.manager);
            return (
              <li key={team.id} aria-label={`Team ${team.name}`} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
                <div className="flex items-start justify-between gap-2">
                  <h3 className="font-semibold text-slate-900">{team.name}</h3>
                  {isAdmin ? (
                    <Button size="sm" onClick={() => setEditing({ team })} aria-label={`Edit team ${team.name}`}>
                      Edit
                    </Button>
                  ) : null}
                </div>
                <p className="mt-1 text-slate-700">
                  <span className="font-medium">Managers:</span> {managers.length > 0 ? managers.map((m) => m.name).join(', ') : 'none'}
                </p>
                <p className="text-slate-700">
                  <span className="font-medium">Members:</span> {others.length > 0 ? others.map((m) => m.name).join(', ') : 'none besides the managers'}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {editing ? <TeamEditor team={editing.team} people={people} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}
