import type { EpochMs } from '../time/instant';
import { toIsoUtc } from '../time/instant';

/**
 * The post-mortem's first draft of its Timeline section, made from the incident's event log:
 * one markdown list line per event that a reader of the post-mortem needs (the alert, who was
 * paged when and how, acknowledgements, escalations, runbook work, status updates, notes,
 * changes, the resolution), in UTC so that every reader sees the same clock.
 *
 * The event is structural (the contracts' TimelineEventDto fits once `at` is epoch ms) and its
 * `data` is read defensively: the domain cannot import the contracts' union, and a field missing
 * from an old row must not throw.
 */
export type DraftEvent = {
  seq: number;
  at: EpochMs;
  kind: string;
  data: unknown;
  actor: { name: string; type?: string };
};

export type TimelineEntry = { seq: number; at: EpochMs; line: string };

export type TimelineDraftOptions = {
  /** Only events after this sequence number ("refresh from incident" offers what is new). */
  afterSeq?: number;
  /**
   * The instant of the last line already in the section, if any: the first new line repeats the
   * date only when it falls on another UTC day.
   */
  previousAt?: EpochMs | null;
};

type Data = Record<string, unknown>;

const text = (data: Data, key: string): string | undefined => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
const num = (data: Data, key: string): number | undefined => (typeof data[key] === 'number' ? (data[key] as number) : undefined);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Free text on one list line: whitespace (newlines too) collapsed, so it stays one item. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function quoted(value: string | undefined): string {
  const line = oneLine(value ?? '');
  return line === '' ? '' : `: “${line}”`;
}

const CHANNEL: Record<string, string> = { 'in-app': 'in Firewatch', email: 'by e-mail', sms: 'by SMS', voice: 'by phone call', webhook: 'by webhook' };
const CHANNEL_NOUN: Record<string, string> = { 'in-app': 'In-app page', email: 'E-mail', sms: 'SMS', voice: 'Phone call', webhook: 'Webhook' };
const ACK_HOW: Record<string, string> = {
  web: ' in Firewatch',
  link: ' with the link in a page',
  sms: ' by replying to an SMS',
  api: ' through the API',
  integration: ' from the monitoring integration',
};
const ESCALATION_WHY: Record<string, string> = {
  timeout: 'the previous level did not acknowledge in time',
  'everyone-skipped': 'nobody on the previous level could be paged',
  manual: 'escalated by hand',
  repeat: 'nobody acknowledged, so the policy started over',
  'ack-timeout': 'acknowledged but not resolved in time',
};
const SKIP_WHY: Record<string, string> = {
  'quiet-hours': 'in quiet hours',
  'low-urgency-deferred': 'low-urgency pages wait for working hours',
  'nobody-on-call': 'nobody was on call',
  'schedule-missing': 'the schedule is missing',
  'unknown-person': 'the person no longer exists',
  'cannot-acknowledge': 'this person cannot acknowledge',
  'unverified-contact': 'no verified contact method',
  'channel-not-configured': 'the channel is not configured',
  'no-rules-for-urgency': 'no notification rules for this urgency',
};
const ROLE: Record<string, string> = { commander: 'incident commander', scribe: 'scribe' };

function phase(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value[0]!.toUpperCase() + value.slice(1) : 'unknown';
}

function late(lateByMs: number | undefined): string {
  if (lateByMs === undefined || lateByMs < 1000) return '';
  const seconds = Math.round(lateByMs / 1000);
  return seconds < 120 ? `, late by ${seconds} s` : `, late by ${Math.round(seconds / 60)} min`;
}

