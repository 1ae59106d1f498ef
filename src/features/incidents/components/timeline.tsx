import type { TimelineEventDto } from '../../../contracts/timeline-events';
import { ZonedTime } from '../../../shared/components/zoned-time';
import type { EventTone } from '../model/timeline-sentences';
import { describeEvent } from '../model/timeline-sentences';

const DOT: Record<EventTone, string> = {
  alert: 'bg-red-600',
  recovery: 'bg-green-600',
  ack: 'bg-blue-600',
  resolved: 'bg-green-700',
  status: 'bg-indigo-600',
  note: 'bg-slate-400',
  change: 'bg-slate-400',
  page: 'bg-violet-600',
  warning: 'bg-amber-500',
};

/**
 * Newest first, as incident.io's activity feed does: during an incident the latest thing is what
 * people need, and new events appear at the top without scrolling.
 */
export function Timeline({ events }: { events: readonly TimelineEventDto[] }) {
  const ordered = [...events].sort((a, b) => b.seq - a.seq);
  if (ordered.length === 0) return <p className="text-sm text-slate-600">Nothing has happened yet.</p>;
  return (
    <ol aria-label="Timeline" className="relative space-y-0">
      {ordered.map((event) => (
        <TimelineItem key={event.seq} event={event} />
      ))}
    </ol>
  );
}

/** Earlier days need the date too; today's events read better as just a time. */
function isToday(iso: string): boolean {
  return new Date(iso).toDateString() === new Date().toDateString();
}

function TimelineItem({ event }: { event: TimelineEventDto }) {
  const described = describeEvent(event);
  const isStatus = described.tone === 'status';
  return (
    <li className="relative flex gap-3 pb-4 pl-1 last:pb-0">
      <span aria-hidden="true" className="absolute top-4 bottom-0 left-[0.6rem] w-px bg-slate-200 [li:last-child>&]:hidden" />
      <span aria-hidden="true" className={`relative mt-1.5 size-2.5 shrink-0 rounded-full ring-4 ring-white ${DOT[described.tone]}`} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <p className={`text-sm ${isStatus ? 'font-semibold text-indigo-900' : described.tone === 'note' ? 'text-slate-700' : 'font-medium text-slate-900'}`}>{described.sentence}</p>
          <ZonedTime iso={event.at} style={isToday(event.at) ? 'time' : 'datetime'} className="shrink-0 text-xs text-slate-600 tabular-nums" />
        </div>
        {described.text !== undefined ? (
          isStatus ? (
            <div className="mt-1.5 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2">
              <p className="text-xs font-semibold tracking-wide text-indigo-800 uppercase">Status update</p>
              <p className="mt-0.5 text-sm whitespace-pre-wrap break-words text-slate-900">{described.text}</p>
            </div>
          ) : (
            <p className="mt-1 rounded-md bg-slate-100 px-3 py-2 text-sm whitespace-pre-wrap break-words text-slate-800">{described.text}</p>
          )
        ) : null}
        {described.items ? (
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm break-words text-slate-700">
            {described.items.map((item, index) => (
              <li key={index}>{item}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </li>
  );
}
