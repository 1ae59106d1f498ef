import { DndContext, PointerSensor, pointerWithin, useDraggable, useSensor, useSensors } from '@dnd-kit/core';
import type { DragEndEvent, DragMoveEvent, DragStartEvent } from '@dnd-kit/core';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { PersonDto, TeamDto } from '../../../contracts/people';
import type { ScheduleDto } from '../../../contracts/schedules';
import { scheduleProblems, toDomainSchedule } from '../../../contracts/schedules';
import { backupSchedule } from '../../../domain/schedule/backup';
import { resolveSegments } from '../../../domain/schedule/resolve';
import type { Override } from '../../../domain/schedule/schedule';
import type { EpochMs } from '../../../domain/time/instant';
import { HOUR_MS } from '../../../domain/time/instant';
import type { Interval } from '../../../domain/time/interval';
import { parseLocalDate, formatLocalDate } from '../../../domain/time/zoned';
import { isIanaZone } from '../../../domain/people/contact';
import { canEditTeamResource, roleAllows } from '../../../domain/access/roles';
import { errorMessage } from '../../../lib/api-client';
import { principalOf } from '../../../lib/session';
import { Button } from '../../../shared/components/button';
import { LoadError, Loading, NotFound } from '../../../shared/components/page-state';
import { isNotFound } from '../../../lib/api-client';
import { useCreateOverride } from '../api/create-override';
import { useDeleteOverride } from '../api/delete-override';
import { useSchedule } from '../api/get-schedule';
import { STALE_MESSAGE, staleCurrent } from '../api/schedule-writes';
import { useUpdateOverride } from '../api/update-override';
import type { Person, Proposal } from '../model/calendar-lanes';
import { quietBands } from '../model/calendar-lanes';
import { useDragStore } from '../model/drag-store';
import { RANGES, SNAP_MS, buildAxis, formatInZone, formatOffset, localDayAt, snap, stepAnchor } from '../model/time-axis';
import type { CalendarRange } from '../model/time-axis';
import { DayHeader, FINAL_LANE_ID, FinalLane, GridLines, LaneRow, NowLine, OVERRIDES_LANE_ID, OverridesLane, SegmentLane, pressedOverride } from './calendar-lanes';
import type { OverrideHandlers } from './calendar-lanes';
import { FairnessPanel } from './fairness-panel';
import { ScheduleHeading } from './schedule-heading';
import { LayerEditor } from './layer-editor';
import { OverrideDialog } from './override-dialog';
import type { OverrideDraft } from './override-dialog';
import { personColor } from './person-colors';
import { SubscribeFeedButton } from './subscribe-feed';
import { UnresolvableSchedule } from './unresolvable-schedule';
import { ZonePicker } from './zone-picker';

/** Pixels per hour of each range: a week and two weeks fit about 1,300 px; lanes scroll inside their box. */
const PX_PER_HOUR: Record<CalendarRange, number> = { week: 8, 'two-weeks': 4, month: 2 };
/** Edge handles take 8 px each; a bar narrower than this would be all handle and could not be moved. */
const HANDLES_FROM_PX = 28;
/** A person dropped onto a gap (nobody on call) covers this much from where they were dropped. */
const GAP_DROP_MS = 8 * HOUR_MS;
/** Arrow-key nudges are saved together once the keys rest this long. */
const NUDGE_SAVE_MS = 700;
const RESOLVE_MARGIN_MS = 14 * 24 * HOUR_MS;
/**
 * Module-level so the sensors keep their identity across renders: new sensors would give every
 * draggable new listeners, and every bar would re-render when a drag starts.
 */
const POINTER_OPTIONS = { activationConstraint: { distance: 5 } };

type Notice = { tone: 'error' | 'info'; text: string } | null;
/** The last saved change and how to take it back. */
type LastChange = { kind: 'created'; overrideId: string } | { kind: 'moved'; before: Override } | { kind: 'deleted'; before: Override };

type Props = { scheduleId: string; people: readonly PersonDto[]; teams: readonly TeamDto[]; user: PersonDto };

