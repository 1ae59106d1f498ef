import { useDraggable, useDroppable } from '@dnd-kit/core';
import { memo, useId, useMemo } from 'react';
import type { KeyboardEvent, PointerEvent, ReactNode } from 'react';
import { resolveSegments } from '../../../domain/schedule/resolve';
import type { Resolution } from '../../../domain/schedule/resolve';
import type { Override, Schedule } from '../../../domain/schedule/schedule';
import type { Interval } from '../../../domain/time/interval';
import { useNow } from '../../../shared/hooks/use-now';
import type { Person, QuietBand } from '../model/calendar-lanes';
import { PREVIEW_ID, applyProposal, quietBands, stackRows } from '../model/calendar-lanes';
import { useDragStore } from '../model/drag-store';
import { dstLabel, formatInZone, percentOf } from '../model/time-axis';
import type { TimeAxis } from '../model/time-axis';
import { personColor } from './person-colors';

export const FINAL_LANE_ID = 'final-lane';

/** The label column: sticky, so the lane names stay in view while the lanes scroll sideways. */
const LABEL = 'sticky left-0 z-20 flex w-24 shrink-0 items-center border-r border-slate-200 bg-white px-2 text-xs font-medium text-slate-800 sm:w-36 sm:text-sm';

export function LaneRow({ label, hint, children, height = 'h-11' }: { label: string; hint?: string; children: ReactNode; height?: string }) {
  return (
    <div role="group" aria-label={label} className="flex border-b border-slate-200">
      <div className={LABEL} title={hint ? `${label}: ${hint}` : label}>
        <span className="truncate">{label}</span>
      </div>
      <div className={`relative grow ${height}`}>{children}</div>
    </div>
  );
}

/** Left and width of a span on the axis, clipped to the window. */
function place(window: Interval, start: number, end: number): { left: string; width: string } {
  const left = Math.max(0, percentOf(window, start));
  const right = Math.min(100, percentOf(window, end));
  return { left: `${left}%`, width: `${Math.max(0, right - left)}%` };
}

const HATCH = 'bg-[repeating-linear-gradient(135deg,rgba(15,23,42,0.45)_0_3px,transparent_3px_7px)]';

function QuietShading({ bands, span }: { bands: QuietBand[]; span: Interval }) {
  return bands.map((band) => (
    <span
      key={band.start}
      data-quiet-hours=""
      data-start={new Date(band.start).toISOString()}
      data-end={new Date(band.end).toISOString()}
      title={band.title}
      className={`absolute inset-y-0 ${HATCH}`}
      style={{ left: `${percentOf(span, band.start)}%`, width: `${percentOf(span, band.end) - percentOf(span, band.start)}%` }}
    />
  ));
}

type SegmentProps = {
  start: number;
  end: number;
  userId: string;
  person: Person | undefined;
  window: Interval;
  zone: string;
  /** What happens to a page during the person's quiet hours in this lane; undefined: no shading. */
  consequence?: string;
  onOpen?: ((span: Interval, userId: string) => void) | undefined;
  preview?: boolean;
};

/**
 * One person's stretch on call: a button (Enter opens the override dialog for that span) with the
 * person's quiet hours hatched. Memoized on primitives, so a drag preview re-renders only the
 * segments that changed.
 */
const SegmentBar = memo(function SegmentBar({ start, end, userId, person, window, zone, consequence, onOpen, preview }: SegmentProps) {
  const span = useMemo(() => ({ start, end }) as Interval, [start, end]);
  const bands = useMemo(() => (consequence ? quietBands(person, span, consequence) : []), [consequence, person, span]);
  const name = person?.name ?? userId;
  const label = `${name} on call ${formatInZone(zone, start)} – ${formatInZone(zone, end)}${bands.length > 0 ? ', partly in their quiet hours' : ''}`;
  const className = `absolute inset-y-1 overflow-hidden rounded border text-left text-xs font-medium focus-visible:z-10 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700 ${personColor(userId)} ${preview ? 'ring-2 ring-blue-700' : ''}`;
  const content = (
    <>
      <QuietShading bands={bands} span={span} />
      <span className="relative truncate px-1.5 leading-8">{name}</span>
    </>
  );
  const style = place(window, start, end);
  if (!onOpen) {
    return (
      <span role="img" aria-label={label} className={className} style={style}>
        {content}
      </span>
    );
  }
  return (
    <button type="button" aria-label={label} className={className} style={style} onClick={() => onOpen(span, userId)}>
      {content}
    </button>
  );
});

