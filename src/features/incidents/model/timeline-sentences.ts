import type { TimelineEventDto } from '../../../contracts/timeline-events';
import { phaseLabel } from './labels';

export type EventTone = 'alert' | 'recovery' | 'ack' | 'resolved' | 'status' | 'note' | 'change' | 'page' | 'warning';

export type DescribedEvent = {
  /** One sentence naming who did what, as a person would say it. */
  sentence: string;
  /** Free text the person wrote (notes and status updates). */
  text?: string;
  /** Alert summaries that came with the event. */
  items?: string[];
  tone: EventTone;
};

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function alertItems(data: { alerts: readonly string[]; more: number }): string[] | undefined {
  const items = data.more > 0 ? [...data.alerts, `…and ${data.more} more`] : [...data.alerts];
  return items.length > 0 ? items : undefined;
}

const ACK_HOW: Record<'web' | 'link' | 'sms' | 'api' | 'integration', string> = {
  web: ' in Firewatch',
  link: ' with the link in a page',
  sms: ' by replying to an SMS',
  api: ' through the API',
  integration: ' from the monitoring integration',
};

const ESCALATION_REASON: Record<'triggered' | 'timeout' | 'everyone-skipped' | 'manual' | 'repeat' | 'ack-timeout', string> = {
  triggered: 'Paging',
  timeout: 'Not acknowledged in time: escalated to',
  'everyone-skipped': 'Nobody on the previous level could be paged: escalated to',
  manual: 'Escalated by hand to',
  repeat: 'Nobody acknowledged: starting over at',
  'ack-timeout': 'Acknowledged but not resolved in time: escalating again at',
};

const CHANNEL_PHRASE: Record<'in-app' | 'email' | 'sms' | 'voice' | 'webhook', string> = { 'in-app': 'in Firewatch', email: 'by e-mail', sms: 'by SMS', voice: 'by phone call', webhook: 'by webhook' };
const CHANNEL_NOUN: Record<'in-app' | 'email' | 'sms' | 'voice' | 'webhook', string> = { 'in-app': 'In-app page', email: 'E-mail', sms: 'SMS', voice: 'Call', webhook: 'Webhook' };

function late(lateByMs: number | undefined): string {
  if (lateByMs === undefined || lateByMs < 1000) return '';
  const seconds = Math.round(lateByMs / 1000);
  return seconds < 120 ? ` — late by ${seconds} s` : ` — late by ${Math.round(seconds / 60)} min`;
}

/** "sent for review", "published", "reopened", "sent back to draft". */
/** "renamed the post-mortem “…”, gave it to Mira and moved its follow-up review to 2026-12-15". */
function postmortemDetails(data: { title?: string; owner?: { name: string }; followUpOn?: string }): string {
  const parts = [
    ...(data.title !== undefined ? [`renamed the post-mortem “${data.title}”`] : []),
    ...(data.owner !== undefined ? [`made ${data.owner.name} owner of the post-mortem`] : []),
    ...(data.followUpOn !== undefined ? [`moved the post-mortem’s follow-up review to ${data.followUpOn}`] : []),
  ];
  return parts.length === 0 ? 'changed the post-mortem' : parts.join(', ');
}

function postmortemMove(from: string, to: string): string {
  if (to === 'in_review') return 'sent for review';
  if (to === 'published') return 'published';
  return from === 'published' ? 'reopened' : 'sent back to draft';
}

const ROLE_NAMES: Record<'commander' | 'scribe', string> = { commander: 'incident commander', scribe: 'scribe' };

/**
 * Turns one timeline event into the sentence the incident page shows. The switch names every kind
 * of the contract's union, so a new kind without a sentence does not compile; an event of a kind
 * this bundle does not know yet (a newer server) still reads as a plain sentence.
 */
