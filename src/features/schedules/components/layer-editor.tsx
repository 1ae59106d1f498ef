import { DndContext, PointerSensor, closestCenter, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import type { DragEndEvent } from '@dnd-kit/core';
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { PersonDto } from '../../../contracts/people';
import type { LayerDto, ScheduleDto } from '../../../contracts/schedules';
import { toDomainSchedule } from '../../../contracts/schedules';
import { resolveSegments } from '../../../domain/schedule/resolve';
import { validateSchedule } from '../../../domain/schedule/schedule';
import { DAY_MS } from '../../../domain/time/instant';
import type { EpochMs } from '../../../domain/time/instant';
import { zonedDateTime } from '../../../domain/time/zoned';
import { ROTATION_LIMITS, layerProblems as layerRuleProblems } from '../../../domain/schedule/rules';
import { errorMessage, fieldProblems } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Dialog } from '../../../shared/components/dialog';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { STALE_MESSAGE, staleCurrent } from '../api/schedule-writes';
import { useUpdateSchedule } from '../api/update-schedule';
import { formatInZone } from '../model/time-axis';
import { roleAllows } from '../../../domain/access/roles';

/** A module constant, so the sensors (and every draggable's listeners) keep their identity across renders. */
const POINTER_OPTIONS = { activationConstraint: { distance: 4 } };
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const PREVIEW_DAYS = 28;

type Errors = Record<string, string>;

/**
 * Problems a person can fix before a round trip, named as the server names fields
 * ("layers[0].handoff.time") and worded as the server words them: the rules are the domain's, the
 * same functions the API contract applies.
 */
export function layerProblems(zone: string, layers: LayerDto[]): Errors {
  const errors: Errors = {};
  layers.forEach((layer, i) => {
    for (const problem of layerRuleProblems(layer)) errors[`layers[${i}].${problem.field}`] ??= problem.message;
  });
  // Whatever else the domain refuses across layers (it is the one that resolves the schedule).
  if (Object.keys(errors).length === 0) {
    for (const problem of validateSchedule(toDomainSchedule({ zone, layers, overrides: [] }))) errors[problem.field] ??= problem.message;
  }
  return errors;
}

function newLayer(index: number, zone: string, now: number): LayerDto {
  return {
    id: `layer-${now.toString(36)}-${index}`,
    name: `Layer ${index + 1}`,
    participants: [],
    rotation: { kind: 'weekly' },
    handoff: { weekday: 1, time: '09:00' },
    start: zonedDateTime(zone, now).date,
    restrictions: [],
  };
}

function move<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

function ParticipantRow({ index, count, name, onMove, onRemove }: { index: number; count: number; name: string; onMove: (from: number, to: number) => void; onRemove: () => void }) {
  const drag = useDraggable({ id: `participant:${index}`, data: { index } });
  const drop = useDroppable({ id: `slot:${index}`, data: { index } });
  return (
    <li ref={drop.setNodeRef} className={`flex flex-wrap items-center gap-x-2 rounded border px-2 py-1 text-sm ${drop.isOver ? 'border-blue-600 bg-blue-50' : 'border-slate-200 bg-white'} ${drag.isDragging ? 'opacity-60' : ''}`}>
      <span ref={drag.setNodeRef} {...drag.listeners} aria-hidden="true" title="Drag to reorder" className="cursor-grab touch-none px-1 text-slate-600 select-none">
        ⠿
      </span>
      <span className="w-5 text-xs text-slate-600">{index + 1}.</span>
      <span className="min-w-0 grow truncate font-medium">{name}</span>
      <span className="flex flex-wrap gap-1">
      <Button size="sm" variant="ghost" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => onMove(index, index - 1)}>
        Move up
      </Button>
      <Button size="sm" variant="ghost" aria-label={`Move ${name} down`} disabled={index === count - 1} onClick={() => onMove(index, index + 1)}>
        Move down
      </Button>
      <Button size="sm" variant="dangerGhost" aria-label={`Remove ${name}`} onClick={onRemove}>
        Remove
      </Button>
      </span>
    </li>
  );
}

/**
 * Edits the layers and the backup lane as one draft, previews the next four weeks with the
 * domain's resolver, and saves the whole list with the version it started from.
 */
