import type { Kysely } from 'kysely';
import type { PagingPersonDto } from '../../contracts/escalation';
import { isRole, roleAllows } from '../../domain/access/roles';
import { CONTACT_CHANNELS, type ContactChannel, type Directory, type OnCallAnswer, type PagingContact, type PagingPerson, type PagingRule } from '../../domain/escalation/model';
import { URGENCIES, type Urgency } from '../../domain/escalation/policy';
import { formatLocalTime, parseLocalTime } from '../../domain/people/quiet-hours';
import type { QuietHours } from '../../domain/people/quiet-hours';
import { onCallAt, resolveSegments } from '../../domain/schedule/resolve';
import type { Schedule } from '../../domain/schedule/schedule';
import type { EpochMs } from '../../domain/time/instant';
import type { Interval } from '../../domain/time/interval';
import type { Database } from '../db/schema';
import type { ContactMethodRow, NotificationRuleRow, UserRow } from '../repositories/users-repository';
import { usersRepository } from '../repositories/users-repository';
import { schedulesRepository } from '../repositories/schedules-repository';
import { lanes, toScheduleDto } from './schedule-service';

/** The view's form of a person, each address passed through `mask`. */
export function pagingPersonDto(person: PagingPerson, mask: (kind: ContactChannel, address: string) => string): PagingPersonDto {
  return {
    id: person.id,
    name: person.name,
    zone: person.zone,
    quietHours: person.quietHours ? { start: formatLocalTime(person.quietHours.start), end: formatLocalTime(person.quietHours.end) } : null,
    p1BreaksQuietHours: person.p1BreaksQuietHours,
    canAcknowledge: person.canAcknowledge,
    contacts: person.contacts.map((c) => ({ id: c.id, kind: c.kind, address: mask(c.kind, c.address), verified: c.verified })),
    rules: person.rules.map((r) => ({ id: r.id, urgency: r.urgency, contactMethodId: r.contactMethodId, delayMinutes: r.delayMinutes })),
  };
}

/** Quiet hours as stored ("HH:MM" each); half of a pair, or an unreadable time, means none. */
function quietHoursOf(user: UserRow): QuietHours | null {
  const start = user.quiet_start ? parseLocalTime(user.quiet_start) : undefined;
  const end = user.quiet_end ? parseLocalTime(user.quiet_end) : undefined;
  return start !== undefined && end !== undefined && start !== end ? { start, end } : null;
}

const isChannel = (kind: string): kind is ContactChannel => (CONTACT_CHANNELS as readonly string[]).includes(kind);
const isUrgency = (urgency: string): urgency is Urgency => (URGENCIES as readonly string[]).includes(urgency);

function toPagingPerson(user: UserRow, methods: readonly ContactMethodRow[], rules: readonly NotificationRuleRow[]): PagingPerson {
  const contacts: PagingContact[] = methods.filter((m) => isChannel(m.kind)).map((m) => ({ id: m.id, kind: m.kind as ContactChannel, address: m.address, verified: m.verified === 1 }));
  const pagingRules: PagingRule[] = rules
    .filter((r) => isUrgency(r.urgency))
    .map((r) => ({ id: r.id, urgency: r.urgency as Urgency, contactMethodId: r.contact_method_id, delayMinutes: r.delay_minutes }));
  return {
    id: user.id,
    name: user.name,
    zone: user.time_zone,
    quietHours: quietHoursOf(user),
    p1BreaksQuietHours: user.p1_breaks_quiet === 1,
    // Viewers cannot acknowledge, so paging them would only ever escalate past them.
    canAcknowledge: isRole(user.role) && roleAllows(user.role, 'incident:act'),
    contacts,
    rules: pagingRules,
  };
}

/** A schedule as the directory answers for it; a stored schedule that breaks a rule has no lanes (nobody on call). */
type LoadedSchedule = { name: string; primary: Schedule | null; backup: Schedule | null };

function group<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

/**
 * The escalation engine's view of the world, read from the database in one go: every person with
 * their contact methods, rules and quiet hours, and every schedule with its primary and backup
 * lanes (the same lanes the calendar and `GET /on-call` resolve). Small teams make loading all of
 * it cheaper than asking per target; a fresh directory is loaded for each decision, so it is never
 * staler than the transaction it was read in.
 */
export async function loadPagingDirectory(
  db: Kysely<Database>,
  opts: { now: EpochMs; channelConfigured: (channel: ContactChannel) => boolean },
): Promise<Directory & { loadedAt: EpochMs }> {
  const [users, scheduleRows] = await Promise.all([usersRepository.list(db), schedulesRepository.list(db)]);
  const userIds = users.map((u) => u.id);
  const [methods, rules, overrides] = await Promise.all([
    usersRepository.contactMethods(db, userIds),
    usersRepository.rules(db, userIds),
    schedulesRepository.overridesOf(db, scheduleRows.map((s) => s.id)),
  ]);
  const methodsByUser = group(methods, (m) => m.user_id);
  const rulesByUser = group(rules, (r) => r.user_id);
  const people = new Map(users.map((u) => [u.id, toPagingPerson(u, methodsByUser.get(u.id) ?? [], rulesByUser.get(u.id) ?? [])]));

  const schedules = new Map<string, LoadedSchedule>();
  for (const row of scheduleRows) {
    try {
      const { primary, backup } = lanes(toScheduleDto(row, overrides));
      schedules.set(row.id, { name: row.name, primary, backup });
    } catch {
      // `lanes` refuses a schedule that cannot be resolved; it still exists, with nobody on call,
      // so the engine skips it with a reason and the lint reports the whole window as a gap.
      schedules.set(row.id, { name: row.name, primary: null, backup: null });
    }
  }
  const lane = (schedule: LoadedSchedule, role: 'primary' | 'backup') => (role === 'primary' ? schedule.primary : schedule.backup);

  return {
    loadedAt: opts.now,
    person: (userId) => people.get(userId),
    onCall(scheduleId, role, at): OnCallAnswer {
      const schedule = schedules.get(scheduleId);
      if (!schedule) return { exists: false };
      const resolved = lane(schedule, role);
      return { exists: true, userId: resolved ? onCallAt(resolved, at) : null, scheduleName: schedule.name };
    },
    gaps(scheduleId, role, window): readonly Interval[] {
      const schedule = schedules.get(scheduleId);
      const resolved = schedule ? lane(schedule, role) : null;
      return resolved ? resolveSegments(resolved, window).gaps : [window];
    },
    channelConfigured: opts.channelConfigured,
  };
}