export function describeEvent(event: TimelineEventDto): DescribedEvent {
  const who = event.actor.name || 'Someone';
  switch (event.kind) {
    case 'incident.triggered':
      return { sentence: `${who} opened the incident: ${plural(event.data.firing, 'alert')} firing`, items: alertItems(event.data), tone: 'alert' };
    case 'incident.declared': {
      const { severity, commander } = event.data;
      return { sentence: `${who} declared the incident as ${severity}${commander ? ` with ${commander} as incident commander` : ''}`, tone: 'alert' };
    }
    case 'alert.firing': {
      const { count } = event.data;
      return { sentence: `${who}: ${count} more ${count === 1 ? 'alert' : 'alerts'} firing`, items: alertItems(event.data), tone: 'alert' };
    }
    case 'alert.resolved':
      return { sentence: `${who}: ${plural(event.data.count, 'alert')} resolved`, items: alertItems(event.data), tone: 'recovery' };
    case 'incident.acknowledged':
      return { sentence: `${who} acknowledged${event.data.how ? ACK_HOW[event.data.how] : ''}`, tone: 'ack' };
    case 'escalation.escalated': {
      const { level, pass, reason, lateByMs } = event.data;
      const again = pass > 0 ? ` (repeat ${pass})` : '';
      return { sentence: `${ESCALATION_REASON[reason]} level ${level}${again}${late(lateByMs)}`, tone: reason === 'triggered' ? 'page' : 'warning' };
    }
    case 'escalation.exhausted':
      return { sentence: `Nobody acknowledged after ${plural(event.data.levels, 'level')}${event.data.passes > 1 ? ` × ${event.data.passes}` : ''}: escalation has run its course`, tone: 'warning' };
    case 'escalation.not_started':
      return {
        sentence: event.data.reason === 'no-policy' ? 'Nobody was paged: this service has no escalation policy' : 'Nobody was paged: the service is in a maintenance window',
        tone: 'warning',
      };
    case 'page.notified': {
      const { name, channel, address, bundled, lateByMs } = event.data;
      const extra = bundled ? ` (with ${plural(bundled, 'more incident')})` : '';
      return { sentence: `Paged ${name} ${CHANNEL_PHRASE[channel]}${address ? ` ${address}` : ''}${extra}${late(lateByMs)}`, tone: 'page' };
    }
    case 'page.delivered':
      return { sentence: `${CHANNEL_NOUN[event.data.channel]} to ${event.data.name} delivered`, tone: 'page' };
    case 'page.failed':
      return { sentence: `${CHANNEL_NOUN[event.data.channel]} to ${event.data.name} failed: ${event.data.error}${event.data.retrying ? ' — trying again' : ''}`, tone: 'warning' };
    case 'page.bundled':
      return { sentence: `${CHANNEL_NOUN[event.data.channel]} to ${event.data.name} held back (one per minute) and bundled with the next`, tone: 'page' };
    case 'page.skipped': {
      const { name, level, detail, escalatedAtOnce } = event.data;
      return { sentence: `${name ?? `Level ${level}`}: ${detail} — skipped${escalatedAtOnce ? ', paging the next level now' : ''}`, tone: 'warning' };
    }
    case 'page.quiet_hours_overridden':
      return { sentence: `${event.data.name} is in quiet hours (${event.data.detail}) but ${event.data.why === 'last-level' ? 'is the last level, which is always paged' : 'lets a P1 through'}`, tone: 'warning' };
    case 'maintenance.started':
      return { sentence: `${who} started a maintenance window: pages are held`, tone: 'change' };
    case 'maintenance.ended':
      return { sentence: event.data.early ? `${who} ended the maintenance window early` : 'The maintenance window ended', tone: 'change' };
    case 'escalation_policy.changed':
      return { sentence: `${who} changed the escalation policy (${plural(event.data.levels, 'level')})`, tone: 'change' };
    case 'runbook.run_started':
      return { sentence: `${who} started the runbook “${event.data.title}”`, tone: 'change' };
    case 'runbook.step_checked': {
      const where = event.data.section ? ` in ${event.data.section}` : '';
      return { sentence: `${who} ${event.data.checked ? 'ticked' : 'unticked'} “${event.data.step}”${where} (${event.data.progress.done}/${event.data.progress.total})`, tone: 'change' };
    }
    case 'runbook.section_started':
      return { sentence: `${who} started ${event.data.section}${event.data.timeBoxMinutes ? ` (time box ${plural(event.data.timeBoxMinutes, 'minute')})` : ''}`, tone: 'change' };
    case 'runbook.time_box_overrun':
      return { sentence: `${event.data.section} ran over its time box of ${plural(event.data.timeBoxMinutes, 'minute')}`, tone: 'warning' };
    case 'runbook.command_copied':
      return { sentence: `${who} copied \`${event.data.command}\``, tone: 'note' };
    case 'runbook.escalation_requested':
      return {
        sentence: event.data.target === 'team' ? `${who} escalated to ${event.data.teamName ?? 'another team'} from the runbook` : `${who} escalated to the next level from the runbook`,
        text: event.data.criterion,
        tone: 'page',
      };
    case 'runbook.feedback':
      return { sentence: `${who} said the runbook “${event.data.title}” ${event.data.helped ? 'helped' : 'did not help'}`, tone: 'note' };
    case 'postmortem.created':
      return { sentence: `${who} started the post-mortem “${event.data.title}”`, tone: 'change' };
    case 'postmortem.status_changed':
      return { sentence: `${who} ${postmortemMove(event.data.from, event.data.to)} the post-mortem`, ...(event.data.reason ? { text: event.data.reason } : {}), tone: 'change' };
    case 'postmortem.details_changed':
      return { sentence: `${who} ${postmortemDetails(event.data)}`, tone: 'note' };
    case 'postmortem.section_saved':
      return { sentence: `${who} edited the post-mortem`, tone: 'note' };
    case 'action_item.changed':
      return { sentence: `${who} ${event.data.change} the action item “${event.data.title}”`, tone: 'note' };
    case 'status.published':
      return { sentence: `${who} published “${event.data.title}” to the status page (${phaseLabel(event.data.phase)})`, tone: 'status' };
    case 'status.public_update':
      return { sentence: `${who} posted a public update (${phaseLabel(event.data.phase)})`, text: event.data.text, tone: 'status' };
    case 'status.public_update_overdue':
      return { sentence: `The public update is overdue: ${event.data.name ? `reminded ${event.data.name}` : 'nobody to remind'} (${event.data.nudged})`, tone: 'page' };
    case 'status.component_changed':
      return { sentence: `${who} set the status page component “${event.data.name}” to ${event.data.to.replace(/_/g, ' ')}`, tone: 'change' };
    case 'status.maintenance_changed':
      return { sentence: `${who} ${event.data.change} the maintenance “${event.data.title}”`, tone: 'change' };
    case 'chat.failed':
      return { sentence: `The message to ${event.data.name} (${event.data.chat}) failed${event.data.retrying ? ', retrying' : ''}`, text: event.data.error, tone: 'page' };
    case 'incident.resolved':
      return { sentence: `${who} resolved the incident`, tone: 'resolved' };
    case 'incident.note':
      return { sentence: `${who} added a note`, text: event.data.text, tone: 'note' };
    case 'incident.status_update':
      return { sentence: `${who} posted a status update (${phaseLabel(event.data.phase)})`, text: event.data.text, tone: 'status' };
    case 'incident.severity_changed':
      return { sentence: `${who} changed severity ${event.data.from} → ${event.data.to}`, tone: 'change' };
    case 'incident.phase_changed':
      return { sentence: `${who} moved the phase ${phaseLabel(event.data.from)} → ${phaseLabel(event.data.to)}`, tone: 'change' };
    case 'incident.title_changed':
      return { sentence: `${who} renamed the incident to “${event.data.to}”`, tone: 'change' };
    case 'incident.role_changed': {
      const role = ROLE_NAMES[event.data.role];
      const { from, to } = event.data;
      if (!to) return { sentence: `${who} removed ${from ? `${from} as ${role}` : `the ${role}`}`, tone: 'change' };
      if (to === who) return { sentence: `${who} became ${role}${from ? ` (was ${from})` : ''}`, tone: 'change' };
      return { sentence: `${who} made ${to} ${role}${from ? ` (was ${from})` : ''}`, tone: 'change' };
    }
    case 'service.created':
      return { sentence: `${who} created the service “${event.data.name}”`, tone: 'change' };
    case 'service.renamed':
      return { sentence: `${who} renamed the service “${event.data.from}” to “${event.data.to}”`, tone: 'change' };
    case 'integration_key.created':
      return { sentence: event.data.replaces ? `${who} rotated the integration key` : `${who} created an integration key`, tone: 'change' };
    case 'integration_key.revoked':
      return { sentence: event.data.replacedBy ? `${who} retired the integration key that a rotation replaced` : `${who} revoked an integration key`, tone: 'change' };
    case 'unrecognised':
      return unknownEvent(who, event.data.storedKind);
    default: {
      const unexpected: never = event;
      return unknownEvent(who, (unexpected as { kind: unknown }).kind);
    }
  }
}

/** A stored row this version cannot read, or a kind added after this bundle was built. */
function unknownEvent(who: string, kind: unknown): DescribedEvent {
  return { sentence: `${who}: ${typeof kind === 'string' && kind !== '' ? kind : 'an event this version cannot show'}`, tone: 'change' };
}
