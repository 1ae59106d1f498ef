import type { ActionItemDto, PostmortemDto, PostmortemSectionDto } from '../contracts/postmortems';
import { POSTMORTEM_SECTIONS } from '../domain/postmortem/model';
import { USERS } from './fixtures';

const priya = { id: USERS.admin.id, name: USERS.admin.name };

/** Every section of the template, empty at version 0 unless `bodies` fills some in. */
export function makeSections(bodies: Partial<Record<PostmortemSectionDto['key'], string>> = {}): PostmortemSectionDto[] {
  return POSTMORTEM_SECTIONS.map(({ key, title }) => ({ key, title, body: bodies[key] ?? '', version: 0, updatedAt: null, updatedBy: null }));
}

/** An action item of the sample post-mortem, owned by Diego unless told otherwise. */
export function makeActionItem(overrides: Partial<ActionItemDto> = {}): ActionItemDto {
  return {
    id: 'ai-1',
    postmortemId: 'pm-1',
    incidentId: 'INC-2026-0001',
    incidentTitle: 'Checkout: connection pool exhausted',
    serviceId: 'svc-checkout',
    serviceName: 'Checkout API',
    title: 'Alert when the pool passes 80 %',
    owner: { id: USERS.responder.id, name: USERS.responder.name, timeZone: USERS.responder.timeZone },
    dueOn: '2026-03-10',
    status: 'open',
    link: null,
    overdue: false,
    createdAt: '2026-03-04T10:00:00.000Z',
    updatedAt: '2026-03-04T10:00:00.000Z',
    closedAt: null,
    version: 1,
    ...overrides,
  };
}

/** A draft post-mortem of a resolved Checkout incident, started by Priya (for web tests). */
export function makePostmortem(overrides: Partial<PostmortemDto> = {}): PostmortemDto {
  return {
    id: 'pm-1',
    incident: {
      id: 'INC-2026-0001',
      title: 'Checkout: connection pool exhausted',
      severity: 'P1',
      serviceId: 'svc-checkout',
      serviceName: 'Checkout API',
      teamId: 'team-payments',
      triggeredAt: '2026-03-03T02:31:00.000Z',
      acknowledgedAt: '2026-03-03T02:33:00.000Z',
      resolvedAt: '2026-03-03T03:14:00.000Z',
      alertCount: 3,
    },
    title: 'Checkout: connection pool exhausted',
    status: 'draft',
    owner: priya,
    dueAt: '2026-03-05T03:14:00.000Z',
    followUpOn: '2026-03-10',
    createdAt: '2026-03-03T09:00:00.000Z',
    createdBy: priya,
    updatedAt: '2026-03-03T09:00:00.000Z',
    publishedAt: null,
    openActionItems: 0,
    overdueActionItems: 0,
    sections: makeSections(),
    actionItems: [],
    timelineThroughSeq: 0,
    canEdit: true,
    canChangeStatus: true,
    ...overrides,
  };
}
