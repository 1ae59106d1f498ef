import { HttpResponse, http } from 'msw';
import type { z } from 'zod';
import type { AckLinkDto, channelTestResultSchema, verificationSentSchema } from '../contracts/escalation';
import { channelTestBodySchema, verifyContactBodySchema } from '../contracts/escalation';
import type { ProfileDto } from '../contracts/people';
import { CONTACT_CHANNELS } from '../domain/escalation/model';
import type { TestAckLink } from './db';
import { appendEvent, db, profileDto, updateIncident } from './db';
import type { TestUser } from './fixtures';
import { API, allowed, apiError, body, invalid, reply } from './msw-kit';

/**
 * msw handlers for the paging endpoints the browser calls: acknowledge links (public, the token is
 * the permission), the admin's channels page, and contact-method verification. Bodies are checked
 * with the contract schemas, answers typed by them, as in ./handlers.
 */

/** The code every fake verification sends (the real server draws a random one). */
export const TEST_VERIFICATION_CODE = '314159';
/** Wrong codes after which the fake answers 429, as the server does. */
export const VERIFY_TRIES = 5;







function linkState(link: TestAckLink): AckLinkDto['state'] {
  if (link.usedAt !== null) return 'used';
  return Date.parse(link.expiresAt) <= Date.now() ? 'expired' : 'valid';
}

function ackLinkDto(link: TestAckLink): AckLinkDto | undefined {
  const incident = db.incidents.find((i) => i.id === link.incidentId);
  if (!incident) return undefined;
  return {
    state: linkState(link),
    usedAt: link.usedAt,
    incident: { id: incident.id, title: incident.title, severity: incident.severity, state: incident.state, service: incident.serviceName },
    recipient: db.users.find((u) => u.id === link.recipientId)?.name ?? link.recipientId,
  };
}

const unknownLink = () => apiError(404, 'not_found', 'acknowledge link not found');

function ownMethod(caller: TestUser, id: unknown) {
  return profileDto(caller).contactMethods.find((m) => m.id === id);
}

export const pagingHandlers = [
  http.get(`${API}/ack/:token`, ({ params }) => {
    const link = db.ackLinks.find((l) => l.token === params['token']);
    const dto = link && ackLinkDto(link);
    return dto ? reply<AckLinkDto>(dto) : unknownLink();
  }),

  http.post(`${API}/ack/:token`, ({ params }) => {
    const link = db.ackLinks.find((l) => l.token === params['token']);
    if (!link || !ackLinkDto(link)) return unknownLink();
    const state = linkState(link);
    if (state === 'used') return apiError(410, 'link_used', 'This acknowledge link was already used');
    if (state === 'expired') return apiError(410, 'link_expired', 'This acknowledge link has expired');
    link.usedAt = new Date().toISOString();
    const incident = db.incidents.find((i) => i.id === link.incidentId)!;
    if (incident.state === 'triggered') {
      const next = updateIncident(incident.id, { state: 'acknowledged', acknowledgedAt: link.usedAt });
      const recipient = db.users.find((u) => u.id === link.recipientId);
      appendEvent(next, { type: 'person', name: recipient?.name ?? link.recipientId }, { kind: 'incident.acknowledged', data: { how: 'link', by: link.recipientId } });
    }
    return reply<AckLinkDto>(ackLinkDto(link)!);
  }),

  http.get(`${API}/me/pages`, () => {
    const caller = allowed('self:edit');
    if (caller instanceof HttpResponse) return caller;
    const paged = new Set(db.inAppPages.filter((page) => page.userId === caller.id).map((page) => page.incidentId));
    return reply({ items: db.incidents.filter((incident) => paged.has(incident.id)) });
  }),

  http.get(`${API}/admin/channels`, () => {
    const caller = allowed('people:admin');
    return caller instanceof HttpResponse ? caller : reply({ items: db.channels });
  }),

  http.post(`${API}/admin/channels/:channel/test`, async ({ request, params }) => {
    const caller = allowed('people:admin');
    if (caller instanceof HttpResponse) return caller;
    const channel = CONTACT_CHANNELS.find((c) => c === params['channel']);
    if (!channel) return apiError(404, 'not_found', `channel ${String(params['channel'])} not found`);
    const parsed = channelTestBodySchema.safeParse(await body(request));
    if (!parsed.success) return invalid(parsed.error);
    const state = db.channels.find((c) => c.channel === channel);
    if (!state?.configured) return reply<z.infer<typeof channelTestResultSchema>>({ channel, sent: false, error: `not configured: ${state?.detail ?? 'no settings'}` });
    db.channelTests.push({ channel, to: parsed.data.to });
    return reply<z.infer<typeof channelTestResultSchema>>({ channel, sent: true, error: null });
  }),

  http.post(`${API}/me/contact-methods/:id/verification`, ({ params }) => {
    const caller = allowed('self:edit');
    if (caller instanceof HttpResponse) return caller;
    const method = ownMethod(caller, params['id']);
    if (!method) return apiError(404, 'not_found', 'contact method not found');
    const expiresAt = new Date(Date.now() + 10 * 60_000).toISOString();
    db.verifications.set(method.id, { code: TEST_VERIFICATION_CODE, expiresAt, wrongTries: 0 });
    return reply<z.infer<typeof verificationSentSchema>>({ contactMethodId: method.id, sentTo: method.address, expiresAt }, 201);
  }),

  http.post(`${API}/me/contact-methods/:id/verify`, async ({ request, params }) => {
    const caller = allowed('self:edit');
    if (caller instanceof HttpResponse) return caller;
    const method = ownMethod(caller, params['id']);
    if (!method) return apiError(404, 'not_found', 'contact method not found');
    const parsed = verifyContactBodySchema.safeParse(await body(request));
    if (!parsed.success) return invalid(parsed.error);
    const pending = db.verifications.get(method.id);
    if (pending && pending.wrongTries >= VERIFY_TRIES) return apiError(429, 'too_many_attempts', 'Too many wrong codes: send a new one');
    if (!pending || Date.parse(pending.expiresAt) <= Date.now() || pending.code !== parsed.data.code) {
      if (pending) pending.wrongTries += 1;
      return apiError(400, 'invalid_request', 'code is wrong or expired', [{ field: 'code', problem: 'is wrong or expired' }]);
    }
    db.verifications.delete(method.id);
    const profile = profileDto(caller);
    const contactMethods = profile.contactMethods.map((m) => (m.id === method.id ? { ...m, verified: true } : m));
    db.profiles.set(caller.id, { p1BreaksQuietHours: profile.p1BreaksQuietHours, contactMethods, notificationRules: profile.notificationRules });
    return reply<ProfileDto>(profileDto(caller));
  }),
];