const GapBar = memo(function GapBar({ start, end, window, zone, onOpen }: { start: number; end: number; window: Interval; zone: string; onOpen?: ((span: Interval, userId: string | null) => void) | undefined }) {
  const label = `Nobody on call ${formatInZone(zone, start)} – ${formatInZone(zone, end)}`;
  const className = 'absolute inset-y-1 rounded border border-dashed border-red-400 bg-red-50 text-xs text-red-800 focus-visible:outline-2 focus-visible:outline-blue-700';
  if (!onOpen) return <span role="img" aria-label={label} title={label} className={className} style={place(window, start, end)} />;
  return <button type="button" aria-label={label} title={label} className={className} style={place(window, start, end)} onClick={() => onOpen({ start, end } as Interval, null)} />;
});

type LaneProps = {
  segments: ReadonlyArray<{ start: number; end: number; userId: string }>;
  gaps?: readonly Interval[];
  people: ReadonlyMap<string, Person>;
  window: Interval;
  zone: string;
  consequence?: string;
};

const visible = (window: Interval) => (span: { start: number; end: number }) => span.end > window.start && span.start < window.end;

export const SegmentLane = memo(function SegmentLane({ segments, gaps = [], people, window, zone, consequence }: LaneProps) {
  const shown = useMemo(() => segments.filter(visible(window)), [segments, window]);
  const shownGaps = useMemo(() => gaps.filter(visible(window)), [gaps, window]);
  return (
    <>
      {shownGaps.map((gap) => (
        <GapBar key={`gap-${gap.start}`} start={gap.start} end={gap.end} window={window} zone={zone} />
      ))}
      {shown.map((s) => (
        <SegmentBar key={`${s.start}-${s.userId}`} start={s.start} end={s.end} userId={s.userId} person={people.get(s.userId)} window={window} zone={zone} consequence={consequence} />
      ))}
    </>
  );
});

/**
 * The final schedule, and the drop target for people from the roster. While something is dragged
 * it shows the schedule as it would be, resolved in the browser with the same domain code the
 * server uses, on a copy of the schedule.
 */
export const FinalLane = memo(function FinalLane({
  schedule,
  base,
  window,
  people,
  zone,
  onOpen,
}: {
  schedule: Schedule;
  /** The schedule resolved (over a margin around `window`) without the proposal. */
  base: Resolution;
  window: Interval;
  people: ReadonlyMap<string, Person>;
  zone: string;
  onOpen?: ((span: Interval, userId: string | null) => void) | undefined;
}) {
  const proposal = useDragStore((state) => state.proposal);
  const { setNodeRef, isOver } = useDroppable({ id: FINAL_LANE_ID });
  const shown = useMemo(() => (proposal ? resolveSegments(applyProposal(schedule, proposal), base.window) : base), [proposal, schedule, base]);
  const segments = useMemo(() => shown.segments.filter(visible(window)), [shown, window]);
  const gaps = useMemo(() => shown.gaps.filter(visible(window)), [shown, window]);
  // Segments the proposal changes are outlined; a set keeps that linear per preview.
  const unchanged = useMemo(() => new Set(base.segments.map((b) => `${b.start}|${b.end}|${b.userId}`)), [base]);
  return (
    <div ref={setNodeRef} data-final-lane="" className={`absolute inset-0 ${isOver ? 'bg-blue-50' : ''}`}>
      {gaps.map((gap) => (
        <GapBar key={`gap-${gap.start}`} start={gap.start} end={gap.end} window={window} zone={zone} onOpen={onOpen} />
      ))}
      {segments.map((s) => (
        <SegmentBar
          key={`${s.start}-${s.userId}`}
          start={s.start}
          end={s.end}
          userId={s.userId}
          person={people.get(s.userId)}
          window={window}
          zone={zone}
          consequence="pages go to the backup"
          onOpen={onOpen}
          preview={proposal !== null && !unchanged.has(`${s.start}|${s.end}|${s.userId}`)}
        />
      ))}
    </div>
  );
});

export type OverrideHandlers = {
  /** Enter or click: edit in the dialog. */
  onEdit: (override: Override) => void;
  /** Arrow keys: move both edges, or only the end with Shift, by `steps` quarter hours. */
  onNudge: (override: Override, startSteps: number, endSteps: number) => void;
};

