import { useState } from 'react';
import type { FormEvent } from 'react';
import { localDateProblem, overrideProblems, timeOfDayProblem } from '../../../domain/schedule/rules';
import { instantOfLocalText, zonedDateTime } from '../../../domain/time/zoned';
import type { EpochMs } from '../../../domain/time/instant';
import { Button } from '../../../shared/components/button';
import { Dialog } from '../../../shared/components/dialog';
import { Field, inputClass } from '../../../shared/components/field';
import type { Person } from '../model/calendar-lanes';

export type OverrideDraft = { overrideId?: string; userId: string; start: EpochMs; end: EpochMs };

type Props = {
  draft: OverrideDraft;
  /** Who may be put on call by the signed-in person (the roster). */
  people: readonly Person[];
  /** The viewer's zone: the date and time fields are read and written on its clock. */
  zone: string;
  busy: boolean;
  onSave: (draft: OverrideDraft) => void;
  onDelete?: (() => void) | undefined;
  onClose: () => void;
};

/**
 * The keyboard (and precise) way to do what a drag does: the same override, typed as local date
 * and time in the viewer's zone and converted to instants with the domain's wall-clock rules
 * (a time inside a spring-forward gap means the first instant after it).
 */
export function OverrideDialog({ draft, people, zone, busy, onSave, onDelete, onClose }: Props) {
  const startLocal = zonedDateTime(zone, draft.start);
  const endLocal = zonedDateTime(zone, draft.end);
  const [userId, setUserId] = useState(draft.userId || people[0]?.id || '');
  const [startDate, setStartDate] = useState(startLocal.date);
  const [startTime, setStartTime] = useState(startLocal.time);
  const [endDate, setEndDate] = useState(endLocal.date);
  const [endTime, setEndTime] = useState(endLocal.time);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!userId) found['userId'] = 'Choose who is on call.';
    // The schedule rules the server applies to overrides, in its words.
    const check = (field: string, problem: string | undefined) => {
      if (problem !== undefined) found[field] ??= problem;
    };
    check('startDate', localDateProblem(startDate));
    check('startTime', timeOfDayProblem(startTime));
    check('endDate', localDateProblem(endDate));
    check('endTime', timeOfDayProblem(endTime));
    if (Object.keys(found).length === 0) {
      const start = instantOfLocalText(zone, startDate, startTime);
      const end = instantOfLocalText(zone, endDate, endTime);
      for (const problem of overrideProblems(start, end)) check(problem.field === 'start' ? 'startDate' : 'endTime', problem.message);
      if (Object.keys(found).length === 0) {
        setErrors({});
        onSave({ ...(draft.overrideId ? { overrideId: draft.overrideId } : {}), userId, start, end });
        return;
      }
    }
    setErrors(found);
  };

  return (
    <Dialog title={draft.overrideId ? 'Edit override' : 'Override'} description={`Times are in ${zone}.`} onClose={onClose}>
      <form onSubmit={submit} noValidate className="space-y-3">
        <Field label="Person on call" error={errors['userId']}>
          {(props) => (
            <select {...props} data-autofocus className={inputClass} value={userId} onChange={(e) => setUserId(e.target.value)}>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Start date" error={errors['startDate']}>
            {(props) => <input {...props} type="date" className={inputClass} value={startDate} onChange={(e) => setStartDate(e.target.value)} />}
          </Field>
          <Field label="Start time" error={errors['startTime']}>
            {(props) => <input {...props} type="time" step={900} className={inputClass} value={startTime} onChange={(e) => setStartTime(e.target.value)} />}
          </Field>
          <Field label="End date" error={errors['endDate']}>
            {(props) => <input {...props} type="date" className={inputClass} value={endDate} onChange={(e) => setEndDate(e.target.value)} />}
          </Field>
          <Field label="End time" error={errors['endTime']}>
            {(props) => <input {...props} type="time" step={900} className={inputClass} value={endTime} onChange={(e) => setEndTime(e.target.value)} />}
          </Field>
        </div>
        <div className="flex flex-wrap justify-between gap-2 pt-2">
          {onDelete ? (
            <Button variant="dangerGhost" onClick={onDelete} disabled={busy}>
              Delete override
            </Button>
          ) : (
            <span />
          )}
          <div className="flex gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={busy}>
              {draft.overrideId ? 'Save override' : 'Create override'}
            </Button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