export function ScheduleCalendar(props: Props) {
  const query = useSchedule(props.scheduleId);
  if (query.isPending) return <Loading label="Loading the schedule…" />;
  if (query.isError) {
    if (isNotFound(query.error)) return <NotFound title="No such schedule">It may have been deleted.</NotFound>;
    return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  }
  const problems = scheduleProblems(query.data);
  if (problems.length > 0) return <UnresolvableSchedule {...props} dto={query.data} problems={problems} />;
  return <Calendar {...props} dto={query.data} />;
}

const isTyping = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));

function Calendar({ dto, people, teams, user }: Props & { dto: ScheduleDto }) {
  const [params, setParams] = useSearchParams();
  const myZone = isIanaZone(user.timeZone) ? user.timeZone : 'UTC';
  const zoneParam = params.get('zone');
  const zone = zoneParam && isIanaZone(zoneParam) ? zoneParam : myZone;
  const rangeParam = params.get('range');
  const range: CalendarRange = RANGES.some((r) => r.value === rangeParam) ? (rangeParam as CalendarRange) : 'week';
  const [today] = useState(() => Date.now());
  const anchor = parseLocalDate(params.get('at') ?? '') ?? localDayAt(zone, today);

  const setView = useCallback(
    (change: { zone?: string; range?: CalendarRange; at?: string | null }) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(change)) {
            if (value === null || value === undefined) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const axis = useMemo(() => buildAxis(zone, range, anchor), [zone, range, anchor]);
  const window = axis.window;
  const schedule = useMemo(() => toDomainSchedule(dto), [dto]);
  // Resolved beyond the visible window so a shift cut by the edge is still labelled (and dropped onto) with its true span.
  const resolveWindow = useMemo(() => ({ start: (window.start - RESOLVE_MARGIN_MS) as EpochMs, end: (window.end + RESOLVE_MARGIN_MS) as EpochMs }), [window]);
  const resolution = useMemo(() => resolveSegments(schedule, resolveWindow), [schedule, resolveWindow]);
  const backup = useMemo(
    () => (dto.backupLag === null || dto.backupLag === undefined || dto.layers.length === 0 ? null : resolveSegments(backupSchedule(schedule, dto.backupLag), resolveWindow)),
    [schedule, dto.backupLag, dto.layers.length, resolveWindow],
  );
  const peopleById = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const team = teams.find((t) => t.id === dto.teamId);

  // Who the signed-in person may put on call: managers of the team any member, a responder themselves.
  const principal = principalOf(user);
  const manages = canEditTeamResource(principal, dto.teamId);
  const member = team?.members.some((m) => m.userId === user.id) ?? false;
  const roster = useMemo<Person[]>(() => {
    // Viewers cannot acknowledge a page, so nobody can put them on call (the server refuses it too).
    if (manages) return (team?.members ?? []).flatMap((m) => {
      const person = peopleById.get(m.userId);
      return person && roleAllows(person.role, 'incident:act') ? [person] : [];
    });
    if (roleAllows(user.role, 'incident:act') && member) return [peopleById.get(user.id) ?? user];
    return [];
  }, [manages, member, team, peopleById, user]);
  const canOverride = roster.length > 0;
  const mayEdit = useCallback((o: Override) => manages || (canOverride && o.userId === user.id), [manages, canOverride, user.id]);

  const createOverride = useCreateOverride();
  const updateOverride = useUpdateOverride();
  const deleteOverride = useDeleteOverride();
  const busy = createOverride.isPending || updateOverride.isPending || deleteOverride.isPending;
  const [notice, setNotice] = useState<Notice>(null);
  const [lastChange, setLastChange] = useState<LastChange | null>(null);
  const [dialog, setDialog] = useState<OverrideDraft | null>(null);
  const [showQuiet, setShowQuiet] = useState(false);
  const [editingLayers, setEditingLayers] = useState(false);
  const propose = useDragStore((state) => state.propose);

  // Writes must carry the newest version even when they run from a timer or an async callback.
  const latest = useRef(dto);
  useEffect(() => {
    latest.current = dto;
  }, [dto]);

  const failed = (error: unknown) => {
    setLastChange(null);
    setNotice({ tone: 'error', text: staleCurrent(error) ? STALE_MESSAGE : errorMessage(error) });
  };

  const iso = (at: number) => new Date(at).toISOString();
  const scheduleId = dto.id;

  async function saveDraft(draft: OverrideDraft): Promise<boolean> {
    const current = latest.current;
    const body = { scheduleId, version: current.version, userId: draft.userId, start: iso(draft.start), end: iso(draft.end) };
    try {
      if (draft.overrideId) {
        const before = schedule.overrides.find((o) => o.id === draft.overrideId);
        await updateOverride.mutateAsync({ ...body, overrideId: draft.overrideId });
        if (before) setLastChange({ kind: 'moved', before });
      } else {
        const saved = await createOverride.mutateAsync(body);
        const known = new Set(current.overrides.map((o) => o.id));
        const created = saved.overrides.find((o) => !known.has(o.id));
        setLastChange(created ? { kind: 'created', overrideId: created.id } : null);
      }
      setNotice({ tone: 'info', text: `Saved: ${peopleById.get(draft.userId)?.name ?? draft.userId} on call ${formatInZone(zone, draft.start)} – ${formatInZone(zone, draft.end)}.` });
      return true;
    } catch (error) {
      failed(error);
      return false;
    } finally {
      propose(null);
    }
  }

  async function remove(override: Override) {
    try {
      await deleteOverride.mutateAsync({ scheduleId, overrideId: override.id, version: latest.current.version });
      setLastChange({ kind: 'deleted', before: override });
      setNotice({ tone: 'info', text: 'Override deleted.' });
      setDialog(null);
    } catch (error) {
      failed(error);
      setDialog(null);
    }
  }

  async function undo() {
    const change = lastChange;
    if (!change) return;
    const version = latest.current.version;
    try {
      if (change.kind === 'created') await deleteOverride.mutateAsync({ scheduleId, overrideId: change.overrideId, version });
      else {
        const { before } = change;
        const body = { scheduleId, version, userId: before.userId, start: iso(before.start), end: iso(before.end) };
        if (change.kind === 'moved') await updateOverride.mutateAsync({ ...body, overrideId: before.id });
        else await createOverride.mutateAsync(body);
      }
      setLastChange(null);
      setNotice({ tone: 'info', text: 'Undone.' });
    } catch (error) {
      failed(error);
    }
  }

  const openShift = useCallback(
    (span: Interval, userId: string | null) => {
      if (!canOverride) return;
      const who = roster.some((p) => p.id === userId) ? userId! : roster.some((p) => p.id === user.id) ? user.id : roster[0]!.id;
      // A gap can run for weeks beyond the view; start from the part that is shown.
      const start = userId === null ? (Math.max(span.start, window.start) as EpochMs) : span.start;
      const end = userId === null ? (Math.min(span.end, window.end) as EpochMs) : span.end;
      setDialog({ userId: who, start, end });
    },
    [canOverride, roster, user.id, window],
  );

  const pickFromRoster = useCallback((id: string) => setDialog({ userId: id, ...defaultSpan(resolution.segments, today, window) }), [resolution, today, window]);

  // Arrow-key nudges accumulate in the preview and are saved once the keys rest.
  const nudge = useRef<{ proposal: Proposal; timer: ReturnType<typeof setTimeout> } | null>(null);
  const saveRef = useRef(saveDraft);
  useEffect(() => {
    saveRef.current = saveDraft;
  });
  useEffect(() => () => clearTimeout(nudge.current?.timer), []);
  const handlers = useMemo<OverrideHandlers>(
    () => ({
      onEdit: (o) => {
        if (mayEdit(o)) setDialog({ overrideId: o.id, userId: o.userId, start: o.start, end: o.end });
      },
      onNudge: (o, startSteps, endSteps) => {
        const base = nudge.current?.proposal.kind === 'move' && nudge.current.proposal.overrideId === o.id ? nudge.current.proposal : { kind: 'move' as const, overrideId: o.id, userId: o.userId, start: o.start, end: o.end };
        const start = (base.start + startSteps * SNAP_MS) as EpochMs;
        const end = (base.end + endSteps * SNAP_MS) as EpochMs;
        if (end - start < SNAP_MS) return;
        const proposal: Proposal = { ...base, start, end };
        clearTimeout(nudge.current?.timer);
        propose(proposal);
        nudge.current = {
          proposal,
          timer: setTimeout(() => {
            nudge.current = null;
            void saveRef.current({ overrideId: o.id, userId: o.userId, start, end });
          }, NUDGE_SAVE_MS),
        };
      },
    }),
    [mayEdit, propose],
  );

  // Drag and drop: the pointer's place on the final lane becomes an instant (snapped to 15 min).
  const sensors = useSensors(useSensor(PointerSensor, POINTER_OPTIONS));
  const trackRef = useRef<HTMLDivElement>(null);
  /** The override being dragged, and the edge it was pressed on (null: moved whole), read at drag start. */
  const dragged = useRef<ReturnType<typeof pressedOverride>>(null);
  /** The roster person being dragged, read at drag start. */
  const draggedPersonId = useRef<string | null>(null);
  const proposalFor = (event: DragMoveEvent | DragEndEvent): Proposal | null => {
    const data = event.active.data.current as { kind: 'person' } | { kind: 'override' } | undefined;
    const track = trackRef.current?.getBoundingClientRect();
    if (!data || !track || track.width === 0) return null;
    const msPerPx = (window.end - window.start) / track.width;
    if (data.kind === 'person') {
      const userId = draggedPersonId.current;
      if (event.over?.id !== FINAL_LANE_ID || !userId) return null;
      const pointer = (event.activatorEvent as PointerEvent).clientX + event.delta.x;
      const at = window.start + (pointer - track.left) * msPerPx;
      // Onto a shift (or an override, which stacks): take its span; onto a gap: a stretch from the drop point.
      const shift = resolution.segments.find((s) => at >= s.start && at < s.end);
      if (shift) return { kind: 'create', userId, start: shift.start, end: shift.end };
      const start = snap(at);
      return { kind: 'create', userId, start, end: (start + GAP_DROP_MS) as EpochMs };
    }
    const pressed = dragged.current;
    const override = pressed && schedule.overrides.find((o) => o.id === pressed.overrideId);
    if (!override) return null;
    const shift = snap(event.delta.x * msPerPx);
    const edge = pressed.edge;
    const start = (edge === 'end' ? override.start : override.start + shift) as EpochMs;
    const end = (edge === 'start' ? override.end : override.end + shift) as EpochMs;
    if (end - start < SNAP_MS) return null;
    return { kind: 'move', overrideId: override.id, userId: override.userId, start, end };
  };
  const onDragStart = (event: DragStartEvent) => {
    const pressed = event.activatorEvent?.target ?? null;
    dragged.current = event.active.id === OVERRIDES_LANE_ID ? pressedOverride(pressed) : null;
    draggedPersonId.current = event.active.id === ROSTER_ID ? pressedPerson(pressed) : null;
    setNotice(null);
  };
  const onDragMove = (event: DragMoveEvent) => propose(proposalFor(event));
  // Screen readers hear names, not dnd-kit's internal ids; the saved result comes as the notice.
  const draggedName = (active: DragStartEvent['active']): string => {
    const data = active.data.current as { kind: string } | undefined;
    if (data?.kind === 'person') return peopleById.get(draggedPersonId.current ?? '')?.name ?? 'Person';
    const override = schedule.overrides.find((o) => o.id === dragged.current?.overrideId);
    const edge = dragged.current?.edge;
    return `${edge ? `The ${edge} of the override` : 'Override'} of ${override ? (peopleById.get(override.userId)?.name ?? override.userId) : 'someone'}`;
  };
  const announcements = {
    onDragStart: ({ active }: Pick<DragStartEvent, 'active'>) => `${draggedName(active)} picked up.`,
    onDragOver: ({ active, over }: Pick<DragEndEvent, 'active' | 'over'>) => (over?.id === FINAL_LANE_ID ? `${draggedName(active)} is over the final schedule.` : undefined),
    onDragEnd: ({ active }: Pick<DragEndEvent, 'active'>) => `${draggedName(active)} dropped.`,
    onDragCancel: ({ active }: Pick<DragEndEvent, 'active'>) => `Dragging ${draggedName(active)} was cancelled.`,
  };
  const onDragEnd = (event: DragEndEvent) => {
    const proposal = proposalFor(event);
    if (!proposal) return propose(null);
    propose(proposal);
    void saveDraft(proposal.kind === 'move' ? { overrideId: proposal.overrideId, userId: proposal.userId, start: proposal.start, end: proposal.end } : { userId: proposal.userId, start: proposal.start, end: proposal.end });
  };
  const onDragCancel = () => propose(null);

  // Keyboard shortcuts for the view: p / n / t, and w / 2 / m for the range.
  const viewKeys = useRef<(event: KeyboardEvent) => void>(() => {});
  useEffect(() => {
    viewKeys.current = (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target) || document.querySelector('[role="dialog"]')) return;
      if (event.key === 'p') setView({ at: formatLocalDate(stepAnchor(range, anchor, -1)) });
      else if (event.key === 'n') setView({ at: formatLocalDate(stepAnchor(range, anchor, 1)) });
      else if (event.key === 't') setView({ at: null });
      else {
        const picked = RANGES.find((r) => r.key === event.key);
        if (picked) setView({ range: picked.value });
      }
    };
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => viewKeys.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const width = Math.round(((window.end - window.start) / HOUR_MS) * PX_PER_HOUR[range]);
  const teamPeople = useMemo(() => (team?.members ?? []).map((m) => peopleById.get(m.userId)).filter((p): p is PersonDto => p !== undefined), [team, peopleById]);

  return (
    <section aria-labelledby="schedule-title" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <ScheduleHeading name={dto.name} />
          <p className="text-sm text-slate-600">
            {team?.name ?? 'Team'} · rules in {dto.zone} · version {dto.version}
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <SubscribeFeedButton scheduleId={dto.id} scheduleName={dto.name} />
          {manages ? (
            <Button onClick={() => setEditingLayers(true)} variant="secondary">
              Edit layers
            </Button>
          ) : null}
        </div>
      </div>

      <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
        <div role="group" aria-label="Range" className="flex gap-1">
          {RANGES.map((r) => (
            <Button key={r.value} size="sm" variant={r.value === range ? 'primary' : 'secondary'} aria-pressed={r.value === range} aria-keyshortcuts={r.key} onClick={() => setView({ range: r.value })}>
              {r.label}
            </Button>
          ))}
        </div>
        <div role="group" aria-label="Move in time" className="flex gap-1">
          <Button size="sm" aria-keyshortcuts="p" onClick={() => setView({ at: formatLocalDate(stepAnchor(range, anchor, -1)) })}>
            Previous
          </Button>
          <Button size="sm" aria-keyshortcuts="t" onClick={() => setView({ at: null })}>
            Today
          </Button>
          <Button size="sm" aria-keyshortcuts="n" onClick={() => setView({ at: formatLocalDate(stepAnchor(range, anchor, 1)) })}>
            Next
          </Button>
        </div>
        <ZonePickerSlot zone={zone} myZone={myZone} scheduleZone={dto.zone} onChange={(z) => setView({ zone: z })} />
      </div>
      <p className="text-xs text-slate-600">
        {formatInZone(zone, window.start)} – {formatInZone(zone, window.end)} · {zone} ({formatOffset(zone, window.start)}) · keys: p previous, n next, t today, w / 2 / m range
      </p>

      {notice ? (
        <div role={notice.tone === 'error' ? 'alert' : 'status'} className={`flex flex-wrap items-center gap-3 rounded-md border px-3 py-2 text-sm ${notice.tone === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-green-200 bg-green-50 text-green-900'}`}>
          <span>{notice.text}</span>
          {lastChange && notice.tone === 'info' ? (
            <Button size="sm" onClick={() => void undo()} disabled={busy}>
              Undo
            </Button>
          ) : null}
        </div>
      ) : null}

      <DndContext
        sensors={sensors}
        collisionDetection={pointerWithin}
        onDragStart={onDragStart}
        onDragMove={onDragMove}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
        autoScroll={false}
        accessibility={{ announcements }}
      >
        {canOverride ? <Roster people={roster} onPick={pickFromRoster} /> : null}

        <div role="region" aria-label="On-call lanes" tabIndex={0} className="max-w-full overflow-x-auto rounded-md border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-blue-700">
          <div className="relative" style={{ width: `calc(${width}px + 9rem)` }}>
            <GridLines axis={axis} />
            <DayHeader axis={axis} />
            <LaneRow label="Final schedule" hint="Who gets paged: overrides over layers, higher layers over lower">
              <div ref={trackRef} className="absolute inset-0">
                <FinalLane schedule={schedule} base={resolution} window={window} people={peopleById} zone={zone} onOpen={canOverride ? openShift : undefined} />
              </div>
            </LaneRow>
            {backup ? (
              <LaneRow label="Backup" hint={`The primary of ${Math.abs(dto.backupLag!)} shift(s) ${dto.backupLag! > 0 ? 'before' : 'after'}`}>
                <SegmentLane segments={backup.segments} gaps={backup.gaps} people={peopleById} window={window} zone={zone} consequence="pages go to the next escalation level" />
              </LaneRow>
            ) : null}
            {resolution.layers.map((lane, i) => (
              <LaneRow key={lane.layerId} label={dto.layers[i]?.name ?? lane.layerId} hint="This layer on its own, before priorities">
                <SegmentLane segments={lane.segments} people={peopleById} window={window} zone={zone} />
              </LaneRow>
            ))}
            <LaneRow label="Overrides" height="h-auto">
              <OverridesLane overrides={schedule.overrides} people={peopleById} window={window} zone={zone} mayEdit={mayEdit} handlers={handlers} resizableFromMs={(HANDLES_FROM_PX / PX_PER_HOUR[range]) * HOUR_MS} />
            </LaneRow>
            {showQuiet ? teamPeople.map((person) => <QuietLane key={person.id} person={person} window={window} zone={zone} />) : null}
            <NowLine window={window} zone={zone} />
          </div>
        </div>
      </DndContext>

      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" className="size-4" checked={showQuiet} onChange={(e) => setShowQuiet(e.target.checked)} />
        Show everyone's quiet hours
      </label>

      {dialog ? (
        <OverrideDialog
          draft={dialog}
          people={roster}
          zone={zone}
          busy={busy}
          onClose={() => setDialog(null)}
          onSave={(draft) => {
            setDialog(null);
            void saveDraft(draft);
          }}
          onDelete={
            dialog.overrideId
              ? () => {
                  const found = schedule.overrides.find((o) => o.id === dialog.overrideId);
                  if (found) void remove(found);
                }
              : undefined
          }
        />
      ) : null}
      {editingLayers ? <LayerEditor dto={dto} members={teamPeople} zone={zone} onClose={() => setEditingLayers(false)} /> : null}

      <FairnessPanel scheduleId={dto.id} now={today} />
    </section>
  );
}

function ZonePickerSlot(props: { zone: string; myZone: string; scheduleZone: string; onChange: (zone: string) => void }) {
  // Keyed by zone so the picker's own state (a half-typed zone) restarts when the zone changes elsewhere.
  return <ZonePicker key={props.zone} {...props} />;
}

/** The shift running now (or the first one shown), as the dialog's starting point when a roster name is picked. */
function defaultSpan(segments: ReadonlyArray<{ start: EpochMs; end: EpochMs }>, now: number, window: Interval): { start: EpochMs; end: EpochMs } {
  const running = segments.find((s) => now >= s.start && now < s.end) ?? segments.find((s) => s.end > window.start);
  if (running) return { start: running.start, end: running.end };
  return { start: window.start, end: (window.start + GAP_DROP_MS) as EpochMs };
}

const ROSTER_ID = 'roster';

/** Which roster person a pointer pressed, read from the chip under it. */
function pressedPerson(target: EventTarget | null): string | null {
  return target instanceof Element ? (target.closest('[data-person-id]')?.getAttribute('data-person-id') ?? null) : null;
}

const RosterChip = memo(function RosterChip({ person, onPick, offset, hintId }: { person: Person; onPick: (id: string) => void; offset: string | undefined; hintId: string }) {
  return (
    <li>
      <button
        type="button"
        data-person-id={person.id}
        aria-roledescription="draggable person"
        aria-describedby={hintId}
        aria-label={`${person.name}: drag onto the final schedule, or press Enter to choose times`}
        onClick={() => onPick(person.id)}
        className={`cursor-grab touch-none rounded-full border px-2.5 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ${personColor(person.id)} ${offset ? 'relative z-40 cursor-grabbing shadow-lg' : ''}`}
        style={offset ? { transform: offset } : undefined}
      >
        {person.name}
      </button>
    </li>
  );
});

/**
 * The people who can be put on call. The list is one draggable (dnd-kit re-renders every
 * draggable when a drag starts, so fewer is faster); the pressed chip itself follows the pointer,
 * with no drag overlay to mount and measure.
 */
const Roster = memo(function Roster({ people, onPick }: { people: readonly Person[]; onPick: (id: string) => void }) {
  const hintId = useId();
  const [pressed, setPressed] = useState<string | null>(null);
  const { setNodeRef, listeners, transform } = useDraggable({ id: ROSTER_ID, data: { kind: 'person' } });
  const onPointerDown = useMemo(() => {
    const start = listeners?.onPointerDown as ((event: ReactPointerEvent<HTMLUListElement>) => void) | undefined;
    return (event: ReactPointerEvent<HTMLUListElement>) => {
      const id = pressedPerson(event.target);
      if (!id || !start) return;
      setPressed(id);
      start(event);
    };
  }, [listeners]);
  const offset = transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <h2 id="roster-title" className="text-sm font-medium text-slate-800">
        Roster
      </h2>
      <ul ref={setNodeRef} onPointerDown={onPointerDown} aria-labelledby="roster-title" className="flex flex-wrap gap-2">
        {people.map((person) => (
          <RosterChip key={person.id} person={person} onPick={onPick} offset={person.id === pressed ? offset : undefined} hintId={hintId} />
        ))}
      </ul>
      <p id={hintId} className="basis-full text-xs text-slate-600">
        Drag a person onto the final schedule to put them on call (onto a shift: its span; snaps to 15 minutes), press Enter on a name to choose the times, or click a shift.
      </p>
    </div>
  );
});

