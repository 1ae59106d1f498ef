import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../domain/access/roles';
import { isRole, lesserRole, roleRank } from '../../domain/access/roles';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteQueue } from '../db/write-queue';
import { accessRepository } from '../repositories/access-repository';
import { teamsRepository } from '../repositories/teams-repository';
import type { UserRow } from '../repositories/users-repository';
import { usersRepository } from '../repositories/users-repository';
import type { Caller } from './caller';
import { audit } from './caller';
import type { Clock } from './clock';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyDecoy, verifyPassword } from './passwords';
import { Problem } from './problem';

/** A session lives 12 hours past its last use, and never more than 30 days. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
export const SESSION_MAX_MS = 30 * 24 * 60 * 60_000;
const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;
/** Sliding expiry is written at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** 256 random bits, URL-safe: session ids, API tokens, invitations. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Secrets are stored only as SHA-256: a stolen database cannot be replayed as sessions. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Access that has just ended: the live streams opened with it must end too. */
export type RevokedAccess = { sessionHashes?: readonly string[]; tokenIds?: readonly string[]; userIds?: readonly string[] };

/** A session id is 256 random bits in base64url; anything else (or undecodable) is no session. */
const SESSION_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type AccessService = ReturnType<typeof createAccessService>;

export function createAccessService(deps: {
  handle: DatabaseHandle;
  writes: WriteQueue;
  clock: Clock;
  onAccessRevoked: (revoked: RevokedAccess) => void;
}) {
  const { handle, writes, clock } = deps;
  const throttle = new LoginThrottle(() => clock.now());

  /** An invitation link works only while it is the person's newest, unexpired and they have no password. */
  async function liveInvite(db: Kysely<Database>, token: string): Promise<UserRow> {
    const invite = await accessRepository.findInvite(db, hashSecret(token));
    if (!invite || invite.used_at !== null || invite.expires_at <= clock.now()) throw Problem.notFound('invitation');
    const user = await usersRepository.findById(db, invite.user_id);
    if (!user || user.password_hash !== null) throw Problem.notFound('invitation');
    return user;
  }

  async function managedTeams(db: Kysely<Database>, userId: string): Promise<string[]> {
    return (await teamsRepository.membershipsOf(db, userId)).filter((m) => m.manager === 1).map((m) => m.team_id);
  }

  async function callerFor(user: UserRow, role: Role, ip: string | null, via: 'session' | 'token', extra: Partial<Caller>): Promise<Caller> {
    return { userId: user.id, name: user.name, role, managedTeamIds: await managedTeams(handle.db, user.id), via, ip, ...extra };
  }

  async function startSession(db: Kysely<Database>, userId: string, ip: string | null): Promise<string> {
    const token = newSecret();
    const at = clock.now();
    await accessRepository.insertSession(db, { id_hash: hashSecret(token), user_id: userId, created_at: at, last_seen_at: at, expires_at: at + SESSION_IDLE_MS, revoked_at: null, ip });
    return token;
  }

  return {
    /** Resolves a session cookie to its caller; undefined when unknown, revoked or expired. */
    async fromSession(token: string, ip: string | null): Promise<Caller | undefined> {
      if (!SESSION_TOKEN_SHAPE.test(token)) return undefined;
      const idHash = hashSecret(token);
      const session = await accessRepository.findSession(handle.db, idHash);
      const at = clock.now();
      if (!session || session.revoked_at !== null || session.expires_at <= at || session.created_at + SESSION_MAX_MS <= at) return undefined;
      const user = await usersRepository.findById(handle.db, session.user_id);
      if (!user || !isRole(user.role)) return undefined;
      if (at - session.last_seen_at > TOUCH_EVERY_MS) {
        void writes.run((ctx) => accessRepository.touchSession(ctx.trx, idHash, at, Math.min(at + SESSION_IDLE_MS, session.created_at + SESSION_MAX_MS))).catch(() => undefined);
      }
      return callerFor(user, user.role, ip, 'session', { sessionHash: idHash });
    },

    /** Resolves `Authorization: Bearer …`; the token acts with the lesser of its role and its owner's. */
    async fromToken(token: string, ip: string | null): Promise<Caller | undefined> {
      const row = await accessRepository.findTokenByHash(handle.db, hashSecret(token));
      if (!row || row.revoked_at !== null || !isRole(row.role)) return undefined;
      const user = await usersRepository.findById(handle.db, row.user_id);
      if (!user || !isRole(user.role)) return undefined;
      const at = clock.now();
      if (row.last_used_at === null || at - row.last_used_at > TOUCH_EVERY_MS) {
        void writes.run((ctx) => accessRepository.markTokenUsed(ctx.trx, row.id, at)).catch(() => undefined);
      }
      return callerFor(user, lesserRole(row.role, user.role), ip, 'token', { tokenId: row.id });
    },

    /**
     * Signs in. Unknown e-mail and wrong password give the same answer after the same work.
     * Failures are throttled per (account, address) pair with a growing back-off, and per address
     * with a generous cap (login-throttle.ts); a refused attempt is not even verified.
     */
    async signIn(email: string, password: string, ip: string | null): Promise<{ token: string; userId: string }> {
      const key = emailKey(email);
      const address = ip ?? 'unknown';
      const allowed = throttle.check(key, address);
      if (!allowed.ok) {
        throw new Problem(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${allowed.retryAfterSeconds} s`, undefined, { 'retry-after': String(allowed.retryAfterSeconds) });
      }
      const user = await usersRepository.findByEmailKey(handle.db, key);
      const ok = user?.password_hash ? await verifyPassword(user.password_hash, password) : await verifyDecoy(password);
      if (!user || !ok) {
        throttle.fail(key, address);
        await writes.run((ctx) =>
          audit(ctx.trx, { at: clock.now(), caller: { userId: user?.id ?? null, name: key, role: null, managedTeamIds: [], via: 'anonymous', ip }, action: 'auth.sign_in_failed', targetType: 'user', targetId: user?.id ?? null }),
        );
        throw new Problem(401, 'invalid_credentials', 'E-mail or password is wrong');
      }
      throttle.succeed(key, address);
      // Always a brand-new session id: a cookie planted before sign-in is never adopted.
      const token = await writes.run(async (ctx) => {
        const fresh = await startSession(ctx.trx, user.id, ip);
        await audit(ctx.trx, { at: clock.now(), caller: { userId: user.id, name: user.name, role: null, managedTeamIds: [], via: 'session', ip }, action: 'auth.sign_in', targetType: 'user', targetId: user.id });
        return fresh;
      });
      return { token, userId: user.id };
    },

    async signOut(caller: Caller): Promise<void> {
      const sessionHash = caller.sessionHash;
      if (!sessionHash) return;
      await writes.run(async (ctx) => {
        await accessRepository.revokeSession(ctx.trx, sessionHash, clock.now());
        await audit(ctx.trx, { at: clock.now(), caller, action: 'auth.sign_out', targetType: 'user', targetId: caller.userId });
      });
      deps.onAccessRevoked({ sessionHashes: [sessionHash] });
    },

    /** Changes a password; every session of the person is revoked and this client gets a new one. */
    async changePassword(caller: Caller, currentPassword: string, newPassword: string): Promise<{ token: string }> {
      const user = caller.userId ? await usersRepository.findById(handle.db, caller.userId) : undefined;
      if (!user) throw new Problem(401, 'unauthenticated', 'Sign in first');
      if (!user.password_hash || !(await verifyPassword(user.password_hash, currentPassword))) {
        throw new Problem(400, 'invalid_request', 'currentPassword is wrong', [{ field: 'currentPassword', problem: 'is wrong' }]);
      }
      const hash = await hashPassword(newPassword);
      const { token, revoked } = await writes.run(async (ctx) => {
        const at = clock.now();
        await usersRepository.update(ctx.trx, user.id, { password_hash: hash, updated_at: at });
        const revokedHashes = await accessRepository.revokeSessionsOf(ctx.trx, user.id, at);
        await accessRepository.deleteInvitesOf(ctx.trx, user.id);
        const fresh = await startSession(ctx.trx, user.id, caller.ip);
        await audit(ctx.trx, { at, caller, action: 'user.password_changed', targetType: 'user', targetId: user.id, after: { sessionsRevoked: revokedHashes.length } });
        return { token: fresh, revoked: revokedHashes };
      });
      deps.onAccessRevoked({ sessionHashes: revoked });
      return { token };
    },

    async needsFirstAdmin(): Promise<boolean> {
      return (await usersRepository.count(handle.db)) === 0;
    },

    /**
     * Creates the first admin (only while nobody exists) with a team they manage, and signs them
     * in. The check and the insert share one transaction, so two racing requests cannot both win.
     */
    async createFirstAdmin(input: { name: string; email: string; timeZone: string; password: string }, ip: string | null): Promise<{ token: string; userId: string }> {
      const hash = await hashPassword(input.password);
      return writes.run(async (ctx) => {
        if ((await usersRepository.count(ctx.trx)) > 0) throw Problem.conflict('an administrator already exists; sign in instead');
        const at = clock.now();
        const user: UserRow = {
          id: randomUUID(), name: input.name, email: input.email.trim(), email_key: emailKey(input.email), time_zone: input.timeZone,
          quiet_start: null, quiet_end: null, role: 'admin', password_hash: hash, created_at: at, updated_at: at, p1_breaks_quiet: 0,
        };
        await usersRepository.insert(ctx.trx, user);
        const team = (await teamsRepository.list(ctx.trx))[0] ?? { id: randomUUID(), name: 'Operations', name_key: 'operations', created_at: at };
        if (!(await teamsRepository.findById(ctx.trx, team.id))) await teamsRepository.insert(ctx.trx, team);
        await ctx.trx.insertInto('team_members').values({ team_id: team.id, user_id: user.id, manager: 1 }).execute();
        await ctx.trx.updateTable('services').set({ team_id: team.id }).where('team_id', 'is', null).execute();
        const caller: Caller = { userId: user.id, name: user.name, role: 'admin', managedTeamIds: [team.id], via: 'session', ip };
        await audit(ctx.trx, { at, caller, action: 'user.first_admin_created', targetType: 'user', targetId: user.id, after: { name: user.name, email: user.email, role: 'admin' } });
        const token = await startSession(ctx.trx, user.id, ip);
        return { token, userId: user.id };
      });
    },

    /**
     * An admin's one-time set-password link for a person without a password (valid 7 days). Every
     * earlier link of theirs stops working: a superseded link in an old e-mail must not take over.
     */
    async createInvite(db: Kysely<Database>, userId: string): Promise<string> {
      const token = newSecret();
      const at = clock.now();
      await accessRepository.deleteInvitesOf(db, userId);
      await accessRepository.insertInvite(db, { token_hash: hashSecret(token), user_id: userId, created_at: at, expires_at: at + INVITE_TTL_MS, used_at: null });
      return token;
    },

    async describeInvite(token: string): Promise<{ name: string; email: string }> {
      const user = await liveInvite(handle.db, token);
      return { name: user.name, email: user.email };
    },

    /** Sets the password once; every link and every other session of the person ends with it. */
    async acceptInvite(token: string, password: string, ip: string | null): Promise<{ token: string; userId: string }> {
      const hash = await hashPassword(password);
      const result = await writes.run(async (ctx) => {
        const user = await liveInvite(ctx.trx, token);
        const at = clock.now();
        await accessRepository.deleteInvitesOf(ctx.trx, user.id);
        await usersRepository.update(ctx.trx, user.id, { password_hash: hash, updated_at: at });
        const revoked = await accessRepository.revokeSessionsOf(ctx.trx, user.id, at);
        await audit(ctx.trx, { at, caller: { userId: user.id, name: user.name, role: null, managedTeamIds: [], via: 'anonymous', ip }, action: 'user.invite_accepted', targetType: 'user', targetId: user.id });
        return { token: await startSession(ctx.trx, user.id, ip), userId: user.id, revoked };
      });
      deps.onAccessRevoked({ sessionHashes: result.revoked });
      return { token: result.token, userId: result.userId };
    },

    /** Ends every live stream of a person (their role changed: they reconnect and are judged again). */
    endStreamsOf(userId: string): void {
      deps.onAccessRevoked({ userIds: [userId] });
    },

    async listTokens(caller: Caller) {
      return accessRepository.tokensOf(handle.db, caller.userId!);
    },

    /** Creates an API token with a role no higher than the caller's; the secret is returned once. */
    async createToken(caller: Caller, name: string, role: Role): Promise<{ token: string; id: string }> {
      if (!caller.role || roleRank(role) > roleRank(caller.role)) {
        throw new Problem(403, 'forbidden', `a token cannot have a higher role than yours (${caller.role ?? 'none'})`, [{ field: 'role', problem: 'is higher than your own role' }]);
      }
      const token = newSecret('fwt_');
      const id = randomUUID();
      await writes.run(async (ctx) => {
        const at = clock.now();
        await accessRepository.insertToken(ctx.trx, { id, user_id: caller.userId!, name, token_hash: hashSecret(token), role, created_at: at, last_used_at: null, revoked_at: null });
        await audit(ctx.trx, { at, caller, action: 'token.created', targetType: 'api_token', targetId: id, after: { name, role } });
      });
      return { token, id };
    },

    async revokeToken(caller: Caller, id: string): Promise<void> {
      await writes.run(async (ctx) => {
        const row = await accessRepository.findToken(ctx.trx, caller.userId!, id);
        if (!row) throw Problem.notFound('API token');
        if (row.revoked_at !== null) throw Problem.conflict('this token is already revoked');
        const at = clock.now();
        await accessRepository.revokeToken(ctx.trx, id, at);
        await audit(ctx.trx, { at, caller, action: 'token.revoked', targetType: 'api_token', targetId: id, before: { name: row.name, role: row.role } });
      });
      deps.onAccessRevoked({ tokenIds: [id] });
    },

    /** `FIREWATCH_ADMIN_EMAIL`/`_PASSWORD`: create that admin at start when nobody exists yet. */
    async ensureAdminFromEnvironment(email: string | undefined, password: string | undefined): Promise<boolean> {
      if (!email || !password) return false;
      if (!(await this.needsFirstAdmin())) return false;
      await this.createFirstAdmin({ name: email.split('@')[0] ?? 'Administrator', email, timeZone: 'UTC', password }, null);
      return true;
    },
  };
}