export function LayerEditor({ dto, members, zone, onClose }: { dto: ScheduleDto; members: readonly PersonDto[]; zone: string; onClose: () => void }) {
  const [now] = useState(() => Date.now());
  const [layers, setLayers] = useState<LayerDto[]>(() => (dto.layers.length > 0 ? dto.layers.map((l) => ({ ...l })) : [newLayer(0, dto.zone, now)]));
  const [backupLag, setBackupLag] = useState<number | null>(dto.backupLag ?? null);
  const [selected, setSelected] = useState(0);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const update = useUpdateSchedule();
  const sensors = useSensors(useSensor(PointerSensor, POINTER_OPTIONS));
  const layer = layers[selected]!;
  const at = `layers[${selected}]`;
  const names = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);

  const change = (patch: Partial<LayerDto>) => setLayers((all) => all.map((l, i) => (i === selected ? { ...l, ...patch } : l)));
  const moveParticipant = (from: number, to: number) => change({ participants: move(layer.participants, from, to) });
  const onDragEnd = (event: DragEndEvent) => {
    const from = (event.active.data.current as { index: number } | undefined)?.index;
    const to = (event.over?.data.current as { index: number } | undefined)?.index;
    if (from !== undefined && to !== undefined && from !== to) moveParticipant(from, to);
  };

  const live = useMemo(() => layerProblems(dto.zone, layers), [dto.zone, layers]);
  const preview = useMemo(() => {
    if (Object.keys(live).length > 0) return null;
    const window = { start: now as EpochMs, end: (now + PREVIEW_DAYS * DAY_MS) as EpochMs };
    return resolveSegments(toDomainSchedule({ zone: dto.zone, layers, overrides: dto.overrides }), window).segments;
  }, [live, now, dto.zone, dto.overrides, layers]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(live);
    setFormError(undefined);
    const firstBad = layers.findIndex((_, i) => Object.keys(live).some((key) => key.startsWith(`layers[${i}]`)));
    if (firstBad >= 0) {
      setSelected(firstBad);
      return;
    }
    try {
      await update.mutateAsync({ id: dto.id, version: dto.version, layers, backupLag });
      onClose();
    } catch (error) {
      const current = staleCurrent(error);
      if (current) {
        setLayers(current.layers.map((l) => ({ ...l })));
        setBackupLag(current.backupLag ?? null);
        setSelected(0);
        setFormError(STALE_MESSAGE);
        return;
      }
      setErrors(fieldProblems(error));
      setFormError(errorMessage(error));
    }
  };

  const rotationKind = layer.rotation.kind;
  // Viewers cannot acknowledge a page, so they are not offered (the server refuses them too).
  const candidates = members.filter((m) => !layer.participants.includes(m.id) && roleAllows(m.role, 'incident:act'));

  return (
    <Dialog title="Edit layers" description={`Rules are wall-clock times in ${dto.zone}. Later layers win where they have someone.`} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate className="space-y-4">
        <FormError message={formError} />
        <div role="group" aria-label="Layers" className="flex flex-wrap gap-1">
          {layers.map((l, i) => (
            <Button key={l.id} size="sm" variant={i === selected ? 'primary' : 'secondary'} aria-pressed={i === selected} onClick={() => setSelected(i)}>
              {l.name || `Layer ${i + 1}`}
            </Button>
          ))}
          {layers.length < 10 ? (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setLayers((all) => [...all, newLayer(all.length, dto.zone, now)]);
                setSelected(layers.length);
              }}
            >
              Add layer
            </Button>
          ) : null}
        </div>

        <Field label="Layer name" error={errors[`${at}.name`]}>
          {(props) => <input {...props} className={inputClass} value={layer.name} onChange={(e) => change({ name: e.target.value })} />}
        </Field>

        <fieldset className="min-w-0 space-y-2">
          <legend className="mb-1 text-sm font-medium text-slate-800">Participants, in rotation order</legend>
          <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
            <ol className="space-y-1">
              {layer.participants.map((id, i) => (
                <ParticipantRow
                  key={id}
                  index={i}
                  count={layer.participants.length}
                  name={names.get(id) ?? id}
                  onMove={moveParticipant}
                  onRemove={() => change({ participants: layer.participants.filter((p) => p !== id) })}
                />
              ))}
            </ol>
          </DndContext>
          {errors[`${at}.participants`] ? <p className="text-sm text-red-700">{errors[`${at}.participants`]}</p> : null}
          {candidates.length > 0 ? (
            <Field label="Add person">
              {(props) => (
                <select
                  {...props}
                  className={inputClass}
                  value=""
                  onChange={(e) => {
                    if (e.target.value) change({ participants: [...layer.participants, e.target.value] });
                  }}
                >
                  <option value="">Choose…</option>
                  {candidates.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </fieldset>

        <div className="grid grid-cols-2 gap-3">
          <Field label="Rotation">
            {(props) => (
              <select
                {...props}
                className={inputClass}
                value={rotationKind}
                onChange={(e) => {
                  const kind = e.target.value as LayerDto['rotation']['kind'];
                  change({ rotation: kind === 'hours' ? { kind, every: 12 } : kind === 'days' || kind === 'weeks' ? { kind, every: 2 } : { kind } });
                }}
              >
                <option value="daily">Daily</option>
                <option value="weekly">Weekly</option>
                <option value="hours">Every N hours</option>
                <option value="days">Every N days</option>
                <option value="weeks">Every N weeks</option>
              </select>
            )}
          </Field>
          {'every' in layer.rotation ? (
            <Field label={`Every (${layer.rotation.kind})`} error={errors[`${at}.rotation.every`]}>
              {(props) => (
                <input
                  {...props}
                  type="number"
                  min={1}
                  max={ROTATION_LIMITS[rotationKind as keyof typeof ROTATION_LIMITS]}
                  className={inputClass}
                  value={'every' in layer.rotation && Number.isFinite(layer.rotation.every) ? layer.rotation.every : ''}
                  onChange={(e) => change({ rotation: { kind: rotationKind as 'hours' | 'days' | 'weeks', every: e.target.valueAsNumber } })}
                />
              )}
            </Field>
          ) : (
            <span />
          )}
          {layer.rotation.kind === 'weekly' || layer.rotation.kind === 'weeks' ? (
            <Field label="Handoff day">
              {(props) => (
                <select {...props} className={inputClass} value={layer.handoff.weekday ?? ''} onChange={(e) => change({ handoff: { ...layer.handoff, weekday: Number(e.target.value) } })}>
                  {WEEKDAYS.map((d, i) => (
                    <option key={d} value={i}>
                      {d}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Field label="Handoff time" hint="HH:MM, 24-hour" error={errors[`${at}.handoff.time`]}>
            {(props) => <input {...props} inputMode="numeric" className={inputClass} value={layer.handoff.time} onChange={(e) => change({ handoff: { ...layer.handoff, time: e.target.value } })} />}
          </Field>
          <Field label="Start date" error={errors[`${at}.start`]}>
            {(props) => <input {...props} type="date" className={inputClass} value={layer.start} onChange={(e) => change({ start: e.target.value })} />}
          </Field>
        </div>

        <fieldset className="min-w-0 space-y-2">
          <legend className="text-sm font-medium text-slate-800">Restrictions (active only within these windows)</legend>
          {layer.restrictions.map((r, j) => {
            const where = `${at}.restrictions[${j}]`;
            const setR = (patch: Partial<typeof r>) => change({ restrictions: layer.restrictions.map((x, k) => (k === j ? { ...x, ...patch } : x)) });
            return (
              <div key={j} role="group" aria-label={`Restriction ${j + 1}`} className="space-y-2 rounded border border-slate-200 p-2">
                <div className="flex flex-wrap gap-2">
                  {WEEKDAYS.map((d, day) => (
                    <label key={d} className="flex items-center gap-1 text-xs">
                      <input type="checkbox" checked={r.days.includes(day)} onChange={(e) => setR({ days: e.target.checked ? [...r.days, day].sort() : r.days.filter((x) => x !== day) })} />
                      {d.slice(0, 3)}
                    </label>
                  ))}
                </div>
                {errors[`${where}.days`] ? <p className="text-sm text-red-700">{errors[`${where}.days`]}</p> : null}
                <div className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
                  <Field label="From" error={errors[`${where}.start`]}>
                    {(props) => <input {...props} inputMode="numeric" className={inputClass} value={r.start} onChange={(e) => setR({ start: e.target.value })} />}
                  </Field>
                  <Field label="To" error={errors[`${where}.end`]}>
                    {(props) => <input {...props} inputMode="numeric" className={inputClass} value={r.end} onChange={(e) => setR({ end: e.target.value })} />}
                  </Field>
                  <Button size="sm" variant="dangerGhost" onClick={() => change({ restrictions: layer.restrictions.filter((_, k) => k !== j) })}>
                    Remove
                  </Button>
                </div>
              </div>
            );
          })}
          <Button size="sm" onClick={() => change({ restrictions: [...layer.restrictions, { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }] })}>
            Add restriction
          </Button>
        </fieldset>

        <Field label="Backup lane">
          {(props) => (
            <select {...props} className={inputClass} value={backupLag === null ? 'none' : String(backupLag)} onChange={(e) => setBackupLag(e.target.value === 'none' ? null : Number(e.target.value))}>
              <option value="none">No backup lane</option>
              <option value="1">Last shift's primary (a shift of primary, then one of backup)</option>
              <option value="-1">Next shift's primary (a shift of backup, then one of primary)</option>
              <option value="2">Primary of two shifts before</option>
            </select>
          )}
        </Field>

        <section aria-label="Preview of the next 4 weeks" className="rounded border border-slate-200 bg-slate-50 p-2">
          <h3 className="text-sm font-medium text-slate-800">Next 4 weeks (in {zone})</h3>
          {preview === null ? (
            <p className="text-sm text-slate-600">Fix the problems above to see a preview.</p>
          ) : preview.length === 0 ? (
            <p className="text-sm text-slate-600">Nobody would be on call.</p>
          ) : (
            <ul className="mt-1 max-h-40 space-y-0.5 overflow-y-auto text-xs">
              {preview.map((s) => (
                <li key={s.start}>
                  <span className="font-medium">{names.get(s.userId) ?? s.userId}</span> {formatInZone(zone, s.start)} – {formatInZone(zone, s.end)}
                </li>
              ))}
            </ul>
          )}
        </section>

        <div className="flex flex-wrap justify-between gap-2">
          <Button
            variant="dangerGhost"
            disabled={layers.length <= 1}
            onClick={() => {
              setLayers((all) => all.filter((_, i) => i !== selected));
              setSelected(0);
            }}
          >
            Delete this layer
          </Button>
          <div className="flex gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={update.isPending}>
              Save layers
            </Button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
