import type { PagePayload } from '../notify/page-message';

/** A page as the escalation runner would enqueue it (the guide's checkout incident), with whatever a test changes. */
export function pageFixture(overrides: Partial<PagePayload> = {}): PagePayload {
  return {
    pageId: 'page-0001',
    channel: 'sms',
    to: '+14155550123',
    incident: { id: 'INC-2026-0042', title: 'pool exhausted', severity: 'P1', service: 'Checkout API', url: 'https://firewatch.example.com/incidents/INC-2026-0042' },
    ackUrl: 'https://firewatch.example.com/ack/Xq3vN8bP2kLm9TzR4wYc',
    ackCode: '4821',
    bundled: [],
    recipientName: 'Alice Moreau',
    kind: 'page',
    ...overrides,
  };
}