function alertList(data: Data): string {
  const alerts = Array.isArray(data.alerts) ? data.alerts.filter((alert): alert is string => typeof alert === 'string').map(oneLine) : [];
  if (alerts.length === 0) return '';
  const more = num(data, 'more') ?? 0;
  return `: ${alerts.map((alert) => `“${alert}”`).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** The sentence for one event, or undefined for the kinds a post-mortem timeline leaves out. */
export function timelineSentence(event: DraftEvent): string | undefined {
  const data: Data = typeof event.data === 'object' && event.data !== null ? (event.data as Data) : {};
  const who = oneLine(event.actor.name) || 'Someone';
  switch (event.kind) {
    case 'incident.triggered': {
      const firing = num(data, 'firing') ?? num(data, 'alertCount') ?? 0;
      const severity = text(data, 'severity');
      return `${who} opened the incident${severity ? ` (${severity})` : ''} with ${plural(firing, 'alert')} firing${alertList(data)}`;
    }
    case 'incident.declared': {
      const commander = text(data, 'commander');
      return `${who} declared the incident${text(data, 'severity') ? ` as ${text(data, 'severity')}` : ''}${commander ? `, with ${commander} as incident commander` : ''}`;
    }
    case 'alert.firing':
      return `${plural(num(data, 'count') ?? 0, 'more alert')} fired${alertList(data)}`;
    case 'alert.resolved':
      return `${plural(num(data, 'count') ?? 0, 'alert')} resolved${alertList(data)}`;
    case 'escalation.escalated': {
      const level = num(data, 'level') ?? 1;
      const reason = text(data, 'reason') ?? 'triggered';
      const pass = num(data, 'pass') ?? 0;
      const round = pass > 0 ? `, round ${pass + 1}` : '';
      if (reason === 'triggered') return `Escalation started at level ${level}${round}${late(num(data, 'lateByMs'))}`;
      return `Escalated to level ${level}${round} (${ESCALATION_WHY[reason] ?? reason})${late(num(data, 'lateByMs'))}`;
    }
    case 'escalation.exhausted': {
      const levels = num(data, 'levels') ?? 0;
      const passes = num(data, 'passes') ?? 1;
      return `Nobody acknowledged after ${plural(levels, 'level')}${passes > 1 ? ` × ${passes}` : ''}: the escalation policy ran out${late(num(data, 'lateByMs'))}`;
    }
    case 'escalation.not_started':
      return text(data, 'reason') === 'maintenance' ? 'Nobody was paged: the service was in a maintenance window' : 'Nobody was paged: the service had no escalation policy';
    case 'page.notified': {
      const name = text(data, 'name') ?? 'Someone';
      const channel = CHANNEL[text(data, 'channel') ?? ''] ?? 'by an unknown channel';
      const bundled = num(data, 'bundled') ?? 0;
      const extra = bundled > 0 ? `, together with ${plural(bundled, 'other incident')}` : '';
      return `${name} was paged ${channel} (level ${num(data, 'level') ?? 1}${extra}${late(num(data, 'lateByMs'))})`;
    }
    case 'page.failed': {
      if (data.retrying === true) return undefined;
      const noun = CHANNEL_NOUN[text(data, 'channel') ?? ''] ?? 'Page';
      return `${noun} to ${text(data, 'name') ?? 'someone'} failed: ${oneLine(text(data, 'error') ?? 'unknown error')}`;
    }
    case 'page.skipped': {
      const name = text(data, 'name') ?? `Level ${num(data, 'level') ?? 1}`;
      const reason = text(data, 'reason') ?? '';
      const detail = text(data, 'detail');
      const why = SKIP_WHY[reason] ?? reason;
      return `${name} was not paged: ${why}${detail && reason === 'quiet-hours' ? ` (${oneLine(detail)})` : ''}${data.escalatedAtOnce === true ? '; the next level was paged at once' : ''}`;
    }
    case 'page.quiet_hours_overridden': {
      const why = text(data, 'why') === 'p1-allowed' ? 'their rules let a P1 through' : 'the last level is always paged';
      return `${text(data, 'name') ?? 'Someone'} was paged during quiet hours: ${why}`;
    }
    case 'incident.acknowledged':
      return `${who} acknowledged${ACK_HOW[text(data, 'how') ?? ''] ?? ''}`;
    case 'runbook.run_started':
      return `${who} started the runbook “${oneLine(text(data, 'title') ?? '')}”`;
    case 'runbook.step_checked': {
      const progress = typeof data.progress === 'object' && data.progress !== null ? (data.progress as Data) : {};
      const done = num(progress, 'done');
      const total = num(progress, 'total');
      const count = done !== undefined && total !== undefined ? ` (${done}/${total})` : '';
      return `${who} ${data.checked === false ? 'unticked' : 'ticked'} “${oneLine(text(data, 'step') ?? '')}”${count}`;
    }
    case 'runbook.time_box_overrun':
      return `${oneLine(text(data, 'section') ?? 'A runbook section')} ran over its time box of ${plural(num(data, 'timeBoxMinutes') ?? 0, 'minute')}`;
    case 'runbook.escalation_requested': {
      const target = text(data, 'target') === 'team' ? (text(data, 'teamName') ?? 'another team') : 'the next level';
      return `${who} escalated to ${target} from the runbook${quoted(text(data, 'criterion'))}`;
    }
    case 'incident.status_update':
      return `${who} posted a status update (${phase(data.phase)})${quoted(text(data, 'text'))}`;
    case 'incident.note':
      return `${who} noted${quoted(text(data, 'text'))}`;
    case 'incident.severity_changed':
      return `${who} changed the severity from ${text(data, 'from') ?? '?'} to ${text(data, 'to') ?? '?'}`;
    case 'incident.phase_changed':
      return `${who} moved the public phase from ${phase(data.from)} to ${phase(data.to)}`;
    case 'incident.role_changed': {
      const role = ROLE[text(data, 'role') ?? ''] ?? 'a role';
      const from = text(data, 'from');
      const to = text(data, 'to');
      if (!to) return `${who} removed ${from ? `${from} as ${role}` : `the ${role}`}`;
      return `${to} became ${role}${from ? ` (was ${from})` : ''}`;
    }
    case 'status.published':
      return `${who} published the incident to the status page (${phase(data.phase)})${quoted(text(data, 'title'))}`;
    case 'status.public_update':
      return `${who} posted a public update (${phase(data.phase)})${quoted(text(data, 'text'))}`;
    case 'incident.resolved':
      return `${who} resolved the incident`;
    default:
      return undefined;
  }
}

function pageField(event: DraftEvent, key: string): unknown {
  return typeof event.data === 'object' && event.data !== null ? (event.data as Data)[key] : undefined;
}

function pageKey(event: DraftEvent): string {
  return `${String(pageField(event, 'userId'))}:${String(pageField(event, 'level'))}`;
}

function utcDate(at: EpochMs): string {
  return toIsoUtc(at).slice(0, 10);
}

function utcTime(at: EpochMs): string {
  return toIsoUtc(at).slice(11, 16);
}

/**
 * The timeline lines of `events` (in their sequence order). The first line, and every line on a
 * new UTC date, carries the date: "- **2026-03-03 02:31 UTC** — …"; the rest carry the time only.
 */
export function timelineEntries(events: readonly DraftEvent[], options: TimelineDraftOptions = {}): TimelineEntry[] {
  const after = options.afterSeq ?? Number.NEGATIVE_INFINITY;
  const ordered = events.filter((event) => event.seq > after).sort((a, b) => a.seq - b.seq);
  let shownDate = options.previousAt === undefined || options.previousAt === null ? null : utcDate(options.previousAt);
  // Every page also shows in Firewatch; that line only says something when no other channel reached the person at that level.
  const pagedElsewhere = new Set(ordered.filter((event) => event.kind === 'page.notified' && pageField(event, 'channel') !== 'in-app').map(pageKey));
  const entries: TimelineEntry[] = [];
  for (const event of ordered) {
    if (event.kind === 'page.notified' && pageField(event, 'channel') === 'in-app' && pagedElsewhere.has(pageKey(event))) continue;
    const sentence = timelineSentence(event);
    if (sentence === undefined) continue;
    const date = utcDate(event.at);
    const stamp = date === shownDate ? `${utcTime(event.at)} UTC` : `${date} ${utcTime(event.at)} UTC`;
    shownDate = date;
    entries.push({ seq: event.seq, at: event.at, line: `- **${stamp}** — ${sentence}` });
  }
  return entries;
}

/** The entries as the Timeline section's markdown: one list item per line. */
export function timelineMarkdown(entries: readonly TimelineEntry[]): string {
  return entries.map((entry) => entry.line).join('\n');
}
