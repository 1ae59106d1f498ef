import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';

export type SessionRow = Selectable<Database['sessions']>;
export type ApiTokenRow = Selectable<Database['api_tokens']>;
export type InviteRow = Selectable<Database['invites']>;
export type AuditRow = Selectable<Database['audit_log']>;

/** Sessions, API tokens and invitations: each stored only as a hash of its secret. */
export const accessRepository = {
  async insertSession(db: Kysely<Database>, row: SessionRow): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  },
  async findSession(db: Kysely<Database>, idHash: string): Promise<SessionRow | undefined> {
    return db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  },
  async touchSession(db: Kysely<Database>, idHash: string, at: number, expiresAt: number): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: at, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
  },
  async revokeSession(db: Kysely<Database>, idHash: string, at: number): Promise<void> {
    await db.updateTable('sessions').set({ revoked_at: at }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
  },
  /** Revokes every live session of a person except `keep`; returns the revoked ids' hashes. */
  async revokeSessionsOf(db: Kysely<Database>, userId: string, at: number, keep?: string): Promise<string[]> {
    let query = db.selectFrom('sessions').select('id_hash').where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (keep) query = query.where('id_hash', '<>', keep);
    const rows = await query.execute();
    if (rows.length) {
      await db.updateTable('sessions').set({ revoked_at: at }).where('id_hash', 'in', rows.map((r) => r.id_hash)).execute();
    }
    return rows.map((r) => r.id_hash);
  },
  async insertToken(db: Kysely<Database>, row: ApiTokenRow): Promise<void> {
    await db.insertInto('api_tokens').values(row).execute();
  },
  async findTokenByHash(db: Kysely<Database>, tokenHash: string): Promise<ApiTokenRow | undefined> {
    return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  },
  async tokensOf(db: Kysely<Database>, userId: string): Promise<ApiTokenRow[]> {
    return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  },
  async findToken(db: Kysely<Database>, userId: string, id: string): Promise<ApiTokenRow | undefined> {
    return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  },
  async revokeToken(db: Kysely<Database>, id: string, at: number): Promise<void> {
    await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
  },
  async markTokenUsed(db: Kysely<Database>, id: string, at: number): Promise<void> {
    await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  },
  async insertInvite(db: Kysely<Database>, row: InviteRow): Promise<void> {
    await db.insertInto('invites').values(row).execute();
  },
  async findInvite(db: Kysely<Database>, tokenHash: string): Promise<InviteRow | undefined> {
    return db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  },
  /** Ends every invitation link of a person: superseded by a new one, used, or their password is set. */
  async deleteInvitesOf(db: Kysely<Database>, userId: string): Promise<void> {
    await db.deleteFrom('invites').where('user_id', '=', userId).execute();
  },
  async appendAudit(db: Kysely<Database>, row: Insertable<Database['audit_log']>): Promise<void> {
    await db.insertInto('audit_log').values(row).execute();
  },
  async listAudit(
    db: Kysely<Database>,
    filter: { actor?: string | undefined; action?: string | undefined; targetType?: string | undefined; before?: number | undefined; limit: number },
  ): Promise<AuditRow[]> {
    let query = db.selectFrom('audit_log').selectAll();
    if (filter.actor) query = query.where('actor_name', '=', filter.actor);
    if (filter.action) query = query.where('action', 'like', `${filter.action}%`);
    if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
    if (filter.before) query = query.where('seq', '<', filter.before);
    return query.orderBy('seq', 'desc').limit(filter.limit).execute();
  },
};
