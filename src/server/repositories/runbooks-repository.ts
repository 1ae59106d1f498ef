import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema';

export type RunbookRow = Selectable<Database['runbooks']>;
export type RunbookVersionRow = Selectable<Database['runbook_versions']>;
export type RunbookVersionSummaryRow = Omit<RunbookVersionRow, 'body'>;

/** How often each runbook was started, and the answers to "did the runbook help?". */
export type RunbookRecordCounts = { used: number; helped: number; didNotHelp: number };

export const runbooksRepository = {
  async list(db: Kysely<Database>): Promise<RunbookRow[]> {
    return db.selectFrom('runbooks').selectAll().orderBy('title').orderBy('id').execute();
  },

  async findById(db: Kysely<Database>, id: string): Promise<RunbookRow | undefined> {
    return db.selectFrom('runbooks').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insert(db: Kysely<Database>, row: RunbookRow): Promise<void> {
    await db.insertInto('runbooks').values(row).execute();
  },

  /** Writes a new version only if the stored one is still `expected`; answers whether it did. */
  async updateIfVersion(db: Kysely<Database>, id: string, expected: number, patch: Updateable<Database['runbooks']>): Promise<boolean> {
    const result = await db.updateTable('runbooks').set(patch).where('id', '=', id).where('version', '=', expected).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async markReviewed(db: Kysely<Database>, id: string, at: number, by: string | null): Promise<void> {
    await db.updateTable('runbooks').set({ last_reviewed_at: at, last_reviewed_by: by }).where('id', '=', id).execute();
  },

  async insertVersion(db: Kysely<Database>, row: RunbookVersionRow): Promise<void> {
    await db.insertInto('runbook_versions').values(row).execute();
  },

  /** The history, newest first, without the texts. */
  async versions(db: Kysely<Database>, runbookId: string): Promise<RunbookVersionSummaryRow[]> {
    return db
      .selectFrom('runbook_versions')
      .select(['runbook_id', 'version', 'title', 'service_ids', 'selectors', 'owner_type', 'owner_id', 'review_interval_days', 'at', 'by', 'restored_from'])
      .where('runbook_id', '=', runbookId)
      .orderBy('version', 'desc')
      .execute();
  },

  async findVersion(db: Kysely<Database>, runbookId: string, version: number): Promise<RunbookVersionRow | undefined> {
    return db.selectFrom('runbook_versions').selectAll().where('runbook_id', '=', runbookId).where('version', '=', version).executeTakeFirst();
  },

  /** Runs started and feedback given, per runbook, in one grouped query. */
  async records(db: Kysely<Database>, runbookIds?: readonly string[]): Promise<Map<string, RunbookRecordCounts>> {
    if (runbookIds && runbookIds.length === 0) return new Map();
    let query = db.selectFrom('runbook_runs').select(['runbook_id', 'helped', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['runbook_id', 'helped']);
    if (runbookIds) query = query.where('runbook_id', 'in', runbookIds);
    const records = new Map<string, RunbookRecordCounts>();
    for (const row of await query.execute()) {
      const record = records.get(row.runbook_id) ?? { used: 0, helped: 0, didNotHelp: 0 };
      const n = Number(row.n);
      record.used += n;
      if (row.helped === 1) record.helped += n;
      if (row.helped === 0) record.didNotHelp += n;
      records.set(row.runbook_id, record);
    }
    return records;
  },
};
