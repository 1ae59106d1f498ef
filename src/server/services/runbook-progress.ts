import type { Kysely } from 'kysely';
import type { IncidentDto } from '../../contracts/incidents';
import type { RunProgressDto } from '../../contracts/runbooks';
import type { Database } from '../db/schema';
import { runbookRunsRepository } from '../repositories/runbook-runs-repository';

export type IncidentRunbookProgress = NonNullable<IncidentDto['runbookProgress']>;

/**
 * What each incident's row shows of its runbooks ("Quick fix 2/4"): the run ticked most
 * recently, or null. One query for any number of incidents (a page of the dashboard).
 */
export async function runbookProgressOf(db: Kysely<Database>, incidentIds: readonly string[]): Promise<Map<string, IncidentRunbookProgress | null>> {
  const latest = await runbookRunsRepository.latestTicked(db, [...new Set(incidentIds)]);
  return new Map(
    incidentIds.map((id) => {
      const run = latest.get(id);
      return [id, run ? { runId: run.runId, runbookId: run.runbookId, title: run.title, progress: JSON.parse(run.progress) as RunProgressDto } : null];
    }),
  );
}
