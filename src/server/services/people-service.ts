import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { PersonDto, ProfileDto, TeamDto, invitePersonBodySchema, teamBodySchema, updateProfileBodySchema } from '../../contracts/people';
import type { Role } from '../../domain/access/roles';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteQueue } from '../db/write-queue';
import type { TeamMemberRow, TeamRow } from '../repositories/teams-repository';
import { teamsRepository } from '../repositories/teams-repository';
import type { ContactMethodRow, NotificationRuleRow, UserRow } from '../repositories/users-repository';
import { usersRepository } from '../repositories/users-repository';
import type { AccessService } from './access-service';
import { emailKey } from './access-service';
import type { Caller } from './caller';
import { audit } from './caller';
import type { Clock } from './clock';
import { Problem } from './problem';

function toPerson(user: UserRow, teams: readonly TeamRow[], memberships: readonly TeamMemberRow[]): PersonDto {
  const names = new Map(teams.map((t) => [t.id, t.name]));
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    timeZone: user.time_zone,
    role: user.role as Role,
    quietHours: user.quiet_start && user.quiet_end ? { start: user.quiet_start, end: user.quiet_end } : null,
    hasPassword: user.password_hash !== null,
    teams: memberships.filter((m) => m.user_id === user.id).map((m) => ({ id: m.team_id, name: names.get(m.team_id) ?? m.team_id, manager: m.manager === 1 })),
  };
}

function teamKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export type PeopleService = ReturnType<typeof createPeopleService>;

