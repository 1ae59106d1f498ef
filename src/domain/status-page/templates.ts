import type { Phase } from '../incident/lifecycle';
import type { ComponentStatus } from './components';
import { COMPONENT_STATUS_LABELS } from './components';

/**
 * First drafts of what customers read. They name components (public names), never the internal
 * incident's title, alerts or people: the commander edits them before publishing.
 */
export const PHASE_LABELS: Record<Phase, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

function list(names: readonly string[]): string {
  if (names.length === 0) return 'some of our services';
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "Degraded performance of Checkout and Payments API". */
export function draftPublicTitle(components: readonly { name: string; status: ComponentStatus }[]): string {
  const affected = components.filter((c) => c.status !== 'operational');
  if (affected.length === 0) return `Issue affecting ${list(components.map((c) => c.name))}`;
  const worst = affected.some((c) => c.status === 'major_outage')
    ? 'Outage of'
    : affected.some((c) => c.status === 'partial_outage')
      ? 'Partial outage of'
      : affected.some((c) => c.status === 'under_maintenance')
        ? 'Maintenance on'
        : 'Degraded performance of';
  return `${worst} ${list(affected.map((c) => c.name))}`;
}

/** The message a public update starts from, per phase. */
export function draftPublicMessage(phase: Phase, componentNames: readonly string[]): string {
  const what = list(componentNames);
  switch (phase) {
    case 'investigating':
      return `We are looking into reports of problems with ${what}. We will post another update as soon as we know more.`;
    case 'identified':
      return `We have found the cause of the problems with ${what} and are working on a fix.`;
    case 'monitoring':
      return `A fix for ${what} is in place. We are watching closely to make sure it holds.`;
    case 'resolved':
      return `${what.charAt(0).toUpperCase()}${what.slice(1)} ${componentNames.length === 1 ? 'is' : 'are'} working normally again. Thank you for your patience.`;
  }
}

export function componentStatusSentence(name: string, status: ComponentStatus): string {
  return `${name}: ${COMPONENT_STATUS_LABELS[status]}`;
}
