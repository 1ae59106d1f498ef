import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Button } from '../../../shared/components/button';
import { inputClass } from '../../../shared/components/field';
import { TimeZoneInput } from '../../../shared/components/time-zone-input';
import { validateTimeZone } from '../../../shared/validation';

/**
 * Which clock the calendar is read on: the viewer's own zone, the schedule's (where its rules
 * live), or any IANA zone typed in (say, a teammate's). Only display changes; rules never do.
 */
export function ZonePicker({ zone, myZone, scheduleZone, onChange }: { zone: string; myZone: string; scheduleZone: string; onChange: (zone: string) => void }) {
  const selectId = useId();
  const otherId = useId();
  const errorId = useId();
  const preset = zone === myZone ? 'mine' : zone === scheduleZone ? 'schedule' : 'other';
  const [choosingOther, setChoosingOther] = useState(preset === 'other');
  const [typed, setTyped] = useState(preset === 'other' ? zone : '');
  const [error, setError] = useState<string>();

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const problem = validateTimeZone(typed);
    setError(problem);
    if (!problem) onChange(typed.trim());
  };

  return (
    <div className="flex flex-wrap items-end gap-2">
      <div>
        <label htmlFor={selectId} className="mb-1 block text-xs font-medium text-slate-700">
          Show times in
        </label>
        <select
          id={selectId}
          className={`${inputClass} w-auto`}
          value={choosingOther ? 'other' : preset}
          onChange={(event) => {
            const value = event.target.value;
            setChoosingOther(value === 'other');
            setError(undefined);
            if (value === 'mine') onChange(myZone);
            if (value === 'schedule') onChange(scheduleZone);
          }}
        >
          <option value="mine">My zone ({myZone})</option>
          <option value="schedule">Schedule's zone ({scheduleZone})</option>
          <option value="other">Another zone…</option>
        </select>
      </div>
      {choosingOther ? (
        <form onSubmit={apply} noValidate className="flex items-end gap-2">
          <div>
            <label htmlFor={otherId} className="mb-1 block text-xs font-medium text-slate-700">
              Time zone
            </label>
            <TimeZoneInput id={otherId} value={typed} onChange={(e) => setTyped(e.target.value)} aria-invalid={Boolean(error)} aria-describedby={error ? errorId : undefined} className="w-52" />
          </div>
          <Button type="submit">Show</Button>
          {error ? (
            <p id={errorId} className="basis-full text-sm text-red-700">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
