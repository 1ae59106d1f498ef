import type { TimelineEventDto } from '../../../contracts/incidents';
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

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function alertItems(data: Record<string, unknown>): string[] | undefined {
  const alerts = Array.isArray(data['alerts']) ? data['alerts'].filter((a): a is string => typeof a === 'string') : [];
  const more = num(data['more']) ?? 0;
  const items = more > 0 ? [...alerts, `…and ${more} more`] : alerts;
  return items.length > 0 ? items : undefined;
}

const ROLE_NAMES: Record<string, string> = { commander: 'incident commander', scribe: 'scribe' };

/** Turns one timeline event into the sentence the incident page shows. */
export function describeEvent(event: TimelineEventDto): DescribedEvent {
  const who = event.actor.name || 'Someone';
  const data = event.data;
  switch (event.kind) {
    case 'incident.triggered': {
      const firing = num(data['firing']) ?? num(data['alertCount']) ?? 1;
      return { sentence: `${who} opened the incident: ${plural(firing, 'alert')} firing`, items: alertItems(data), tone: 'alert' };
    }
    case 'incident.declared': {
      const severity = str(data['severity']);
      const commander = str(data['commander']);
      const parts = [`${who} declared the incident${severity ? ` as ${severity}` : ''}`];
      if (commander) parts.push(`with ${commander} as incident commander`);
      return { sentence: parts.join(' '), tone: 'alert' };
    }
    case 'alert.firing': {
      const count = num(data['count']) ?? 1;
      return { sentence: `${who}: ${count} more ${count === 1 ? 'alert' : 'alerts'} firing`, items: alertItems(data), tone: 'alert' };
    }
    case 'alert.resolved': {
      const count = num(data['count']) ?? 1;
      return { sentence: `${who}: ${plural(count, 'alert')} resolved`, items: alertItems(data), tone: 'recovery' };
    }
    case 'incident.acknowledged':
      return { sentence: `${who} acknowledged`, tone: 'ack' };
    case 'incident.resolved':
      return { sentence: `${who} resolved the incident`, tone: 'resolved' };
    case 'incident.note':
      return { sentence: `${who} added a note`, text: str(data['text']) ?? '', tone: 'note' };
    case 'incident.status_update': {
      const phase = str(data['phase']);
      return { sentence: `${who} posted a status update${phase ? ` (${phaseLabel(phase)})` : ''}`, text: str(data['text']) ?? '', tone: 'status' };
    }
    case 'incident.severity_changed':
      return { sentence: `${who} changed severity ${str(data['from']) ?? '?'} → ${str(data['to']) ?? '?'}`, tone: 'change' };
    case 'incident.phase_changed':
      return { sentence: `${who} moved the phase ${phaseLabel(data['from'])} → ${phaseLabel(data['to'])}`, tone: 'change' };
    case 'incident.title_changed':
      return { sentence: `${who} renamed the incident to “${str(data['to']) ?? ''}”`, tone: 'change' };
    case 'incident.role_changed': {
      const role = ROLE_NAMES[str(data['role']) ?? ''] ?? str(data['role']) ?? 'a role';
      const to = str(data['to']);
      const from = str(data['from']);
      if (!to) return { sentence: `${who} removed ${from ?? 'the'} ${from ? `as ${role}` : role}`, tone: 'change' };
      if (to === who) return { sentence: `${who} became ${role}${from ? ` (was ${from})` : ''}`, tone: 'change' };
      return { sentence: `${who} made ${to} ${role}${from ? ` (was ${from})` : ''}`, tone: 'change' };
    }
    default:
      return { sentence: `${who}: ${event.kind}`, tone: 'change' };
  }
}
