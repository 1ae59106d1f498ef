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
    '0002_people_teams_access': {
      async up(db: Kysely<unknown>) {
        const bool = 'integer' as const;
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('email_key', 'text', (c) => c.notNull().unique())
          .addColumn('time_zone', 'text', (c) => c.notNull())
          .addColumn('quiet_start', 'text')
          .addColumn('quiet_end', 'text')
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text')
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .execute();
        // The people of the first version become responders without passwords (admins invite them).
        await sql`INSERT INTO users (id, name, email, email_key, time_zone, role, created_at, updated_at)
                  SELECT id, name, email, lower(email), time_zone, 'responder', created_at, created_at FROM people`.execute(db);
        await db.schema.dropTable('people').execute();
        await db.schema
          .createTable('contact_methods')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('address', 'text', (c) => c.notNull())
          .addColumn('verified', bool, (c) => c.notNull().defaultTo(0))
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('contact_methods_user').on('contact_methods').column('user_id').execute();
        await db.schema
          .createTable('notification_rules')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('urgency', 'text', (c) => c.notNull())
          .addColumn('contact_method_id', 'text', (c) => c.notNull().references('contact_methods.id'))
          .addColumn('delay_minutes', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('notification_rules_user').on('notification_rules').column('user_id').execute();
        await db.schema
          .createTable('teams')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_key', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('team_members')
          .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('manager', bool, (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
          .execute();
        await db.schema.alterTable('services').addColumn('team_id', 'text', (c) => c.references('teams.id')).execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('last_seen_at', bigint, (c) => c.notNull())
          .addColumn('expires_at', bigint, (c) => c.notNull())
          .addColumn('revoked_at', bigint)
          .addColumn('ip', 'text')
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('last_used_at', bigint)
          .addColumn('revoked_at', bigint)
          .execute();
        await db.schema
          .createTable('invites')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('expires_at', bigint, (c) => c.notNull())
          .addColumn('used_at', bigint)
          .execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('at', bigint, (c) => c.notNull())
          .addColumn('actor_type', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text')
          .addColumn('actor_name', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target_type', 'text')
          .addColumn('target_id', 'text')
          .addColumn('ip', 'text')
          .addColumn('before', 'text')
          .addColumn('after', 'text')
          .execute();
        await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
        if (dialect === 'sqlite') {
          await sql`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`.execute(db);
          await sql`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`.execute(db);
        } else {
          await sql`CREATE FUNCTION firewatch_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$`.execute(db);
          await sql`CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION firewatch_audit_append_only()`.execute(db);
        }
      },
    },
    '0003_schedules': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('schedules')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
          .addColumn('zone', 'text', (c) => c.notNull())
          .addColumn('layers', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('backup_lag', 'integer')
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('schedule_overrides')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('start_at', bigint, (c) => c.notNull())
          .addColumn('end_at', bigint, (c) => c.notNull())
          .addColumn('created_by', 'text')
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('schedule_overrides_schedule').on('schedule_overrides').columns(['schedule_id', 'start_at']).execute();
        await db.schema
          .createTable('calendar_feeds')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('target_id', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('revoked_at', bigint)
          .execute();
      },
    },
    '0004_outbox': {
      async up(db: Kysely<unknown>) {
        // Effects decided inside a transaction, performed after it commits (engine/outbox-runner.ts).
        await db.schema
          .createTable('outbox')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('due_at', bigint, (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('last_error', 'text')
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('sent_at', bigint)
          .addColumn('claimed_until', bigint)
          .addColumn('claim_token', 'text')
          .execute();
        await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'due_at']).execute();
        await db.schema.createIndex('outbox_claimed').on('outbox').columns(['state', 'claimed_until']).execute();
      },
    },
    '0005_paging': {
      async up(db: Kysely<unknown>) {
        const bool = 'integer' as const;
        // One policy per service; the levels and options as JSON, `version` for compare-and-set.
        await db.schema
          .createTable('escalation_policies')
          .addColumn('service_id', 'text', (c) => c.primaryKey().references('services.id').onDelete('cascade'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .execute();
        // The engine's state per incident (domain/escalation, as JSON) and its pending timers, one row each.
        await db.schema
          .createTable('escalations')
          .addColumn('incident_id', 'text', (c) => c.primaryKey())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('escalation_timers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('timer_key', 'text', (c) => c.notNull().unique())
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addColumn('due_at', bigint, (c) => c.notNull())
          .addColumn('timer', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('escalation_timers_due').on('escalation_timers').columns(['due_at']).execute();
        await db.schema.createIndex('escalation_timers_incident').on('escalation_timers').columns(['incident_id']).execute();
        // One row per page decided: what the metrics read (local hour of the recipient) and what delivery callbacks update.
        await db.schema
          .createTable('pages')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('page_key', 'text', (c) => c.notNull().unique())
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('contact_method_id', 'text')
          .addColumn('address', 'text')
          .addColumn('level', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('provider_id', 'text')
          .addColumn('error', 'text')
          .addColumn('ack_code', 'text')
          .addColumn('bundled_into', 'text')
          .addColumn('local_hour', 'integer', (c) => c.notNull())
          .addColumn('zone', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('sent_at', bigint)
          .execute();
        await db.schema.createIndex('pages_incident').on('pages').columns(['incident_id']).execute();
        await db.schema.createIndex('pages_user_channel').on('pages').columns(['user_id', 'channel', 'created_at']).execute();
        await db.schema.createIndex('pages_provider').on('pages').columns(['provider_id']).execute();
        // A bundle's sender reads the pages it holds; without this each send scanned every page.
        await db.schema.createIndex('pages_bundled_into').on('pages').columns(['bundled_into']).execute();
        // One-click acknowledge links: stored hashed, single use, expiring.
        await db.schema
          .createTable('ack_tokens')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('expires_at', bigint, (c) => c.notNull())
          .addColumn('used_at', bigint)
          .execute();
        await db.schema
          .createTable('maintenance_windows')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
          .addColumn('start_at', bigint, (c) => c.notNull())
          .addColumn('end_at', bigint, (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('ended_early_at', bigint)
          .execute();
        await db.schema.createIndex('maintenance_windows_service').on('maintenance_windows').columns(['service_id', 'end_at']).execute();
        // A code sent over a contact method proves it reaches the person; stored hashed.
        await db.schema
          .createTable('contact_verifications')
          .addColumn('contact_method_id', 'text', (c) => c.primaryKey().references('contact_methods.id').onDelete('cascade'))
          .addColumn('code_hash', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('expires_at', bigint, (c) => c.notNull())
          .execute();
        // Recorded for the metrics: when paging began and escalated, and who acknowledged how.
        for (const column of ['first_notified_at', 'first_escalated_at'] as const) {
          await db.schema.alterTable('incidents').addColumn(column, bigint).execute();
        }
        await db.schema.alterTable('incidents').addColumn('acknowledged_by', 'text').execute();
        await db.schema.alterTable('incidents').addColumn('acknowledged_how', 'text').execute();
        await db.schema.alterTable('incidents').addColumn('maintenance_window_id', 'text').execute();
        await db.schema.alterTable('users').addColumn('p1_breaks_quiet', bool, (c) => c.notNull().defaultTo(0)).execute();
      },
    },
    '0006_runbooks': {
      async up(db: Kysely<unknown>) {
        const bool = 'integer' as const;
        // The library: the current text of each runbook (its structure is read from the markdown,
        // never stored apart), services and selectors as JSON lists, `version` for compare-and-set.
        await db.schema
          .createTable('runbooks')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('service_ids', 'text', (c) => c.notNull())
          .addColumn('selectors', 'text', (c) => c.notNull())
          .addColumn('owner_type', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull())
          .addColumn('review_interval_days', 'integer', (c) => c.notNull())
          .addColumn('last_reviewed_at', bigint)
          .addColumn('last_reviewed_by', 'text')
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('created_by', 'text')
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .addColumn('updated_by', 'text')
          .execute();
        // Every saved version as it was, for the history, the diff and restore; runs read their pinned one.
        await db.schema
          .createTable('runbook_versions')
          .addColumn('runbook_id', 'text', (c) => c.notNull().references('runbooks.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('service_ids', 'text', (c) => c.notNull())
          .addColumn('selectors', 'text', (c) => c.notNull())
          .addColumn('owner_type', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull())
          .addColumn('review_interval_days', 'integer', (c) => c.notNull())
          .addColumn('at', bigint, (c) => c.notNull())
          .addColumn('by', 'text')
          .addColumn('restored_from', 'integer')
          .addPrimaryKeyConstraint('runbook_versions_pk', ['runbook_id', 'version'])
          .execute();
        // A runbook started on an incident, following one version; closed when the incident resolves.
        await db.schema
          .createTable('runbook_runs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
          .addColumn('runbook_id', 'text', (c) => c.notNull().references('runbooks.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('started_at', bigint, (c) => c.notNull())
          .addColumn('started_by', 'text')
          .addColumn('closed_at', bigint)
          .addColumn('helped', bool)
          .addColumn('last_ticked_at', bigint)
          .addColumn('progress', 'text')
          .addUniqueConstraint('runbook_runs_incident_runbook', ['incident_id', 'runbook_id'])
          .execute();
        await db.schema.createIndex('runbook_runs_runbook').on('runbook_runs').column('runbook_id').execute();
        // The current state of each step ever ticked (who and when); the timeline keeps the history.
        await db.schema
          .createTable('runbook_run_steps')
          .addColumn('run_id', 'text', (c) => c.notNull().references('runbook_runs.id'))
          .addColumn('step_id', 'text', (c) => c.notNull())
          .addColumn('checked', bool, (c) => c.notNull())
          .addColumn('by', 'text')
          .addColumn('at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('runbook_run_steps_pk', ['run_id', 'step_id'])
          .execute();
        // A section's countdown: started by its first tick or by "Start"; the overrun is posted once.
        await db.schema
          .createTable('runbook_run_sections')
          .addColumn('run_id', 'text', (c) => c.notNull().references('runbook_runs.id'))
          .addColumn('section_id', 'text', (c) => c.notNull())
          .addColumn('started_at', bigint, (c) => c.notNull())
          .addColumn('deadline', bigint)
          .addColumn('overrun_posted_at', bigint)
          // When the deadline was looked at (overrun posted, or the section was done in time): never again.
          .addColumn('deadline_checked_at', bigint)
          .addPrimaryKeyConstraint('runbook_run_sections_pk', ['run_id', 'section_id'])
          .execute();
        await db.schema.createIndex('runbook_run_sections_deadline').on('runbook_run_sections').columns(['deadline_checked_at', 'deadline']).execute();
      },
    },
    '0007_postmortems': {
      async up(db: Kysely<unknown>) {
        // One post-mortem per incident (the unique incident is what makes "create" answer the existing one).
        await db.schema
          .createTable('postmortems')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('incident_id', 'text', (c) => c.notNull().unique().references('incidents.id'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
          // A calendar date 'YYYY-MM-DD' in the owner's zone; reminded once (cleared when the date moves).
          .addColumn('follow_up_on', 'text', (c) => c.notNull())
          .addColumn('follow_up_reminded_at', bigint)
          .addColumn('timeline_through_seq', bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('created_by', 'text')
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .addColumn('published_at', bigint)
          .execute();
        await db.schema.createIndex('postmortems_status').on('postmortems').columns(['status', 'created_at']).execute();
        // Each section is saved on its own, with its own version (ADR 0009): two people on two sections never collide.
        await db.schema
          .createTable('postmortem_sections')
          .addColumn('postmortem_id', 'text', (c) => c.notNull().references('postmortems.id'))
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('updated_at', bigint)
          .addColumn('updated_by', 'text')
          .addPrimaryKeyConstraint('postmortem_sections_pk', ['postmortem_id', 'key'])
          .execute();
        await db.schema
          .createTable('action_items')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('postmortem_id', 'text', (c) => c.notNull().references('postmortems.id'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('due_on', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('link', 'text')
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('created_by', 'text')
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .addColumn('closed_at', bigint)
          // The overdue reminder went out (cleared when the due date moves, so a new date reminds again).
          .addColumn('reminded_at', bigint)
          .execute();
        await db.schema.createIndex('action_items_postmortem').on('action_items').column('postmortem_id').execute();
        await db.schema.createIndex('action_items_owner').on('action_items').columns(['owner_id', 'status']).execute();
        await db.schema.createIndex('action_items_status').on('action_items').columns(['status', 'due_on']).execute();
        // Heartbeats of who has a post-mortem open (and in which section); rows older than 30 s are ignored.
        await db.schema
          .createTable('postmortem_presence')
          .addColumn('postmortem_id', 'text', (c) => c.notNull().references('postmortems.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('section', 'text')
          .addColumn('at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('postmortem_presence_pk', ['postmortem_id', 'user_id'])
          .execute();
        // A reminder decided for one person on one channel: the unique key is what makes it go out once.
        await db.schema
          .createTable('reminders')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('reminder_key', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('target_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('address', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('sent_at', bigint)
          .execute();
        await db.schema.createIndex('reminders_user').on('reminders').columns(['user_id', 'created_at']).execute();
      },
    },
    '0008_metrics': {
      async up(db: Kysely<unknown>) {
        // The metrics read first escalations from this column (services/metrics-store.ts); fill it where it is missing.
        await backfillFirstEscalatedAt(db);
      },
    },
    '0009_status_page': {
      async up(db: Kysely<unknown>) {
        // What customers see, kept apart from the internal incident (DESIGN.md, public surfaces).
        await db.schema
          .createTable('status_components')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_key', 'text', (c) => c.notNull().unique())
          .addColumn('group_name', 'text')
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('status_component_services')
          .addColumn('component_id', 'text', (c) => c.notNull().references('status_components.id'))
          .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
          .addPrimaryKeyConstraint('status_component_services_pk', ['component_id', 'service_id'])
          .execute();
        // Every span a component spent in one status, for the 90-day uptime bars; the open one has no end.
        await db.schema
          .createTable('status_component_history')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('component_id', 'text', (c) => c.notNull().references('status_components.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('from_at', bigint, (c) => c.notNull())
          .addColumn('to_at', bigint)
          .execute();
        await db.schema.createIndex('status_component_history_component').on('status_component_history').columns(['component_id', 'from_at']).execute();
        // At most one public incident per internal one (several NULLs are allowed for incidents written by hand).
        await db.schema
          .createTable('public_incidents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('incident_id', 'text', (c) => c.unique().references('incidents.id'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('impact', 'text', (c) => c.notNull())
          .addColumn('phase', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .addColumn('identified_at', bigint)
          .addColumn('monitoring_at', bigint)
          .addColumn('resolved_at', bigint)
          .addColumn('next_update_due_at', bigint)
          .addColumn('summary', 'text')
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('public_incidents_created').on('public_incidents').column('created_at').execute();
        await db.schema
          .createTable('public_incident_components')
          .addColumn('public_incident_id', 'text', (c) => c.notNull().references('public_incidents.id'))
          .addColumn('component_id', 'text', (c) => c.notNull().references('status_components.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('public_incident_components_pk', ['public_incident_id', 'component_id'])
          .execute();
        // The author stays internal: it is never part of what the public surfaces read.
        await db.schema
          .createTable('public_updates')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('public_incident_id', 'text', (c) => c.notNull().references('public_incidents.id'))
          .addColumn('phase', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('components', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('author_id', 'text')
          .execute();
        await db.schema.createIndex('public_updates_incident').on('public_updates').columns(['public_incident_id', 'created_at']).execute();
        await db.schema
          .createTable('scheduled_maintenances')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('component_ids', 'text', (c) => c.notNull())
          .addColumn('scheduled_for', bigint, (c) => c.notNull())
          .addColumn('scheduled_until', bigint, (c) => c.notNull())
          .addColumn('cancelled_at', bigint)
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('scheduled_maintenances_window').on('scheduled_maintenances').columns(['scheduled_until', 'scheduled_for']).execute();
        // A subscriber's address is never shown; tokens are stored hashed (capabilities, DESIGN.md).
        await db.schema
          .createTable('status_subscribers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('address', 'text', (c) => c.notNull())
          .addColumn('address_key', 'text', (c) => c.notNull())
          .addColumn('component_ids', 'text')
          .addColumn('confirm_token_hash', 'text', (c) => c.unique())
          .addColumn('confirm_expires_at', bigint)
          .addColumn('confirmed_at', bigint)
          .addColumn('unsubscribe_token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addUniqueConstraint('status_subscribers_address', ['kind', 'address_key'])
          .execute();
        // Outgoing chat webhooks per team or service; the URL is a secret (it lets anyone post).
        await db.schema
          .createTable('chat_mirrors')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('scope_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('created_by', 'text')
          .execute();
        await db.schema.createIndex('chat_mirrors_scope').on('chat_mirrors').columns(['scope', 'scope_id']).execute();
      },
    },
    '0010_status_notify': {
      async up(db: Kysely<unknown>) {
        // When the last confirmation e-mail was decided: a repeated subscription re-sends it at most once an hour.
        await db.schema.alterTable('status_subscribers').addColumn('confirm_sent_at', bigint).execute();
      },
    },
    '0010_status_admin': {
      async up(db: Kysely<unknown>) {
        // One row per overdue public update told to one role: its key keeps the nudge to once across restarts and instances.
        await db.schema
          .createTable('public_cadence_nudges')
          .addColumn('nudge_key', 'text', (c) => c.primaryKey())
          .addColumn('public_incident_id', 'text', (c) => c.notNull().references('public_incidents.id'))
          .addColumn('due_at', bigint, (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute();
      },
    },
  };
}

/**
 * Sets `first_escalated_at` of incidents that escalated before it was kept (or were written
 * without it) from their first `escalation.escalated` event to a further level (level ≥ 2). The
 * data is parsed here rather than in SQL, so that a damaged event is skipped instead of failing
 * the migration. Incidents that already have it keep it.
 */
export async function backfillFirstEscalatedAt(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ incident_id: string; at: number | string; data: string }>`
    SELECT e.incident_id, e.at, e.data FROM events e JOIN incidents i ON i.id = e.incident_id
    WHERE e.kind = 'escalation.escalated' AND i.first_escalated_at IS NULL ORDER BY e.seq`.execute(db);
  const first = new Map<string, number>();
  for (const row of rows) {
    let level: unknown;
    try {
      level = (JSON.parse(row.data) as { level?: unknown }).level;
    } catch {
      continue;
    }
    const at = Number(row.at);
    const known = first.get(row.incident_id);
    if (typeof level === 'number' && level >= 2 && (known === undefined || at < known)) first.set(row.incident_id, at);
  }
  for (const [incidentId, at] of first) await sql`UPDATE incidents SET first_escalated_at = ${at} WHERE id = ${incidentId}`.execute(db);
}

class InlineMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/** Brings the schema up to date; throws (and the process refuses to start) if a migration fails. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect, schema?: string): Promise<void> {
  // With a schema of its own (one per test database), Kysely's bookkeeping tables must live in it
  // too: its existence check looks across schemas and would find another database's tables.
  const migrator = new Migrator({ db, provider: new InlineMigrationProvider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