export function createPeopleService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; access: AccessService }) {
  const { handle, writes, clock, access } = deps;

  async function personDto(db: Kysely<Database>, user: UserRow): Promise<PersonDto> {
    const [teams, memberships] = await Promise.all([teamsRepository.list(db), teamsRepository.membershipsOf(db, user.id)]);
    return toPerson(user, teams, memberships);
  }

  async function profileDto(db: Kysely<Database>, user: UserRow): Promise<ProfileDto> {
    const [person, methods, rules] = await Promise.all([personDto(db, user), usersRepository.contactMethods(db, [user.id]), usersRepository.rules(db, [user.id])]);
    return {
      ...person,
      p1BreaksQuietHours: user.p1_breaks_quiet === 1,
      contactMethods: methods.map((m) => ({ id: m.id, kind: m.kind as ProfileDto['contactMethods'][number]['kind'], address: m.address, verified: m.verified === 1 })),
      notificationRules: rules.map((r) => ({ id: r.id, urgency: r.urgency as 'high' | 'low', contactMethodId: r.contact_method_id, delayMinutes: r.delay_minutes })),
    };
  }

  async function teamDtos(db: Kysely<Database>): Promise<TeamDto[]> {
    const [teams, members, users] = await Promise.all([teamsRepository.list(db), teamsRepository.members(db), usersRepository.list(db)]);
    const names = new Map(users.map((u) => [u.id, u.name]));
    return teams.map((team) => ({
      id: team.id,
      name: team.name,
      members: members
        .filter((m) => m.team_id === team.id)
        .map((m) => ({ userId: m.user_id, name: names.get(m.user_id) ?? m.user_id, manager: m.manager === 1 }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }));
  }

  return {
    async list(): Promise<PersonDto[]> {
      const [users, teams, memberships] = await Promise.all([usersRepository.list(handle.db), teamsRepository.list(handle.db), teamsRepository.members(handle.db)]);
      return users.map((u) => toPerson(u, teams, memberships));
    },

    async me(caller: Caller): Promise<ProfileDto> {
      const user = caller.userId ? await usersRepository.findById(handle.db, caller.userId) : undefined;
      if (!user) throw new Problem(401, 'unauthenticated', 'Sign in first');
      return profileDto(handle.db, user);
    },

    async person(id: string): Promise<PersonDto> {
      const user = await usersRepository.findById(handle.db, id);
      if (!user) throw Problem.notFound(`person ${id}`);
      return personDto(handle.db, user);
    },

    /** A person edits their own zone, quiet hours, contact methods and notification rules. */
    async updateProfile(caller: Caller, body: z.infer<typeof updateProfileBodySchema>): Promise<ProfileDto> {
      return writes.run(async (ctx) => {
        const user = caller.userId ? await usersRepository.findById(ctx.trx, caller.userId) : undefined;
        if (!user) throw new Problem(401, 'unauthenticated', 'Sign in first');
        const before = await profileDto(ctx.trx, user);
        const at = clock.now();
        const patch: Partial<UserRow> = { updated_at: at };
        if (body.name !== undefined) patch.name = body.name;
        if (body.timeZone !== undefined) patch.time_zone = body.timeZone;
        if (body.p1BreaksQuietHours !== undefined) patch.p1_breaks_quiet = body.p1BreaksQuietHours ? 1 : 0;
        if (body.quietHours !== undefined) {
          patch.quiet_start = body.quietHours?.start ?? null;
          patch.quiet_end = body.quietHours?.end ?? null;
        }
        await usersRepository.update(ctx.trx, user.id, patch);
        if (body.contactMethods) {
          const previous = new Map(before.contactMethods.map((m) => [`${m.kind}:${m.address}`, m]));
          const methods: ContactMethodRow[] = body.contactMethods.map((m, position) => {
            // An unchanged method keeps its id and verified flag; a changed address must be verified again.
            const same = previous.get(`${m.kind}:${m.address}`);
            return { id: same?.id ?? randomUUID(), user_id: user.id, kind: m.kind, address: m.address, verified: same?.verified ? 1 : 0, position, created_at: at };
          });
          const rules: NotificationRuleRow[] = (body.notificationRules ?? []).map((r) => ({
            id: randomUUID(), user_id: user.id, urgency: r.urgency, contact_method_id: methods[r.contactIndex]!.id, delay_minutes: r.delayMinutes,
          }));
          await usersRepository.replaceContacts(ctx.trx, user.id, methods, rules);
        }
        const after = await profileDto(ctx.trx, (await usersRepository.findById(ctx.trx, user.id))!);
        await audit(ctx.trx, { at, caller, action: 'user.profile_updated', targetType: 'user', targetId: user.id, before, after });
        return after;
      });
    },

    /** Admins invite people; the answer holds a one-time set-password link (shown to the admin). */
    async invite(caller: Caller, body: z.infer<typeof invitePersonBodySchema>): Promise<{ person: PersonDto; inviteToken: string }> {
      return writes.run(async (ctx) => {
        const key = emailKey(body.email);
        if (await usersRepository.findByEmailKey(ctx.trx, key)) throw Problem.conflict(`someone with the e-mail ${body.email} already exists`, 'email');
        const at = clock.now();
        const user: UserRow = { id: randomUUID(), name: body.name, email: body.email.trim(), email_key: key, time_zone: body.timeZone, quiet_start: null, quiet_end: null, role: body.role, password_hash: null, created_at: at, updated_at: at, p1_breaks_quiet: 0 };
        await usersRepository.insert(ctx.trx, user);
        const inviteToken = await access.createInvite(ctx.trx, user.id);
        const person = await personDto(ctx.trx, user);
        await audit(ctx.trx, { at, caller, action: 'user.invited', targetType: 'user', targetId: user.id, after: person });
        return { person, inviteToken };
      });
    },

    async reinvite(caller: Caller, id: string): Promise<string> {
      return writes.run(async (ctx) => {
        const user = await usersRepository.findById(ctx.trx, id);
        if (!user) throw Problem.notFound(`person ${id}`);
        // A set-password link for someone who has a password would let whoever holds it take over.
        if (user.password_hash !== null) throw Problem.conflict(`${user.name} has already set a password; an invitation link is only for someone who has not`);
        const token = await access.createInvite(ctx.trx, id);
        await audit(ctx.trx, { at: clock.now(), caller, action: 'user.reinvited', targetType: 'user', targetId: id });
        return token;
      });
    },

    /**
     * Admins change a person's role or name. The last admin cannot be demoted. A role change ends
     * the person's live streams (sessions and API tokens): they reconnect and are judged by the new
     * role, so a lowered role stops receiving at once what it may no longer see.
     */
    async updatePerson(caller: Caller, id: string, body: { role?: Role | undefined; name?: string | undefined }): Promise<PersonDto> {
      const { after, roleChanged } = await writes.run(async (ctx) => {
        const user = await usersRepository.findById(ctx.trx, id);
        if (!user) throw Problem.notFound(`person ${id}`);
        if (body.role && body.role !== 'admin' && user.role === 'admin') {
          const admins = (await usersRepository.list(ctx.trx)).filter((u) => u.role === 'admin');
          if (admins.length === 1) throw Problem.conflict('this is the last administrator; make someone else admin first', 'role');
        }
        const before = await personDto(ctx.trx, user);
        const at = clock.now();
        await usersRepository.update(ctx.trx, id, { ...(body.role ? { role: body.role } : {}), ...(body.name ? { name: body.name } : {}), updated_at: at });
        const after = await personDto(ctx.trx, (await usersRepository.findById(ctx.trx, id))!);
        await audit(ctx.trx, { at, caller, action: 'user.updated', targetType: 'user', targetId: id, before, after });
        return { after, roleChanged: before.role !== after.role };
      });
      if (roleChanged) access.endStreamsOf(id);
      return after;
    },

    async teams(): Promise<TeamDto[]> {
      return teamDtos(handle.db);
    },

    async saveTeam(caller: Caller, id: string | undefined, body: z.infer<typeof teamBodySchema>): Promise<TeamDto> {
      return writes.run(async (ctx) => {
        const key = teamKey(body.name);
        const clash = await teamsRepository.findByNameKey(ctx.trx, key);
        if (clash && clash.id !== id) throw Problem.conflict(`a team named "${body.name}" already exists`, 'name');
        const users = new Set((await usersRepository.list(ctx.trx)).map((u) => u.id));
        body.members.forEach((member, index) => {
          if (!users.has(member.userId)) throw new Problem(400, 'invalid_request', `members[${index}].userId names nobody`, [{ field: `members[${index}].userId`, problem: 'names nobody' }]);
        });
        const at = clock.now();
        const before = (await teamDtos(ctx.trx)).find((t) => t.id === id);
        let teamId = id;
        if (teamId) {
          if (!(await teamsRepository.findById(ctx.trx, teamId))) throw Problem.notFound(`team ${teamId}`);
          await teamsRepository.rename(ctx.trx, teamId, body.name, key);
        } else {
          teamId = randomUUID();
          await teamsRepository.insert(ctx.trx, { id: teamId, name: body.name, name_key: key, created_at: at });
        }
        const unique = new Map(body.members.map((m) => [m.userId, m]));
        await teamsRepository.replaceMembers(ctx.trx, teamId, [...unique.values()].map((m) => ({ team_id: teamId!, user_id: m.userId, manager: m.manager ? 1 : 0 })));
        const after = (await teamDtos(ctx.trx)).find((t) => t.id === teamId)!;
        await audit(ctx.trx, { at, caller, action: id ? 'team.updated' : 'team.created', targetType: 'team', targetId: teamId, before: before ?? undefined, after });
        return after;
      });
    },
  };
}
