import type { Severity } from '../incident/severity';
import type { QuietHours } from '../people/quiet-hours';
import type { EpochMs } from '../time/instant';
import type { Interval } from '../time/interval';
import type { EscalationPolicy, Urgency } from './policy';

/**
 * What the escalation engine knows about the world, asked at the instant a level starts or a
 * notification falls due. The server answers from the database, the browser's preview from the
 * data the API gave it; both with the same schedule engine, so preview and paging agree.
 */

/** Channels that need a contact method. In-app needs none: every target rings in their open tabs. */
export const CONTACT_CHANNELS = ['email', 'sms', 'voice', 'webhook'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type Channel = 'in-app' | ContactChannel;

export type PagingContact = { id: string; kind: ContactChannel; address: string; verified: boolean };
/** "SMS at 0, voice at 1": the contact method to use `delayMinutes` after the person is paged. */
export type PagingRule = { id: string; urgency: Urgency; contactMethodId: string; delayMinutes: number };

export type PagingPerson = {
  id: string;
  name: string;
  zone: string;
  quietHours: QuietHours | null;
  /** The person said a P1 may wake them in their quiet hours. */
  p1BreaksQuietHours: boolean;
  /** Viewers cannot acknowledge; they are never paged. */
  canAcknowledge: boolean;
  contacts: readonly PagingContact[];
  rules: readonly PagingRule[];
};

/** Who a schedule lane has at an instant; `exists` false when the schedule was deleted (or never existed). */
export type OnCallAnswer = { exists: true; userId: string | null; scheduleName: string } | { exists: false };

export type Directory = {
  person(userId: string): PagingPerson | undefined;
  onCall(scheduleId: string, role: 'primary' | 'backup', at: EpochMs): OnCallAnswer;
  /** The periods within `window` when the lane has nobody (for the lint). */
  gaps(scheduleId: string, role: 'primary' | 'backup', window: Interval): readonly Interval[];
  channelConfigured(channel: ContactChannel): boolean;
};

/** How an acknowledgement arrived (recorded for the metrics to come). */
export const ACK_METHODS = ['web', 'link', 'sms', 'api', 'integration'] as const;
export type AckMethod = (typeof ACK_METHODS)[number];

/**
 * Pending work, stored by the runner as a row with its due instant and handed back as a `timer`
 * event when due. `round` counts re-entries after an acknowledgement timeout, `pass` the repeats of
 * the policy; a timer whose round, pass or level no longer match the state is stale and ignored.
 */
export type Timer =
  /** Start level `levelIndex` (the previous one was not acknowledged in time). */
  | { kind: 'level'; round: number; pass: number; levelIndex: number }
  /** A notification rule's delay reached for a person paged at this level. */
  | { kind: 'rule'; round: number; pass: number; levelIndex: number; userId: string; ruleId: string }
  /** A low-urgency page that waited for the end of the person's quiet hours. */
  | { kind: 'deferred'; round: number; pass: number; levelIndex: number; userId: string }
  /** Acknowledged and not resolved in time: escalate again. */
  | { kind: 'ack-timeout'; round: number };

export type EscalationStatus = 'escalating' | 'acknowledged' | 'resolved' | 'exhausted';

export type EscalationState = {
  incidentId: string;
  severity: Severity;
  urgency: Urgency;
  /** The policy as it was when the incident triggered (a later edit affects later incidents). */
  policy: EscalationPolicy;
  status: EscalationStatus;
  round: number;
  pass: number;
  levelIndex: number;
  levelStartedAt: EpochMs;
};

export type EscalationEvent =
  | { type: 'timer'; timer: Timer }
  | { type: 'acknowledged'; by: string | null; how: AckMethod }
  | { type: 'resolved' }
  /** Someone moved the escalation on by hand ("Escalate now" from a runbook). */
  | { type: 'escalate-now'; by: string | null };

/** Why a person was not paged (or a level had nobody). */
export type SkipReason =
  | 'quiet-hours'
  | 'low-urgency-deferred'
  | 'nobody-on-call'
  | 'schedule-missing'
  | 'unknown-person'
  | 'cannot-acknowledge'
  | 'unverified-contact'
  | 'channel-not-configured'
  | 'no-rules-for-urgency';

/** A decision for the timeline; the runner turns each into a typed event. */
export type EscalationRecord =
  | { kind: 'escalated'; round: number; pass: number; levelIndex: number; reason: 'triggered' | 'timeout' | 'everyone-skipped' | 'manual' | 'repeat' | 'ack-timeout' }
  | {
      kind: 'skipped';
      levelIndex: number;
      userId: string | null;
      scheduleId: string | null;
      reason: SkipReason;
      /** What the sentence needs: "02:00–07:00 America/Los_Angeles", the channel, the schedule name. */
      detail: string;
      /** For `low-urgency-deferred`: when the page will be sent. */
      until: EpochMs | null;
    }
  /** The last level is never skipped: paged although in quiet hours (or a P1 the person lets through). */
  | { kind: 'quiet-hours-overridden'; levelIndex: number; userId: string; why: 'last-level' | 'p1-allowed' }
  /** Every level and repeat ran without an acknowledgement. */
  | { kind: 'exhausted'; round: number };

export type EscalationEffect =
  | { type: 'schedule'; at: EpochMs; timer: Timer; key: string }
  /** Delete every pending timer of the incident (in the transaction that acknowledged or resolved it). */
  | { type: 'cancel-timers' }
  | {
      type: 'notify';
      /** `page:{incident}:{round}.{pass}.{level}:{person}:{rule or in-app}` — the unique key of the send. */
      key: string;
      userId: string;
      channel: Channel;
      contactMethodId: string | null;
      address: string | null;
      levelIndex: number;
      round: number;
      pass: number;
      ruleId: string | null;
      urgency: Urgency;
    }
  | { type: 'record'; record: EscalationRecord };

export type StepResult = { state: EscalationState; effects: EscalationEffect[] };

/** One step of a preview: what the engine would do at `at` if nobody acknowledged. */
export type PreviewEntry = { at: EpochMs; effect: Extract<EscalationEffect, { type: 'notify' | 'record' }> };

export const LINT_CODES = [
  'no-policy',
  'coverage-gap',
  'unknown-target',
  'no-verified-contact',
  'no-rules-for-urgency',
  'channel-not-configured',
  'escalates-before-rules-finish',
  'all-levels-quiet',
] as const;
export type LintCode = (typeof LINT_CODES)[number];

/** A finding of the policy lint: advice shown on the policy and service pages, never a refusal. */
export type LintFinding = {
  code: LintCode;
  levelIndex: number | null;
  userId: string | null;
  scheduleId: string | null;
  /** A whole sentence for the page ("Level 2: Payments backup has nobody on call Sat 09:00 – Sun 09:00"). */
  message: string;
  /** The period concerned, when there is one (a gap, an hour of the week when every level is quiet). */
  window: Interval | null;
};
