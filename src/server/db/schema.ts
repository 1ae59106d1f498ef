import type { Generated } from 'kysely';

/** Row types as stored. Instants are epoch milliseconds; JSON columns hold text. */
export type Database = {
  services: { id: string; name: string; name_key: string; created_at: number; updated_at: number };
  integration_keys: { id: string; service_id: string; secret: string; created_at: number; revoked_at: number | null };
  incidents: {
    id: string;
    year: number;
    number: number;
    service_id: string;
    title: string;
    severity: string;
    state: string;
    phase: string;
    triggered_at: number;
    acknowledged_at: number | null;
    resolved_at: number | null;
    alert_count: number;
    last_alert_at: number | null;
    last_status_update_at: number | null;
    commander: string | null;
    scribe: string | null;
    source: string;
    dedup_key: string | null;
    /** Set while the incident is open so a unique index allows one open incident per key. */
    open_dedup: string | null;
    links: string;
    details: string;
  };
  incident_counters: { year: number; last_number: number };
  alerts: {
    incident_id: string;
    fingerprint: string;
    status: string;
    summary: string;
    labels: string;
    first_seen_at: number;
    last_seen_at: number;
    occurrences: number;
  };
  events: {
    seq: Generated<number>;
    at: number;
    kind: string;
    incident_id: string | null;
    service_id: string | null;
    actor_type: string;
    actor_name: string;
    data: string;
  };
  people: { id: string; name: string; email: string; time_zone: string; created_at: number };
  settings: { key: string; value: string };
};
