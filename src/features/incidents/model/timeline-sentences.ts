import type { TimelineEventDto } from '../../../contracts/timeline-events';
import { phaseLabel } from './labels';

export type EventTone = 'alert' | 'recovery' | 'ack' | 'resolved' | 'status' | 'note' | 'change';

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
      return { sentence: `${who} acknowledged`, tone: 'ack' };
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
