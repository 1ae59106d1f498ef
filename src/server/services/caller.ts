import type { Kysely } from 'kysely';
import type { Actor } from '../../contracts/common';
import type { Principal, Role } from '../../domain/access/roles';
import type { Database } from '../db/schema';
import { accessRepository } from '../repositories/access-repository';

/** Who is making a request, as every service needs it: for permissions, the timeline and the audit log. */
export type Caller = {
  userId: string | null;
  name: string;
  role: Role | null;
  managedTeamIds: readonly string[];
  via: 'session' | 'token' | 'anonymous' | 'system';
  ip: string | null;
  sessionHash?: string | undefined;
  tokenId?: string | undefined;
};

export const SYSTEM_CALLER: Caller = { userId: null, name: 'Firewatch', role: 'admin', managedTeamIds: [], via: 'system', ip: null };

export function anonymousCaller(ip: string | null): Caller {
  return { userId: null, name: 'Anonymous', role: null, managedTeamIds: [], via: 'anonymous', ip };
}

export function principalOf(caller: Caller): Principal | undefined {
  if (!caller.userId || !caller.role) return undefined;
  return { userId: caller.userId, role: caller.role, managedTeamIds: caller.managedTeamIds };
}

/** The name on the incident timeline: the signed-in person (an API token acts as its owner). */
export function timelineActor(caller: Caller): Actor {
  if (caller.via === 'system') return { type: 'system', name: caller.name };
  return { type: 'person', name: caller.name };
}

/** Secrets never reach the audit log, whatever object is recorded. */
const SECRET_FIELDS = new Set(['password', 'password_hash', 'passwordHash', 'currentPassword', 'newPassword', 'token', 'token_hash', 'secret', 'key', 'integrationKey']);

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '[redacted]' : scrub(v)]));
  }
  return value;
}

/**
 * Appends one entry to the audit log inside the caller's transaction, so the record and the
 * change commit together or not at all.
 */
export async function audit(
  db: Kysely<Database>,
  entry: { at: number; caller: Caller; action: string; targetType?: string | null; targetId?: string | null; before?: unknown; after?: unknown },
): Promise<void> {
  await accessRepository.appendAudit(db, {
    at: entry.at,
    actor_type: entry.caller.via,
    actor_id: entry.caller.userId,
    actor_name: entry.caller.name,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId ?? null,
    ip: entry.caller.ip,
    before: entry.before === undefined ? null : JSON.stringify(scrub(entry.before)),
    after: entry.after === undefined ? null : JSON.stringify(scrub(entry.after)),
  });
}
