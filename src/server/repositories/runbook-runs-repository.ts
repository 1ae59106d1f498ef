import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';

export type RunbookRunRow = Selectable<Database['runbook_runs']>;
export type RunStepRow = Selectable<Database['runbook_run_steps']>;
export type RunSectionRow = Selectable<Database['runbook_run_sections']>;

/** A section whose countdown may still run over: its deadline, run, incident and runbook. */
export type PendingDeadlineRow = RunSectionRow & { incident_id: string; runbook_id: string; version: number; run_started_at: number };

export const runbookRunsRepository = {
  async insert(db: Kysely<Database>, row: RunbookRunRow): Promise<void> {
    await db.insertInto('runbook_runs').values(row).execute();
  },

  async findById(db: Kysely<Database>, id: string): Promise<RunbookRunRow | undefined> {
    return db.selectFrom('runbook_runs').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findByIncidentAndRunbook(db: Kysely<Database>, incidentId: string, runbookId: string): Promise<RunbookRunRow | undefined> {
    return db.selectFrom('runbook_runs').selectAll().where('incident_id', '=', incidentId).where('runbook_id', '=', runbookId).executeTakeFirst();
  },

  async forIncident(db: Kysely<Database>, incidentId: string): Promise<RunbookRunRow[]> {
    return db.selectFrom('runbook_runs').selectAll().where('incident_id', '=', incidentId).orderBy('started_at').orderBy('id').execute();
  },

  async steps(db: Kysely<Database>, runIds: readonly string[]): Promise<RunStepRow[]> {
    if (runIds.length === 0) return [];
    return db.selectFrom('runbook_run_steps').selectAll().where('run_id', 'in', runIds).orderBy('at').orderBy('step_id').execute();
  },

  async sections(db: Kysely<Database>, runIds: readonly string[]): Promise<RunSectionRow[]> {
    if (runIds.length === 0) return [];
    return db.selectFrom('runbook_run_sections').selectAll().where('run_id', 'in', runIds).orderBy('started_at').orderBy('section_id').execute();
  },

  /** Sets a step's state (the row is kept when unticked, so who unticked it is known). */
  async setStep(db: Kysely<Database>, row: RunStepRow): Promise<void> {
    await db
      .insertInto('runbook_run_steps')
      .values(row)
      .onConflict((oc) => oc.columns(['run_id', 'step_id']).doUpdateSet({ checked: row.checked, by: row.by, at: row.at }))
      .execute();
  },

  /** Starts a section's countdown unless it has started already; answers whether this call started it. */
  async startSection(db: Kysely<Database>, row: RunSectionRow): Promise<boolean> {
    const result = await db.insertInto('runbook_run_sections').values(row).onConflict((oc) => oc.columns(['run_id', 'section_id']).doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  },

  async recordTick(db: Kysely<Database>, runId: string, at: number, progress: string): Promise<void> {
    await db.updateTable('runbook_runs').set({ last_ticked_at: at, progress }).where('id', '=', runId).execute();
  },

  async setHelped(db: Kysely<Database>, runId: string, helped: boolean): Promise<void> {
    await db.updateTable('runbook_runs').set({ helped: helped ? 1 : 0 }).where('id', '=', runId).execute();
  },

  /** Closes the incident's open runs (it resolved): they take no more ticks and no overrun is posted. */
  async closeForIncident(db: Kysely<Database>, incidentId: string, at: number): Promise<void> {
    await db.updateTable('runbook_runs').set({ closed_at: at }).where('incident_id', '=', incidentId).where('closed_at', 'is', null).execute();
  },

  /**
   * The most recently ticked run of each incident, with its title as pinned, in one query for a
   * whole page of incidents (the dashboard list).
   */
  async latestTicked(db: Kysely<Database>, incidentIds: readonly string[]): Promise<Map<string, { runId: string; runbookId: string; title: string; progress: string }>> {
    if (incidentIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('runbook_runs')
      .innerJoin('runbook_versions', (join) => join.onRef('runbook_versions.runbook_id', '=', 'runbook_runs.runbook_id').onRef('runbook_versions.version', '=', 'runbook_runs.version'))
      .select(['runbook_runs.id', 'runbook_runs.incident_id', 'runbook_runs.runbook_id', 'runbook_runs.last_ticked_at', 'runbook_runs.progress', 'runbook_versions.title'])
      .where('runbook_runs.incident_id', 'in', incidentIds)
      .where('runbook_runs.last_ticked_at', 'is not', null)
      .execute();
    const latest = new Map<string, { at: number; id: string; value: { runId: string; runbookId: string; title: string; progress: string } }>();
    for (const row of rows) {
      if (row.progress === null || row.last_ticked_at === null) continue;
      const seen = latest.get(row.incident_id);
      if (seen && (seen.at > row.last_ticked_at || (seen.at === row.last_ticked_at && seen.id > row.id))) continue;
      latest.set(row.incident_id, { at: row.last_ticked_at, id: row.id, value: { runId: row.id, runbookId: row.runbook_id, title: row.title, progress: row.progress } });
    }
    return new Map([...latest].map(([incidentId, entry]) => [incidentId, entry.value]));
  },

  /** The earliest deadline of an open run's section that has not been checked yet. */
  async nextDeadline(db: Kysely<Database>): Promise<number | undefined> {
    const row = await db
      .selectFrom('runbook_run_sections')
      .innerJoin('runbook_runs', 'runbook_runs.id', 'runbook_run_sections.run_id')
      .select('runbook_run_sections.deadline')
      .where('runbook_run_sections.deadline_checked_at', 'is', null)
      .where('runbook_run_sections.deadline', 'is not', null)
      .where('runbook_runs.closed_at', 'is', null)
      .orderBy('runbook_run_sections.deadline')
      .limit(1)
      .executeTakeFirst();
    return row?.deadline ?? undefined;
  },

  /** Sections of open runs whose deadline has passed (at or before `now`) and was not checked yet. */
  async dueDeadlines(db: Kysely<Database>, now: number, limit: number): Promise<PendingDeadlineRow[]> {
    return db
      .selectFrom('runbook_run_sections')
      .innerJoin('runbook_runs', 'runbook_runs.id', 'runbook_run_sections.run_id')
      .selectAll('runbook_run_sections')
      .select(['runbook_runs.incident_id', 'runbook_runs.runbook_id', 'runbook_runs.version', 'runbook_runs.started_at as run_started_at'])
      .where('runbook_run_sections.deadline_checked_at', 'is', null)
      .where('runbook_run_sections.deadline', 'is not', null)
      .where('runbook_run_sections.deadline', '<=', now)
      .where('runbook_runs.closed_at', 'is', null)
      .orderBy('runbook_run_sections.deadline')
      .limit(limit)
      .execute();
  },

  /** Settles a section's deadline once, with the overrun posted or not; answers whether this call did. */
  async checkDeadline(db: Kysely<Database>, runId: string, sectionId: string, at: number, overrun: boolean): Promise<boolean> {
    const result = await db
      .updateTable('runbook_run_sections')
      .set({ deadline_checked_at: at, overrun_posted_at: overrun ? at : null })
      .where('run_id', '=', runId)
      .where('section_id', '=', sectionId)
      .where('deadline_checked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
};
