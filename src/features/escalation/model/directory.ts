import type { EscalationPolicyViewDto, PagingPersonDto } from '../../../contracts/escalation';
import { scheduleProblems, toDomainSchedule } from '../../../contracts/schedules';
import type { ScheduleDto } from '../../../contracts/schedules';
import { directoryFrom, directorySchedule } from '../../../domain/escalation/directory';
import type { DirectorySchedule } from '../../../domain/escalation/directory';
import type { Directory, PagingPerson } from '../../../domain/escalation/model';
import { parseLocalTime } from '../../../domain/people/quiet-hours';
import type { QuietHours } from '../../../domain/people/quiet-hours';

/** Half of a pair, an unreadable time or an empty span means no quiet hours, as on the server. */
function quietHoursOf(dto: PagingPersonDto['quietHours']): QuietHours | null {
  if (!dto) return null;
  const start = parseLocalTime(dto.start);
  const end = parseLocalTime(dto.end);
  return start !== undefined && end !== undefined && start !== end ? { start, end } : null;
}

export function pagingPersonOf(dto: PagingPersonDto): PagingPerson {
  return { ...dto, quietHours: quietHoursOf(dto.quietHours) };
}

/**
 * Each schedule's lanes as the calendar and the server resolve them: the primary, and the backup
 * when it has one. A schedule that breaks a rule still exists but has nobody on call in either
 * lane (the server's directory says the same), so the preview skips it with that reason.
 */
export function directorySchedules(schedules: readonly ScheduleDto[]): Record<string, DirectorySchedule> {
  const out: Record<string, DirectorySchedule> = {};
  for (const dto of schedules) {
    out[dto.id] = scheduleProblems(dto).length > 0 ? { name: dto.name, primary: { zone: 'UTC', layers: [], overrides: [] }, backup: null } : directorySchedule(dto.name, toDomainSchedule(dto), dto.backupLag);
  }
  return out;
}

/**
 * The escalation engine's view of the world, built from what `GET …/escalation-policy` answered:
 * the browser's only Directory, made by the domain's `directoryFrom`, so the preview asks the
 * questions the server's runner asks and the schedule engine answers them the same way.
 */
export function directoryFromView(view: Pick<EscalationPolicyViewDto, 'people' | 'schedules' | 'channels'>): Directory {
  return directoryFrom({
    people: view.people.map(pagingPersonOf),
    schedules: directorySchedules(view.schedules),
    configuredChannels: view.channels.filter((state) => state.configured).map((state) => state.channel),
  });
}
