import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import type { DragEndEvent } from '@dnd-kit/core';
import type { PagingPersonDto } from '../../../contracts/escalation';
import type { ScheduleDto } from '../../../contracts/schedules';
import { POLICY_LIMITS } from '../../../domain/escalation/policy';
import type { EscalationLevel, EscalationTarget, Urgency } from '../../../domain/escalation/policy';
import { SEVERITIES } from '../../../domain/incident/severity';
import { Button } from '../../../shared/components/button';
import { Field, inputClass } from '../../../shared/components/field';
import type { FieldErrors, PolicyDraft } from '../model/draft';
import { addTarget, changeLevel, moveLevel, newLevelId, removeTarget } from '../model/draft';
import { targetLabel, targetOptions, targetValue } from '../model/targets';
import { KEYBOARD_OPTIONS, POINTER_OPTIONS } from './level-drag';

type Context = { people: readonly PagingPersonDto[]; schedules: readonly ScheduleDto[] };

const minutesValue = (n: number) => (Number.isFinite(n) ? n : '');

function TargetPicker({ level, index, context, onAdd }: { level: EscalationLevel; index: number; context: Context; onAdd: (target: EscalationTarget) => void }) {
  const options = targetOptions(level.targets, context.people, context.schedules);
  const pick = (value: string) => {
    const option = [...options.schedules, ...options.people].find((o) => o.value === value);
    if (option) onAdd(option.target);
  };
  if (options.people.length === 0 && options.schedules.length === 0) return null;
  return (
    <Field label={`Add a person or schedule to Level ${index + 1}`}>
      {(props) => (
        <select {...props} className={inputClass} value="" onChange={(e) => pick(e.target.value)}>
          <option value="">Choose…</option>
          {options.schedules.length > 0 ? (
            <optgroup label="Schedules">
              {options.schedules.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ) : null}
          {options.people.length > 0 ? (
            <optgroup label="People">
              {options.people.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      )}
    </Field>
  );
}

function LevelEditor({
  level,
  index,
  count,
  context,
  errors,
  onDraft,
}: {
  level: EscalationLevel;
  index: number;
  count: number;
  context: Context;
  errors: FieldErrors;
  onDraft: (change: (draft: PolicyDraft) => PolicyDraft) => void;
}) {
  const name = `Level ${index + 1}`;
  const at = `levels.${index}`;
  const drag = useDraggable({ id: `level:${level.id}`, data: { index } });
  const drop = useDroppable({ id: `slot:${index}`, data: { index } });
  const targetsError = errors[`${at}.targets`];
  return (
    <li ref={drop.setNodeRef} data-level-index={index} className={`rounded-lg border bg-white p-3 ${drop.isOver ? 'border-blue-600 ring-2 ring-blue-200' : 'border-slate-200'} ${drag.isDragging ? 'opacity-60' : ''}`}>
      <fieldset className="min-w-0 space-y-3">
        <legend className="flex w-full flex-wrap items-center gap-2">
          <span className="text-base font-semibold text-slate-900">{name}</span>
        </legend>
        <div className="flex flex-wrap items-center gap-1">
          <button
            type="button"
            ref={drag.setNodeRef}
            {...drag.attributes}
            {...drag.listeners}
            aria-label={`Drag ${name} to reorder (Space, then arrow keys)`}
            className="cursor-grab touch-none rounded px-2 py-1 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
          >
            <span aria-hidden="true">⠿</span>
          </button>
          <Button size="sm" variant="ghost" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => onDraft((d) => moveLevel(d, index, index - 1))}>
            Move up
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Move ${name} down`} disabled={index === count - 1} onClick={() => onDraft((d) => moveLevel(d, index, index + 1))}>
            Move down
          </Button>
          <Button size="sm" variant="dangerGhost" aria-label={`Remove ${name}`} disabled={count <= POLICY_LIMITS.levels.min} onClick={() => onDraft((d) => ({ ...d, levels: d.levels.filter((_, i) => i !== index) }))}>
            Remove level
          </Button>
        </div>

        <div>
          <p className="text-sm font-medium text-slate-800">Page</p>
          {level.targets.length === 0 ? <p className="text-sm text-slate-600">Nobody yet.</p> : null}
          <ul aria-label={`Targets of ${name}`} className="mt-1 space-y-1">
            {level.targets.map((target, j) => {
              const label = targetLabel(target, context.people, context.schedules);
              const problem = errors[`${at}.targets.${j}`] ?? errors[`${at}.targets.${j}.userId`] ?? errors[`${at}.targets.${j}.scheduleId`] ?? errors[`${at}.targets.${j}.role`];
              return (
                <li key={targetValue(target)} className="rounded border border-slate-200 px-2 py-1 text-sm">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span className="min-w-0 break-words text-slate-900">{label}</span>
                    <Button size="sm" variant="dangerGhost" aria-label={`Remove ${label} from ${name}`} onClick={() => onDraft((d) => removeTarget(d, index, j))}>
                      Remove
                    </Button>
                  </div>
                  {problem ? <p className="text-sm text-red-700">{`${label} ${problem}`}</p> : null}
                </li>
              );
            })}
          </ul>
          {targetsError ? <p className="mt-1 text-sm text-red-700">{`${name} ${targetsError}`}</p> : null}
        </div>

        <TargetPicker
          level={level}
          index={index}
          context={context}
          onAdd={(target) => onDraft((d) => addTarget(d, index, target))}
        />

        <Field label={`${name}: escalate after (minutes) if not acknowledged`} error={errors[`${at}.escalateAfterMinutes`]} className="max-w-xs">
          {(props) => (
            <input
              {...props}
              type="number"
              min={POLICY_LIMITS.escalateAfterMinutes.min}
              max={POLICY_LIMITS.escalateAfterMinutes.max}
              className={inputClass}
              value={minutesValue(level.escalateAfterMinutes)}
              onChange={(e) => onDraft((d) => changeLevel(d, index, { escalateAfterMinutes: e.target.valueAsNumber }))}
            />
          )}
        </Field>
      </fieldset>
    </li>
  );
}

/**
 * The levels and settings of a policy as one draft. Levels reorder by drag (pointer, or the
 * keyboard: Space on the handle, arrows, Space) and by Move up / Move down; every error sits at
 * the field it names.
 */
export function PolicyEditor({ draft, errors, context, onDraft }: { draft: PolicyDraft; errors: FieldErrors; context: Context; onDraft: (change: (draft: PolicyDraft) => PolicyDraft) => void }) {
  const sensors = useSensors(useSensor(PointerSensor, POINTER_OPTIONS), useSensor(KeyboardSensor, KEYBOARD_OPTIONS));
  const onDragEnd = (event: DragEndEvent) => {
    const from = (event.active.data.current as { index: number } | undefined)?.index;
    const to = (event.over?.data.current as { index: number } | undefined)?.index;
    if (from !== undefined && to !== undefined && from !== to) onDraft((d) => moveLevel(d, from, to));
  };
  const ackOn = draft.ackTimeoutMinutes !== null;
  return (
    <div className="space-y-4">
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ screenReaderInstructions: { draggable: 'To move a level, press Space, use the up and down arrows, then Space again to drop it or Escape to cancel.' } }}>
        <ol aria-label="Levels" className="space-y-3">
          {draft.levels.map((level, i) => (
            <LevelEditor key={level.id} level={level} index={i} count={draft.levels.length} context={context} errors={errors} onDraft={onDraft} />
          ))}
        </ol>
      </DndContext>
      {errors['levels'] ? <p className="text-sm text-red-700">{`Levels ${errors['levels']}`}</p> : null}
      {draft.levels.length < POLICY_LIMITS.levels.max ? (
        <Button size="sm" onClick={() => onDraft((d) => ({ ...d, levels: [...d.levels, { id: newLevelId(), escalateAfterMinutes: 5, targets: [] }] }))}>
          Add level
        </Button>
      ) : null}

      <fieldset className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2">
        <legend className="px-1 text-sm font-semibold text-slate-900">When nobody acknowledges</legend>
        <Field label="Repeat the whole policy (times)" hint="0 runs it once" error={errors['repeat']}>
          {(props) => (
            <input
              {...props}
              type="number"
              min={POLICY_LIMITS.repeat.min}
              max={POLICY_LIMITS.repeat.max}
              className={inputClass}
              value={minutesValue(draft.repeat)}
              onChange={(e) => onDraft((d) => ({ ...d, repeat: e.target.valueAsNumber }))}
            />
          )}
        </Field>
        <div className="space-y-2">
          <Field label="Acknowledgement timeout" hint="An acknowledged incident not resolved in time escalates again">
            {(props) => (
              <select {...props} className={inputClass} value={ackOn ? 'on' : 'off'} onChange={(e) => onDraft((d) => ({ ...d, ackTimeoutMinutes: e.target.value === 'on' ? 60 : null }))}>
                <option value="off">Off</option>
                <option value="on">Escalate again after some minutes</option>
              </select>
            )}
          </Field>
          {ackOn ? (
            <Field label="Escalate again after (minutes)" error={errors['ackTimeoutMinutes']}>
              {(props) => (
                <input
                  {...props}
                  type="number"
                  min={POLICY_LIMITS.ackTimeoutMinutes.min}
                  max={POLICY_LIMITS.ackTimeoutMinutes.max}
                  className={inputClass}
                  value={minutesValue(draft.ackTimeoutMinutes ?? Number.NaN)}
                  onChange={(e) => onDraft((d) => ({ ...d, ackTimeoutMinutes: e.target.valueAsNumber }))}
                />
              )}
            </Field>
          ) : null}
        </div>
      </fieldset>

      <fieldset className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2">
        <legend className="px-1 text-sm font-semibold text-slate-900">Urgency</legend>
        {SEVERITIES.map((severity) => (
          <Field key={severity} label={`${severity} urgency`}>
            {(props) => (
              <select
                {...props}
                className={inputClass}
                value={draft.urgencyBySeverity[severity]}
                onChange={(e) => onDraft((d) => ({ ...d, urgencyBySeverity: { ...d.urgencyBySeverity, [severity]: e.target.value as Urgency } }))}
              >
                <option value="high">High: page at once</option>
                <option value="low">Low: by the low-urgency rule</option>
              </select>
            )}
          </Field>
        ))}
        <Field label="Low-urgency pages reach people" className="sm:col-span-2 sm:max-w-sm">
          {(props) => (
            <select {...props} className={inputClass} value={draft.lowUrgency} onChange={(e) => onDraft((d) => ({ ...d, lowUrgency: e.target.value as PolicyDraft['lowUrgency'] }))}>
              <option value="waking-hours">Only in their waking hours</option>
              <option value="any-time">At any time</option>
            </select>
          )}
        </Field>
      </fieldset>
    </div>
  );
}
