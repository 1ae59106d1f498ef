import type { FastifyInstance } from 'fastify';
import {
  acceptInviteBodySchema,
  AUDIT_ORDER,
  auditQuerySchema,
  changePasswordBodySchema,
  createApiTokenBodySchema,
  invitePersonBodySchema,
  signInBodySchema,
  teamBodySchema,
  updatePersonBodySchema,
  updateProfileBodySchema,
} from '../../contracts/people';
import type { AuditEntryDto } from '../../contracts/people';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import { accessRepository } from '../repositories/access-repository';
import type { AccessService } from '../services/access-service';
import type { PeopleService } from '../services/people-service';
import { webhookAddressProblem } from '../notify/address-policy';
import { Problem } from '../services/problem';
import { clearSessionCookie, setSessionCookie } from './access-control';
import { parseOrThrow } from './validation';
import { decodeCursor, encodeCursor } from '../../contracts/pagination';
import { badCursor } from '../services/paging';

type IdParams = { id: string };
type TokenParams = { token: string };

const iso = (ms: number | null) => (ms === null ? null : toIsoUtc(epochMs(ms)));
const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** Where an invited person sets their password; the admin passes it on (e-mail comes with paging). */
const inviteLink = (token: string) => `/invite/${token}`;

/**
 * Refuses webhook contact addresses on loopback, private or link-local hosts (400 naming each),
 * unless the operator allows them. Sending checks again after DNS (`notify/guarded-http.ts`).
 */
