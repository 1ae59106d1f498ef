import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator, sql } from 'kysely';
import type { Dialect } from './database';

/**
 * One set of migrations for both engines. Column types are the portable subset; the only
 * dialect-specific piece is the event log's sequence, which SQLite and PostgreSQL spell
 * differently. Migrations are code, so they ship inside the process and run at start.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const bigint = 'bigint' as const;
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('services')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_key', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('integration_keys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
          .addColumn('secret', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('revoked_at', bigint)
          .execute();
        await db.schema.createIndex('integration_keys_service').on('integration_keys').column('service_id').execute();
        await db.schema
          .createTable('incidents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('number', 'integer', (c) => c.notNull())
          .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('phase', 'text', (c) => c.notNull())
          .addColumn('triggered_at', bigint, (c) => c.notNull())
          .addColumn('acknowledged_at', bigint)
          .addColumn('resolved_at', bigint)
          .addColumn('alert_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_alert_at', bigint)
          .addColumn('last_status_update_at', bigint)
          .addColumn('commander', 'text')
          .addColumn('scribe', 'text')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('dedup_key', 'text')
          .addColumn('open_dedup', 'text', (c) => c.unique())
          .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
          .addUniqueConstraint('incidents_year_number', ['year', 'number'])
          .execute();
        await db.schema.createIndex('incidents_state').on('incidents').columns(['state', 'triggered_at']).execute();
        await db.schema.createIndex('incidents_service').on('incidents').columns(['service_id', 'state']).execute();
        await db.schema
          .createTable('incident_counters')
          .addColumn('year', 'integer', (c) => c.primaryKey())
          .addColumn('last_number', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('alerts')
          .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('labels', 'text', (c) => c.notNull())
          .addColumn('first_seen_at', bigint, (c) => c.notNull())
          .addColumn('last_seen_at', bigint, (c) => c.notNull())
          .addColumn('occurrences', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('alerts_pk', ['incident_id', 'fingerprint'])
          .execute();
        await db.schema
          .createTable('events')
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('at', bigint, (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('incident_id', 'text')
          .addColumn('service_id', 'text')
          .addColumn('actor_type', 'text', (c) => c.notNull())
          .addColumn('actor_name', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('events_incident').on('events').columns(['incident_id', 'seq']).execute();
        await db.schema
          .createTable('people')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('time_zone', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        // The event log is append-only: the database itself refuses edits and deletes.
        if (dialect === 'sqlite') {
          await sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
          await sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
        } else {
          await sql`CREATE FUNCTION firewatch_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$`.execute(db);
          await sql`CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION firewatch_events_append_only()`.execute(db);
        }
      },
    },
  };
}

class InlineMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/** Brings the schema up to date; throws (and the process refuses to start) if a migration fails. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: new InlineMigrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
