import { randomBytes, randomUUID } from 'node:crypto';
import type { ServiceDto, ServiceWithKeysDto } from '../../contracts/services';
import { serviceAsSeenBy, serviceSummary } from '../../contracts/services';
import type { DatabaseHandle } from '../db/database';
import type { WriteQueue } from '../db/write-queue';
import { servicesRepository } from '../repositories/services-repository';
import type { IntegrationKeyRow, ServiceRow } from '../repositories/services-repository';
import type { Clock } from './clock';
import { canEditTeamResource } from '../../domain/access/roles';
import { teamsRepository } from '../repositories/teams-repository';
import type { Caller } from './caller';
import { audit, principalOf, timelineActor } from './caller';
import { appendEvent } from './event-log';
import { toServiceDto } from './mappers';
import { Problem } from './problem';
import { mustEditService } from './service-access';

/** 128 random bits, hex: the length PagerDuty routing keys have, so senders' validators accept it. */
export function newIntegrationSecret(): string {
  return randomBytes(16).toString('hex');
}

/** Names compare case- and space-insensitively, so "Checkout API" and "checkout  api" clash. */
function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export type ServiceCatalog = ReturnType<typeof createServiceCatalog>;

/** Admins edit every service; managers only those of teams they manage (403 otherwise). */

/**
 * The team a new service belongs to: the one asked for (which the caller must be allowed to edit),
 * else the only team the caller manages, else — for an admin — the only team there is.
 */
async function chooseTeam(db: DatabaseHandle['db'], requested: string | undefined, caller: Caller): Promise<string> {
  const principal = principalOf(caller);
  if (!principal) throw new Problem(401, 'unauthenticated', 'Sign in first');
  if (requested) {
    if (!(await teamsRepository.findById(db, requested))) throw new Problem(400, 'invalid_request', 'teamId names no team', [{ field: 'teamId', problem: 'names no team' }]);
    if (!canEditTeamResource(principal, requested)) throw new Problem(403, 'forbidden', 'You may only create services for teams you manage', [{ field: 'teamId', problem: 'is not a team you manage' }]);
    return requested;
  }
  if (principal.managedTeamIds.length === 1) return principal.managedTeamIds[0]!;
  const teams = await teamsRepository.list(db);
  if (principal.role === 'admin' && teams.length === 1) return teams[0]!.id;
  throw new Problem(400, 'invalid_request', 'teamId is required: say which team owns the service', [{ field: 'teamId', problem: 'is required' }]);
}