/** The edges of an override bar: where a pointer drag resizes instead of moving (the calendar reads `data-drag-handle` from the pressed element). */
function EdgeHandle({ edge }: { edge: 'start' | 'end' }) {
  return (
    <span
      aria-hidden="true"
      data-drag-handle={edge}
      title={edge === 'start' ? 'Drag to change the start' : 'Drag to change the end'}
      className={`absolute inset-y-0 w-2 cursor-ew-resize bg-slate-700/60 hover:bg-slate-900 ${edge === 'start' ? 'left-0' : 'right-0'}`}
    />
  );
}

type OverrideBarProps = {
  override: Override;
  row: number;
  person: Person | undefined;
  window: Interval;
  zone: string;
  editable: boolean;
  handlers: OverrideHandlers;
  hintId: string;
  /** Bars shorter than this are too narrow for edge handles: they can only be moved (or edited in the dialog). */
  resizableFromMs: number;
};

/**
 * One override. It is not a draggable of its own: the lane is (see `OverridesLane`), so a drag
 * start re-renders one component instead of every bar. The bar re-renders only when it is the
 * one being dragged or nudged, to be drawn where it would land.
 */
const OverrideBar = memo(function OverrideBar({ override, row, person, window, zone, editable, handlers, hintId, resizableFromMs }: OverrideBarProps) {
  const proposal = useDragStore((state) => (state.proposal?.kind === 'move' && state.proposal.overrideId === override.id ? state.proposal : null));
  const start = proposal?.start ?? override.start;
  const end = proposal?.end ?? override.end;
  const name = person?.name ?? override.userId;
  const label = `Override: ${name} ${formatInZone(zone, start)} – ${formatInZone(zone, end)}`;
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!editable || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    event.preventDefault();
    const steps = event.key === 'ArrowLeft' ? -1 : 1;
    handlers.onNudge(override, event.shiftKey ? 0 : steps, steps);
  };
  return (
    <button
      type="button"
      data-override-id={editable ? override.id : undefined}
      aria-roledescription={editable ? 'draggable override' : undefined}
      aria-describedby={editable ? hintId : undefined}
      aria-label={label}
      aria-keyshortcuts={editable ? 'ArrowLeft ArrowRight Shift+ArrowLeft Shift+ArrowRight Enter' : undefined}
      onClick={() => handlers.onEdit(override)}
      onKeyDown={onKeyDown}
      className={`absolute h-8 touch-none overflow-hidden rounded border-2 border-dashed text-left text-xs font-medium focus-visible:z-10 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700 ${personColor(override.userId)} ${editable ? 'cursor-grab' : ''} ${proposal ? 'ring-2 ring-blue-700' : ''}`}
      style={{ ...place(window, start, end), top: `${0.25 + row * 2.25}rem` }}
    >
      <span className="block truncate px-2.5 leading-7">{name}</span>
      {editable && end - start >= resizableFromMs ? (
        <>
          <EdgeHandle edge="start" />
          <EdgeHandle edge="end" />
        </>
      ) : null}
    </button>
  );
});

export const OVERRIDES_LANE_ID = 'overrides-lane';

/** Which override a pointer pressed, and on which edge (null: the middle, so it moves). */
export function pressedOverride(target: EventTarget | null): { overrideId: string; edge: 'start' | 'end' | null } | null {
  if (!(target instanceof Element)) return null;
  const overrideId = target.closest('[data-override-id]')?.getAttribute('data-override-id');
  if (!overrideId) return null;
  const edge = target.closest('[data-drag-handle]')?.getAttribute('data-drag-handle');
  return { overrideId, edge: edge === 'start' || edge === 'end' ? edge : null };
}

/**
 * Every override as entered (stacked ones on separate rows), movable and resizable by those
 * allowed. The lane is the one draggable for all its bars: a press starts a drag only on a bar
 * the person may edit, and the calendar reads which one from the pressed element.
 */