/** One person's quiet hours in their own zone, as bands on the viewer's axis. */
const QuietLane = memo(function QuietLane({ person, window, zone }: { person: PersonDto; window: Interval; zone: string }) {
  const bands = useMemo(() => quietBands(person, window, 'pages go to the backup'), [person, window]);
  return (
    <LaneRow label={`${person.name} quiet`} hint={person.quietHours ? `${person.quietHours.start}–${person.quietHours.end} ${person.timeZone}` : 'No quiet hours'}>
      {bands.length === 0 ? <span className="absolute inset-y-0 left-2 flex items-center text-xs text-slate-600">No quiet hours</span> : null}
      {bands.map((band) => (
        <span
          key={band.start}
          data-quiet-hours=""
          data-start={new Date(band.start).toISOString()}
          data-end={new Date(band.end).toISOString()}
          title={band.title}
          aria-label={`${person.name} quiet ${formatInZone(zone, band.start)} – ${formatInZone(zone, band.end)}`}
          role="img"
          className="absolute inset-y-2 rounded-sm bg-[repeating-linear-gradient(135deg,rgba(71,85,105,0.5)_0_3px,transparent_3px_7px)]"
          style={{ left: `${Math.max(0, ((band.start - window.start) / (window.end - window.start)) * 100)}%`, width: `${((band.end - band.start) / (window.end - window.start)) * 100}%` }}
        />
      ))}
    </LaneRow>
  );
});