export function createServiceCatalog(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock }) {
  const { handle, writes, clock } = deps;

  async function dtoFor(db: DatabaseHandle['db'], row: ServiceRow): Promise<ServiceWithKeysDto> {
    // One service: count its own open incidents, not every service's.
    const [keys, open] = await Promise.all([servicesRepository.keysFor(db, [row.id]), servicesRepository.openIncidentCount(db, row.id)]);
    return toServiceDto(row, keys, open);
  }

  return {
    /** Every service; with its keys only where the caller may edit it. */
    async list(caller: Caller): Promise<ServiceDto[]> {
      const rows = await servicesRepository.list(handle.db);
      const [keys, counts] = await Promise.all([
        servicesRepository.keysFor(handle.db, rows.map((row) => row.id)),
        servicesRepository.openIncidentCounts(handle.db),
      ]);
      const principal = principalOf(caller);
      return rows.map((row) => serviceAsSeenBy(toServiceDto(row, keys, counts.get(row.id) ?? 0), principal));
    },

    async get(id: string, caller: Caller): Promise<ServiceDto> {
      const row = await servicesRepository.findById(handle.db, id);
      if (!row) throw Problem.notFound(`service ${id}`);
      return serviceAsSeenBy(await dtoFor(handle.db, row), principalOf(caller));
    },

    async create(name: string, requestedTeamId: string | undefined, caller: Caller): Promise<ServiceWithKeysDto> {
      return writes.run(async (ctx) => {
        const actor = timelineActor(caller);
        const teamId = await chooseTeam(ctx.trx, requestedTeamId, caller);
        const key = nameKey(name);
        if (await servicesRepository.findByNameKey(ctx.trx, key)) {
          throw Problem.conflict(`a service named "${name.trim()}" already exists`, 'name');
        }
        const at = clock.now();
        const row: ServiceRow = { id: randomUUID(), name: name.trim(), name_key: key, created_at: at, updated_at: at, team_id: teamId };
        await servicesRepository.insert(ctx.trx, row);
        const keyRow: IntegrationKeyRow = { id: randomUUID(), service_id: row.id, secret: newIntegrationSecret(), created_at: at, revoked_at: null };
        await servicesRepository.insertKey(ctx.trx, keyRow);
        const dto = toServiceDto(row, [keyRow], 0);
        await appendEvent(ctx, { at, kind: 'service.created', incidentId: null, serviceId: row.id, actor, data: { name: row.name } }, { service: serviceSummary(dto) });
        await audit(ctx.trx, { at, caller, action: 'service.created', targetType: 'service', targetId: row.id, after: { name: row.name, teamId } });
        return dto;
      });
    },

    async rename(id: string, name: string, caller: Caller): Promise<ServiceWithKeysDto> {
      return writes.run(async (ctx) => {
        const row = await servicesRepository.findById(ctx.trx, id);
        if (!row) throw Problem.notFound(`service ${id}`);
        mustEditService(caller, row);
        const actor = timelineActor(caller);
        const key = nameKey(name);
        const clash = await servicesRepository.findByNameKey(ctx.trx, key);
        if (clash && clash.id !== id) throw Problem.conflict(`a service named "${name.trim()}" already exists`, 'name');
        if (row.name === name.trim()) return dtoFor(ctx.trx, row);
        const at = clock.now();
        await servicesRepository.rename(ctx.trx, id, name.trim(), key, at);
        const dto = await dtoFor(ctx.trx, { ...row, name: name.trim(), name_key: key, updated_at: at });
        await appendEvent(ctx, { at, kind: 'service.renamed', incidentId: null, serviceId: id, actor, data: { from: row.name, to: dto.name } }, { service: serviceSummary(dto) });
        await audit(ctx.trx, { at, caller, action: 'service.renamed', targetType: 'service', targetId: id, before: { name: row.name }, after: { name: dto.name } });
        return dto;
      });
    },

    async addKey(serviceId: string, caller: Caller): Promise<ServiceWithKeysDto> {
      return writes.run(async (ctx) => {
        const row = await servicesRepository.findById(ctx.trx, serviceId);
        if (!row) throw Problem.notFound(`service ${serviceId}`);
        mustEditService(caller, row);
        const actor = timelineActor(caller);
        const at = clock.now();
        const keyRow: IntegrationKeyRow = { id: randomUUID(), service_id: serviceId, secret: newIntegrationSecret(), created_at: at, revoked_at: null };
        await servicesRepository.insertKey(ctx.trx, keyRow);
        const dto = await dtoFor(ctx.trx, row);
        await appendEvent(ctx, { at, kind: 'integration_key.created', incidentId: null, serviceId, actor, data: { keyId: keyRow.id } }, { service: serviceSummary(dto) });
        await audit(ctx.trx, { at, caller, action: 'integration_key.created', targetType: 'service', targetId: serviceId, after: { keyId: keyRow.id } });
        return dto;
      });
    },

    async revokeKey(serviceId: string, keyId: string, caller: Caller): Promise<ServiceWithKeysDto> {
      return writes.run(async (ctx) => {
        const row = await servicesRepository.findById(ctx.trx, serviceId);
        if (!row) throw Problem.notFound(`service ${serviceId}`);
        mustEditService(caller, row);
        const actor = timelineActor(caller);
        const key = await servicesRepository.findKey(ctx.trx, serviceId, keyId);
        if (!key) throw Problem.notFound(`integration key ${keyId}`);
        if (key.revoked_at !== null) throw Problem.conflict('this integration key is already revoked');
        const at = clock.now();
        await servicesRepository.revokeKey(ctx.trx, keyId, at);
        const dto = await dtoFor(ctx.trx, row);
        await appendEvent(ctx, { at, kind: 'integration_key.revoked', incidentId: null, serviceId, actor, data: { keyId } }, { service: serviceSummary(dto) });
        await audit(ctx.trx, { at, caller, action: 'integration_key.revoked', targetType: 'service', targetId: serviceId, before: { keyId } });
        return dto;
      });
    },

    /** Rotation: a new key and the old one revoked, in one transaction — never a moment with neither. */
    async rotateKey(serviceId: string, keyId: string, caller: Caller): Promise<ServiceWithKeysDto> {
      return writes.run(async (ctx) => {
        const row = await servicesRepository.findById(ctx.trx, serviceId);
        if (!row) throw Problem.notFound(`service ${serviceId}`);
        mustEditService(caller, row);
        const actor = timelineActor(caller);
        const key = await servicesRepository.findKey(ctx.trx, serviceId, keyId);
        if (!key) throw Problem.notFound(`integration key ${keyId}`);
        if (key.revoked_at !== null) throw Problem.conflict('this integration key is already revoked; add a new key instead');
        const at = clock.now();
        const fresh: IntegrationKeyRow = { id: randomUUID(), service_id: serviceId, secret: newIntegrationSecret(), created_at: at, revoked_at: null };
        await servicesRepository.insertKey(ctx.trx, fresh);
        await servicesRepository.revokeKey(ctx.trx, keyId, at);
        const dto = await dtoFor(ctx.trx, row);
        await appendEvent(ctx, { at, kind: 'integration_key.created', incidentId: null, serviceId, actor, data: { keyId: fresh.id, replaces: keyId } });
        await appendEvent(ctx, { at, kind: 'integration_key.revoked', incidentId: null, serviceId, actor, data: { keyId, replacedBy: fresh.id } }, { service: serviceSummary(dto) });
        await audit(ctx.trx, { at, caller, action: 'integration_key.rotated', targetType: 'service', targetId: serviceId, before: { keyId }, after: { keyId: fresh.id } });
        return dto;
      });
    },
  };
}