export const OverridesLane = memo(function OverridesLane({
  overrides,
  people,
  window,
  zone,
  mayEdit,
  handlers,
  resizableFromMs,
}: {
  overrides: readonly Override[];
  people: ReadonlyMap<string, Person>;
  window: Interval;
  zone: string;
  mayEdit: (override: Override) => boolean;
  handlers: OverrideHandlers;
  resizableFromMs: number;
}) {
  const hintId = useId();
  const rows = useMemo(() => stackRows(overrides.filter((o) => o.id !== PREVIEW_ID && o.end > window.start && o.start < window.end)), [overrides, window]);
  const height = Math.max(1, ...rows.map((r) => r.row + 1));
  const anyEditable = rows.some(({ item }) => mayEdit(item));
  const { setNodeRef, listeners } = useDraggable({ id: OVERRIDES_LANE_ID, data: { kind: 'override' }, disabled: !anyEditable });
  const onPointerDown = useMemo(() => {
    const start = listeners?.onPointerDown as ((event: PointerEvent<HTMLDivElement>) => void) | undefined;
    if (!start) return undefined;
    return (event: PointerEvent<HTMLDivElement>) => {
      if (pressedOverride(event.target)) start(event);
    };
  }, [listeners]);
  return (
    <div ref={setNodeRef} onPointerDown={onPointerDown} className="relative" style={{ height: `${0.5 + height * 2.25}rem` }}>
      {anyEditable ? (
        <span id={hintId} className="sr-only">
          Press Enter to edit this override in a dialog. Arrow keys move it by 15 minutes; Shift with arrow keys moves only its end. With a pointer, drag it, or drag one of its edges.
        </span>
      ) : null}
      {rows.map(({ item, row }) => (
        <OverrideBar key={item.id} override={item} row={row} person={people.get(item.userId)} window={window} zone={zone} editable={mayEdit(item)} handlers={handlers} hintId={hintId} resizableFromMs={resizableFromMs} />
      ))}
    </div>
  );
});

/** Day columns with their real length, DST days marked, and the viewer's wall-clock hour ticks. */
export const DayHeader = memo(function DayHeader({ axis }: { axis: TimeAxis }) {
  return (
    <div className="flex border-b border-slate-300 bg-slate-50">
      <div className={`${LABEL} bg-slate-50 text-slate-600`}>{axis.zone}</div>
      <div className="relative h-12 grow">
        {axis.days.map((day) => {
          const dst = dstLabel(day);
          return (
            <div
              key={day.day}
              data-day={day.date}
              className={`absolute inset-y-0 border-l border-slate-300 px-1 pt-0.5 text-xs ${dst ? 'bg-amber-50' : ''}`}
              style={place(axis.window, day.start, day.end)}
            >
              {/* A month's days are narrow: weekday and date only, the month is in the range line above. */}
              <span className="block truncate font-medium text-slate-800" title={day.label}>
                {axis.range === 'month' ? day.label.split(' ').slice(0, 2).join(' ') : day.label}
              </span>
              {dst ? (
                <span className="inline-block rounded bg-amber-200 px-1 text-[11px] font-semibold text-amber-950" title={`Clocks change on this day in ${axis.zone}: it lasts ${day.hours} hours`}>
                  {dst}
                </span>
              ) : null}
            </div>
          );
        })}
        {axis.ticks.map((tick) => (
          <span key={tick.at} aria-hidden="true" className="absolute bottom-0 -translate-x-1/2 text-[10px] text-slate-600" style={{ left: `${percentOf(axis.window, tick.at)}%` }}>
            {tick.label}
          </span>
        ))}
      </div>
    </div>
  );
});

/** Faint lines at day edges and hour ticks behind the lanes. */
export const GridLines = memo(function GridLines({ axis }: { axis: TimeAxis }) {
  return (
    <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 right-0 left-24 sm:left-36">
      {axis.days.map((day) => (
        <span key={day.day} className="absolute inset-y-0 border-l border-slate-300" style={{ left: `${percentOf(axis.window, day.start)}%` }} />
      ))}
      {axis.ticks.map((tick) => (
        <span key={tick.at} className="absolute inset-y-0 border-l border-slate-100" style={{ left: `${percentOf(axis.window, tick.at)}%` }} />
      ))}
    </div>
  );
});

/** The current instant; it alone re-renders every second. */
export function NowLine({ window, zone }: { window: Interval; zone: string }) {
  const now = useNow();
  if (now < window.start || now >= window.end) return null;
  return (
    <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 right-0 left-24 z-30 sm:left-36">
      <span className="absolute inset-y-0 w-0.5 bg-red-600" style={{ left: `${percentOf(window, now)}%` }} title={`Now: ${formatInZone(zone, now)}`} />
    </div>
  );
}
