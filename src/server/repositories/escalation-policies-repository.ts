import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';

export type EscalationPolicyRow = Selectable<Database['escalation_policies']>;

export const escalationPoliciesRepository = {
  async findByService(db: Kysely<Database>, serviceId: string): Promise<EscalationPolicyRow | undefined> {
    return db.selectFrom('escalation_policies').selectAll().where('service_id', '=', serviceId).executeTakeFirst();
  },
  async insert(db: Kysely<Database>, row: EscalationPolicyRow): Promise<void> {
    await db.insertInto('escalation_policies').values(row).execute();
  },
  /**
   * Replaces the body only if the stored version is still `expected` (optimistic concurrency);
   * answers whether it did. The version goes up by one with every change.
   */
  async updateIfVersion(db: Kysely<Database>, serviceId: string, expected: number, body: string, at: number): Promise<boolean> {
    const result = await db
      .updateTable('escalation_policies')
      .set({ body, version: expected + 1, updated_at: at })
      .where('service_id', '=', serviceId)
      .where('version', '=', expected)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async deleteIfVersion(db: Kysely<Database>, serviceId: string, expected: number): Promise<boolean> {
    const result = await db.deleteFrom('escalation_policies').where('service_id', '=', serviceId).where('version', '=', expected).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },
};
