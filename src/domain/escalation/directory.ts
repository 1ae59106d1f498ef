import { backupSchedule } from '../schedule/backup';
import { onCallAt, resolveSegments } from '../schedule/resolve';
import type { Schedule } from '../schedule/schedule';
import type { Interval } from '../time/interval';
import type { ContactChannel, Directory, PagingPerson } from './model';

/** A schedule as paging sees it: its name and its two lanes (no backup lane: the backup has nobody). */
export type DirectorySchedule = { name: string; primary: Schedule; backup: Schedule | null };

/**
 * The lanes of a stored schedule: the backup lane is the primary's rotation shifted by `backupLag`
 * shifts (see `backupSchedule`), or none when the schedule has no backup.
 */
export function directorySchedule(name: string, primary: Schedule, backupLag: number | null): DirectorySchedule {
  return { name, primary, backup: backupLag === null ? null : backupSchedule(primary, backupLag) };
}

/**
 * A {@link Directory} over data in memory, answering with the schedule engine (`onCallAt`,
 * `resolveSegments`): what the browser's preview builds from the API's answer, and what the
 * server can build from the rows it loaded, so both page the same people.
 */
export function directoryFrom(input: {
  people: readonly PagingPerson[];
  schedules: Readonly<Record<string, DirectorySchedule>>;
  configuredChannels: readonly ContactChannel[];
}): Directory {
  const people = new Map(input.people.map((person) => [person.id, person]));
  const schedules = new Map(Object.entries(input.schedules));
  const configured = new Set(input.configuredChannels);
  const lane = (scheduleId: string, role: 'primary' | 'backup') => {
    const schedule = schedules.get(scheduleId);
    return schedule && (role === 'primary' ? schedule.primary : schedule.backup);
  };
  return {
    person: (userId) => people.get(userId),
    onCall(scheduleId, role, at) {
      const schedule = schedules.get(scheduleId);
      if (!schedule) return { exists: false };
      const rotation = lane(scheduleId, role);
      return { exists: true, userId: rotation ? onCallAt(rotation, at) : null, scheduleName: schedule.name };
    },
    gaps(scheduleId, role, window): readonly Interval[] {
      if (!schedules.has(scheduleId)) return [];
      const rotation = lane(scheduleId, role);
      if (!rotation) return window.end > window.start ? [window] : [];
      return resolveSegments(rotation, window).gaps;
    },
    channelConfigured: (channel) => configured.has(channel),
  };
}