function refusePrivateWebhooks(methods: ReadonlyArray<{ kind: string; address: string }> | undefined, allowPrivate: boolean): void {
  const fields = (methods ?? []).flatMap((method, index) => {
    const problem = method.kind === 'webhook' ? webhookAddressProblem(method.address, allowPrivate) : undefined;
    return problem ? [{ field: `contactMethods[${index}].address`, problem }] : [];
  });
  if (fields.length > 0) throw new Problem(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

export function registerPeopleRoutes(
  app: FastifyInstance,
  deps: { handle: DatabaseHandle; access: AccessService; people: PeopleService; demoMode: boolean; allowPrivateWebhooks?: boolean },
): void {
  const { access, people } = deps;

  app.get('/api/v1/session', { config: { permission: 'read' } }, async (request) => ({
    user: await people.person(request.caller.userId!),
    demoMode: deps.demoMode,
  }));

  app.post('/api/v1/session', { config: { permission: 'public' } }, async (request, reply) => {
    const body = parseOrThrow(signInBodySchema, request.body);
    const { token, userId } = await access.signIn(body.email, body.password, request.ip);
    setSessionCookie(reply, token);
    return { user: await people.person(userId), demoMode: deps.demoMode };
  });

  app.delete('/api/v1/session', { config: { permission: 'self:edit' } }, async (request, reply) => {
    await access.signOut(request.caller);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.get<{ Params: TokenParams }>('/api/v1/invites/:token', { config: { permission: 'public' } }, async (request) => access.describeInvite(request.params.token));

  app.post<{ Params: TokenParams }>('/api/v1/invites/:token', { config: { permission: 'public' } }, async (request, reply) => {
    const body = parseOrThrow(acceptInviteBodySchema, request.body);
    const { token, userId } = await access.acceptInvite(request.params.token, body.password, request.ip);
    setSessionCookie(reply, token);
    return { user: await people.person(userId), demoMode: deps.demoMode };
  });

  app.get('/api/v1/me', { config: { permission: 'self:edit' } }, async (request) => people.me(request.caller));

  app.patch('/api/v1/me', { config: { permission: 'self:edit' } }, async (request) => {
    const body = parseOrThrow(updateProfileBodySchema, request.body);
    refusePrivateWebhooks(body.contactMethods, deps.allowPrivateWebhooks ?? false);
    return people.updateProfile(request.caller, body);
  });

  app.post('/api/v1/me/password', { config: { permission: 'self:edit' } }, async (request, reply) => {
    const body = parseOrThrow(changePasswordBodySchema, request.body);
    const { token } = await access.changePassword(request.caller, body.currentPassword, body.newPassword);
    setSessionCookie(reply, token);
    return reply.code(204).send();
  });

  app.get('/api/v1/me/tokens', { config: { permission: 'self:edit' } }, async (request) => ({
    items: (await access.listTokens(request.caller)).map((row) => ({ id: row.id, name: row.name, role: row.role, createdAt: iso(row.created_at), lastUsedAt: iso(row.last_used_at), revokedAt: iso(row.revoked_at) })),
  }));

  app.post('/api/v1/me/tokens', { config: { permission: 'self:edit' } }, async (request, reply) => {
    const body = parseOrThrow(createApiTokenBodySchema, request.body);
    const { token, id } = await access.createToken(request.caller, body.name, body.role);
    return reply.code(201).send({ id, name: body.name, role: body.role, token });
  });

  app.delete<{ Params: IdParams }>('/api/v1/me/tokens/:id', { config: { permission: 'self:edit' } }, async (request, reply) => {
    await access.revokeToken(request.caller, request.params.id);
    return reply.code(204).send();
  });

  app.get('/api/v1/people', { config: { permission: 'read' } }, async () => ({ items: await people.list() }));
  app.get<{ Params: IdParams }>('/api/v1/people/:id', { config: { permission: 'read' } }, async (request) => people.person(request.params.id));

  app.post('/api/v1/people', { config: { permission: 'people:admin' } }, async (request, reply) => {
    const body = parseOrThrow(invitePersonBodySchema, request.body);
    const { person, inviteToken } = await people.invite(request.caller, body);
    return reply.code(201).send({ person, inviteUrl: inviteLink(inviteToken) });
  });

  app.patch<{ Params: IdParams }>('/api/v1/people/:id', { config: { permission: 'people:admin' } }, async (request) => {
    const body = parseOrThrow(updatePersonBodySchema, request.body);
    return people.updatePerson(request.caller, request.params.id, body);
  });

  app.post<{ Params: IdParams }>('/api/v1/people/:id/invite', { config: { permission: 'people:admin' } }, async (request, reply) =>
    reply.code(201).send({ inviteUrl: inviteLink(await people.reinvite(request.caller, request.params.id)) }),
  );

  app.get('/api/v1/teams', { config: { permission: 'read' } }, async () => ({ items: await people.teams() }));

  app.post('/api/v1/teams', { config: { permission: 'people:admin' } }, async (request, reply) => {
    const body = parseOrThrow(teamBodySchema, request.body);
    return reply.code(201).send(await people.saveTeam(request.caller, undefined, body));
  });

  app.put<{ Params: IdParams }>('/api/v1/teams/:id', { config: { permission: 'people:admin' } }, async (request) => {
    const body = parseOrThrow(teamBodySchema, request.body);
    return people.saveTeam(request.caller, request.params.id, body);
  });

  app.get('/api/v1/audit', { config: { permission: 'audit:read' } }, async (request) => {
    const { cursor, ...query } = parseOrThrow(auditQuerySchema, request.query, 'query');
    const after = cursor === undefined ? undefined : decodeCursor(cursor, AUDIT_ORDER.name, AUDIT_ORDER.shape);
    if (cursor !== undefined && !after) throw badCursor();
    // Newest first by sequence number; one row more than asked tells whether another page follows.
    const before = after ? Number(after[0]) : query.before;
    const rows = await accessRepository.listAudit(deps.handle.db, { ...query, before, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      nextCursor: rows.length > query.limit && last ? encodeCursor(AUDIT_ORDER.name, [last.seq]) : null,
      items: page.map(
        (row): AuditEntryDto => ({
          seq: row.seq,
          at: iso(row.at)!,
          actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
          action: row.action,
          target: { type: row.target_type, id: row.target_id },
          ip: row.ip,
          before: parseJson(row.before),
          after: parseJson(row.after),
        }),
      ),
    };
  });
}
