import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { channelTestBodySchema, verifyContactBodySchema } from '../../contracts/escalation';
import type { ProfileDto } from '../../contracts/people';
import { CONTACT_CHANNELS } from '../../domain/escalation/model';
import type { ContactChannel } from '../../domain/escalation/model';
import { isValidTwilioSignature } from '../notify/twilio-signature';
import type { ChannelService } from '../services/channel-service';
import type { PagingService } from '../services/paging-service';
import { Problem } from '../services/problem';
import { parseOrThrow } from './validation';

type TokenParams = { token: string };

/** Form fields as Twilio posts them (every value a string). */
const twilioFormSchema = z.record(z.string(), z.string());

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * Acknowledge links (public: the token is the permission) and Twilio's webhooks (public, from
 * Twilio's servers, so not same-site; each request must carry Twilio's signature over the URL
 * Twilio was given — `FIREWATCH_PUBLIC_URL` plus the path — made with the account's auth token).
 */
export function registerPagingRoutes(app: FastifyInstance, deps: { paging: PagingService; channels: ChannelService; profile: (caller: FastifyRequest['caller']) => Promise<ProfileDto>; twilio: { authToken: string; publicUrl: string } | undefined }): void {
  const { paging, channels } = deps;
  const open = { config: { permission: 'public' as const } };

  app.get('/api/v1/me/pages', { config: { permission: 'self:edit' } }, async (request) => ({ items: await paging.pagedIncidents(request.caller.userId ?? '') }));
  app.get<{ Params: TokenParams }>('/api/v1/ack/:token', open, async (request) => paging.ackLink(request.params.token));
  app.post<{ Params: TokenParams }>('/api/v1/ack/:token', open, async (request) => paging.useAckLink(request.params.token));

  const fromTwilio = { config: { permission: 'public' as const, crossSite: 'allowed' as const, acceptsForm: true } };
  function verifiedForm(request: FastifyRequest): Record<string, string> {
    const twilio = deps.twilio;
    if (!twilio) throw new Problem(404, 'not_found', 'Twilio is not configured');
    const parsed = twilioFormSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw new Problem(400, 'invalid_request', 'expected Twilio form fields', [{ field: 'body', problem: 'must be form fields' }]);
    const signature = request.headers['x-twilio-signature'];
    const url = `${twilio.publicUrl.replace(/\/$/, '')}${request.url}`;
    if (typeof signature !== 'string' || !isValidTwilioSignature(twilio.authToken, url, parsed.data, signature)) {
      throw new Problem(403, 'bad_signature', 'X-Twilio-Signature does not match this request');
    }
    return parsed.data;
  }

  app.post('/api/v1/twilio/sms', fromTwilio, async (request, reply) => {
    const form = verifiedForm(request);
    const answer = await paging.smsReply(form.From ?? '', form.Body ?? '');
    return reply.type('text/xml').send(`<?xml version="1.0" encoding="UTF-8"?><Response><Message>${xmlEscape(answer)}</Message></Response>`);
  });

  app.post<{ Querystring: { page?: string } }>('/api/v1/twilio/status', fromTwilio, async (request, reply) => {
    const form = verifiedForm(request);
    const pageId = typeof request.query.page === 'string' ? request.query.page : '';
    const status = form.MessageStatus ?? form.CallStatus ?? '';
    if (pageId && status) await paging.deliveryStatus(pageId, status, form.ErrorCode);
    return reply.code(204).send();
  });

  app.get('/api/v1/admin/channels', { config: { permission: 'people:admin' } }, async () => ({ items: channels.states() }));
  app.post<{ Params: { channel: string } }>('/api/v1/admin/channels/:channel/test', { config: { permission: 'people:admin' } }, async (request) => {
    const channel = request.params.channel;
    if (!(CONTACT_CHANNELS as readonly string[]).includes(channel)) throw Problem.notFound(`channel ${channel}`);
    const body = parseOrThrow(channelTestBodySchema, request.body);
    return channels.sendTest(channel as ContactChannel, body.to, request.caller);
  });

  app.post<{ Params: { id: string } }>('/api/v1/me/contact-methods/:id/verification', { config: { permission: 'self:edit' } }, async (request, reply) =>
    reply.code(201).send(await channels.startVerification(request.caller, request.params.id)),
  );
  app.post<{ Params: { id: string } }>('/api/v1/me/contact-methods/:id/verify', { config: { permission: 'self:edit' } }, async (request) => {
    const body = parseOrThrow(verifyContactBodySchema, request.body);
    await channels.verify(request.caller, request.params.id, body.code);
    return deps.profile(request.caller);
  });
}
