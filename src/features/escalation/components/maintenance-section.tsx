import { useState } from 'react';
import type { FormEvent } from 'react';
import type { MaintenanceWindowDto } from '../../../contracts/escalation';
import { HOUR_MS } from '../../../domain/time/instant';
import { instantOfLocalText, zonedDateTime } from '../../../domain/time/zoned';
import { errorMessage, fieldProblems } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useNow } from '../../../shared/hooks/use-now';
import { useEndMaintenance, useStartMaintenance } from '../api/maintenance-windows';

/** A window that has not ended (early or on time) and has begun. */
export function isActiveWindow(window: MaintenanceWindowDto, now: number): boolean {
  return window.endedEarlyAt === null && Date.parse(window.start) <= now && now < Date.parse(window.end);
}

const isUpcoming = (window: MaintenanceWindowDto, now: number) => window.endedEarlyAt === null && Date.parse(window.start) > now;

/** Shown at the top of the page while a window holds pages. */
export function MaintenanceBanner({ windows, zone }: { windows: readonly MaintenanceWindowDto[]; zone: string }) {
  // The clock ticks, so a window that ends (or one just started) changes the banner without a reload.
  const now = useNow();
  const active = windows.filter((w) => isActiveWindow(w, now)).sort((a, b) => Date.parse(b.end) - Date.parse(a.end))[0];
  if (!active) return null;
  return (
    <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm font-medium text-amber-950">
      Maintenance: pages are held until <ZonedTime iso={active.end} zone={zone} />. Alerts still open incidents, marked as in maintenance.
      {active.reason ? ` (${active.reason})` : ''}
    </p>
  );
}

function StartForm({ serviceId, zone, now, onDone }: { serviceId: string; zone: string; now: number; onDone: () => void }) {
  const [until, setUntil] = useState(() => {
    const { date, time } = zonedDateTime(zone, now + HOUR_MS);
    return `${date}T${time}`;
  });
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const start = useStartMaintenance();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [date, time] = until.split('T');
    let end: number | undefined;
    try {
      end = date && time ? instantOfLocalText(zone, date, time.slice(0, 5)) : undefined;
    } catch {
      end = undefined;
    }
    if (end === undefined) return setErrors({ end: 'must be a date and time' });
    if (end <= now) return setErrors({ end: 'must be in the future' });
    setErrors({});
    setFormError(undefined);
    start.mutate(
      { serviceId, end: new Date(end).toISOString(), reason: reason.trim() },
      {
        onSuccess: onDone,
        onError: (error) => {
          setErrors(fieldProblems(error));
          setFormError(errorMessage(error));
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="mt-2 flex flex-wrap items-end gap-3">
      <Field label={`Hold pages until (${zone})`} error={errors['end']}>
        {(props) => <input {...props} type="datetime-local" className={inputClass} value={until} onChange={(e) => setUntil(e.target.value)} />}
      </Field>
      <Field label="Reason" error={errors['reason']} className="min-w-48 flex-1">
        {(props) => <input {...props} className={inputClass} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={start.isPending}>
          Start maintenance
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
      <div className="basis-full">
        <FormError message={formError && Object.keys(errors).length === 0 ? formError : undefined} />
      </div>
    </form>
  );
}

/** Current and upcoming windows; editors start one or end one now. */
export function MaintenanceSection({ serviceId, windows, canEdit, zone }: { serviceId: string; windows: readonly MaintenanceWindowDto[]; canEdit: boolean; zone: string }) {
  const now = useNow();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string>();
  const end = useEndMaintenance();
  const shown = windows.filter((w) => isActiveWindow(w, now) || isUpcoming(w, now)).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return (
    <section aria-labelledby="maintenance-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="maintenance-heading" className="text-base font-semibold text-slate-900">
          Maintenance windows
        </h2>
        {canEdit && !starting ? (
          <Button size="sm" onClick={() => setStarting(true)}>
            Start maintenance
          </Button>
        ) : null}
      </div>
      <p className="text-sm text-slate-600">During a window alerts still open incidents, but nobody is paged.</p>
      {starting ? <StartForm serviceId={serviceId} zone={zone} now={now} onDone={() => setStarting(false)} /> : null}
      <FormError message={error} />
      {shown.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No current or upcoming window.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {shown.map((w) => (
            <li key={w.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span>
                <span className="font-medium text-slate-900">{isActiveWindow(w, now) ? 'Now' : 'Upcoming'}</span>: <ZonedTime iso={w.start} zone={zone} /> – <ZonedTime iso={w.end} zone={zone} />
                {w.reason ? <span className="text-slate-700"> · {w.reason}</span> : null}
              </span>
              {canEdit ? (
                <Button
                  size="sm"
                  variant="dangerGhost"
                  disabled={end.isPending}
                  aria-label={`End maintenance now${w.reason ? ` (${w.reason})` : ''}`}
                  onClick={() => end.mutate({ serviceId, windowId: w.id }, { onSuccess: () => setError(undefined), onError: (e) => setError(errorMessage(e)) })}
                >
                  End now
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
