import type { Generated } from 'kysely';

/** Row types as stored. Instants are epoch milliseconds; JSON columns hold text. */
export type Database = {
  services: { id: string; name: string; name_key: string; created_at: number; updated_at: number; team_id: string | null };
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
    first_notified_at: number | null;
    first_escalated_at: number | null;
    /** A person's id, or null (monitoring or an API token acknowledged). */
    acknowledged_by: string | null;
    acknowledged_how: string | null;
    /** Set when the incident opened during a maintenance window: it pages nobody. */
    maintenance_window_id: string | null;
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
  users: {
    id: string;
    name: string;
    email: string;
    email_key: string;
    time_zone: string;
    quiet_start: string | null;
    quiet_end: string | null;
    role: string;
    password_hash: string | null;
    created_at: number;
    updated_at: number;
    /** 1 when the person lets a P1 through their quiet hours. */
    p1_breaks_quiet: number;
  };
  contact_methods: { id: string; user_id: string; kind: string; address: string; verified: number; position: number; created_at: number };
  notification_rules: { id: string; user_id: string; urgency: string; contact_method_id: string; delay_minutes: number };
  teams: { id: string; name: string; name_key: string; created_at: number };
  team_members: { team_id: string; user_id: string; manager: number };
  sessions: { id_hash: string; user_id: string; created_at: number; last_seen_at: number; expires_at: number; revoked_at: number | null; ip: string | null };
  api_tokens: { id: string; user_id: string; name: string; token_hash: string; role: string; created_at: number; last_used_at: number | null; revoked_at: number | null };
  invites: { token_hash: string; user_id: string; created_at: number; expires_at: number; used_at: number | null };
  audit_log: {
    seq: Generated<number>;
    at: number;
    actor_type: string;
    actor_id: string | null;
    actor_name: string;
    action: string;
    target_type: string | null;
    target_id: string | null;
    ip: string | null;
    before: string | null;
    after: string | null;
  };
  settings: { key: string; value: string };
  schedules: { id: string; name: string; team_id: string; zone: string; layers: string; version: number; backup_lag: number | null; created_at: number; updated_at: number };
  calendar_feeds: { id: string; token_hash: string; kind: string; target_id: string; owner_id: string; created_at: number; revoked_at: number | null };
  schedule_overrides: { id: string; schedule_id: string; user_id: string; start_at: number; end_at: number; created_by: string | null; created_at: number };
  escalation_policies: { service_id: string; version: number; body: string; created_at: number; updated_at: number };
  escalations: { incident_id: string; status: string; state: string; created_at: number; updated_at: number };
  escalation_timers: { id: string; timer_key: string; incident_id: string; due_at: number; timer: string; created_at: number };
  pages: {
    id: string;
    page_key: string;
    incident_id: string;
    user_id: string;
    channel: string;
    contact_method_id: string | null;
    address: string | null;
    level: number;
    /** queued → sent → delivered, or failed; bundled (held back by the storm limit, sent inside `bundled_into`). */
    status: string;
    provider_id: string | null;
    error: string | null;
    ack_code: string | null;
    bundled_into: string | null;
    local_hour: number;
    zone: string;
    created_at: number;
    sent_at: number | null;
  };
  ack_tokens: { token_hash: string; incident_id: string; user_id: string; created_at: number; expires_at: number; used_at: number | null };
  maintenance_windows: { id: string; service_id: string; start_at: number; end_at: number; reason: string; created_by: string; created_at: number; ended_early_at: number | null };
  contact_verifications: { contact_method_id: string; code_hash: string; attempts: number; created_at: number; expires_at: number };
  runbooks: {
    id: string;
    title: string;
    body: string;
    /** JSON list of service ids. */
    service_ids: string;
    /** JSON list of Alertmanager selectors as written. */
    selectors: string;
    owner_type: 'team' | 'user';
    owner_id: string;
    review_interval_days: number;
    last_reviewed_at: number | null;
    last_reviewed_by: string | null;
    version: number;
    created_at: number;
    created_by: string | null;
    updated_at: number;
    updated_by: string | null;
  };
  runbook_versions: {
    runbook_id: string;
    version: number;
    title: string;
    body: string;
    service_ids: string;
    selectors: string;
    owner_type: 'team' | 'user';
    owner_id: string;
    review_interval_days: number;
    at: number;
    by: string | null;
    /** The version whose text this one restored, when it was a restore. */
    restored_from: number | null;
  };
  runbook_runs: {
    id: string;
    incident_id: string;
    runbook_id: string;
    version: number;
    started_at: number;
    started_by: string | null;
    closed_at: number | null;
    /** "Did the runbook help?": 1 yes, 0 no, null unanswered. */
    helped: number | null;
    /** The last tick (or untick), for the dashboard row's "most recently ticked run". */
    last_ticked_at: number | null;
    /** The run's progress after that tick (JSON RunProgress), so the incident list reads it without parsing runbooks. */
    progress: string | null;
  };
  runbook_run_steps: { run_id: string; step_id: string; checked: number; by: string | null; at: number };
  runbook_run_sections: {
    run_id: string;
    section_id: string;
    started_at: number;
    /** Null when the section has no time box. */
    deadline: number | null;
    overrun_posted_at: number | null;
    /** Set once the deadline was handled: the overrun posted, or the section found done in time. */
    deadline_checked_at: number | null;
  };
  postmortems: {
    id: string;
    incident_id: string;
    title: string;
    status: string;
    owner_id: string;
    /** 'YYYY-MM-DD' in the owner's zone. */
    follow_up_on: string;
    follow_up_reminded_at: number | null;
    timeline_through_seq: number;
    created_at: number;
    created_by: string | null;
    updated_at: number;
    published_at: number | null;
  };
  postmortem_sections: { postmortem_id: string; key: string; body: string; version: number; updated_at: number | null; updated_by: string | null };
  action_items: {
    id: string;
    postmortem_id: string;
    title: string;
    owner_id: string;
    /** 'YYYY-MM-DD' in the owner's zone, or null. */
    due_on: string | null;
    status: string;
    link: string | null;
    version: number;
    created_at: number;
    created_by: string | null;
    updated_at: number;
    closed_at: number | null;
    reminded_at: number | null;
  };
  postmortem_presence: { postmortem_id: string; user_id: string; section: string | null; at: number };
  reminders: {
    id: string;
    /** `overdue:{item}:{dueOn}:{channel}` or `follow-up:{postmortem}:{date}:{channel}`: unique, so each goes out once. */
    reminder_key: string;
    kind: 'action_item_overdue' | 'follow_up';
    target_id: string;
    user_id: string;
    /** `email`, `webhook`, or `in-app` (nothing sent: the dashboard shows it). */
    channel: string;
    address: string | null;
    /** queued → sent | failed; `recorded` for in-app. */
    status: string;
    error: string | null;
    created_at: number;
    sent_at: number | null;
  };
  /** A late public update told to the scribe or the commander, once per (public incident, due time, role). */
  public_cadence_nudges: { nudge_key: string; public_incident_id: string; due_at: number; role: string; created_at: number };
  status_components: {
    id: string;
    name: string;
    name_key: string;
    group_name: string | null;
    position: number;
    description: string | null;
    /** One of COMPONENT_STATUSES (domain/status-page/components.ts). */
    status: string;
    created_at: number;
    updated_at: number;
  };
  status_component_services: { component_id: string; service_id: string };
  status_component_history: { id: string; component_id: string; status: string; from_at: number; to_at: number | null };
  public_incidents: {
    id: string;
    incident_id: string | null;
    title: string;
    /** none | minor | major | critical (Statuspage's impact). */
    impact: string;
    /** investigating | identified | monitoring | resolved */
    phase: string;
    created_at: number;
    updated_at: number;
    identified_at: number | null;
    monitoring_at: number | null;
    resolved_at: number | null;
    /** When the next public update is promised (the public cadence); null once resolved. */
    next_update_due_at: number | null;
    /** JSON of the resolved summary (contracts/status-page.ts), or null. */
    summary: string | null;
    version: number;
  };
  public_incident_components: { public_incident_id: string; component_id: string; status: string };
  public_updates: {
    id: string;
    public_incident_id: string;
    phase: string;
    body: string;
    /** JSON list of {componentId, status} as this update set them. */
    components: string;
    created_at: number;
    author_id: string | null;
  };
  scheduled_maintenances: {
    id: string;
    title: string;
    body: string;
    /** JSON list of component ids. */
    component_ids: string;
    scheduled_for: number;
    scheduled_until: number;
    cancelled_at: number | null;
    created_at: number;
    updated_at: number;
  };
  status_subscribers: {
    id: string;
    kind: 'email' | 'webhook';
    address: string;
    /** The address compared case-insensitively: one subscription per address. */
    address_key: string;
    /** JSON list of component ids, or null for every component. */
    component_ids: string | null;
    confirm_token_hash: string | null;
    confirm_expires_at: number | null;
    confirmed_at: number | null;
    unsubscribe_token_hash: string;
    created_at: number;
    /** When the last confirmation e-mail was decided (migration 0010). */
    confirm_sent_at: number | null;
  };
  chat_mirrors: {
    id: string;
    scope: 'team' | 'service';
    scope_id: string;
    kind: 'slack' | 'teams' | 'slack-compatible';
    name: string;
    url: string;
    created_at: number;
    created_by: string | null;
  };
  outbox: {
    id: string;
    idempotency_key: string;
    kind: string;
    payload: string;
    due_at: number;
    attempts: number;
    /** pending → sending (claimed until `claimed_until` by `claim_token`) → sent | failed, or back to pending for a retry. */
    state: 'pending' | 'sending' | 'sent' | 'failed';
    last_error: string | null;
    created_at: number;
    sent_at: number | null;
    claimed_until: number | null;
    claim_token: string | null;
  };
};
