import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { IncidentDto } from '../../../contracts/incidents';
import type { PersonDto } from '../../../contracts/people';
import type { ServiceDto } from '../../../contracts/services';
import { SEVERITIES, isSeverity } from '../../../domain/incident/severity';
import { Button } from '../../../shared/components/button';
import { inputClass } from '../../../shared/components/field';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { incidentsQueryOptions, useIncidents } from '../api/get-incidents';
import { useMoreIncidents } from '../hooks/use-more-incidents';
import { PhaseBadge, SEVERITY_STYLES, SeverityBadge, StateBadge } from './badges';
import { DeclareIncidentDialog } from './declare-incident-dialog';
import { ElapsedSince } from './elapsed-since';

const RESOLVED_FILTER = { state: 'resolved', limit: 50 } as const;
const OPEN_FILTER = { state: 'open' } as const;

type View = 'open' | 'resolved';

/**
 * The commander's home screen. Open incidents are one small list, so it is fetched whole and
 * filtered here: filters answer instantly and the live stream keeps a single cache entry right.
 */
export function IncidentDashboard({
  services,
  people,
  yourName,
  canDeclare,
}: {
  services: readonly ServiceDto[];
  people: readonly PersonDto[];
  yourName: string;
  /** Responders and above; viewers watch. */
  canDeclare: boolean;
}) {
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'resolved' ? 'resolved' : 'open';
  const serviceFilter = params.get('service') ?? '';
  const severityParam = params.get('severity') ?? '';
  const severityFilter = isSeverity(severityParam) ? severityParam : '';
  const stateParam = params.get('state') ?? '';
  const stateFilter = stateParam === 'triggered' || stateParam === 'acknowledged' ? stateParam : '';
  const [declaring, setDeclaring] = useState(false);

  const open = useIncidents(OPEN_FILTER);
  const resolved = useQuery({ ...incidentsQueryOptions(RESOLVED_FILTER), enabled: view === 'resolved' });
  const current = view === 'open' ? open : resolved;
  const more = useMoreIncidents(view === 'open' ? OPEN_FILTER : RESOLVED_FILTER, current.data);

  const setParam = (name: string, value: string) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };

  const rows = useMemo(
    () =>
      [...(current.data?.items ?? []), ...more.items].filter(
        (incident) =>
          (!serviceFilter || incident.serviceId === serviceFilter) &&
          (!severityFilter || incident.severity === severityFilter) &&
          (view === 'resolved' || !stateFilter || incident.state === stateFilter),
      ),
    [current.data, more.items, serviceFilter, severityFilter, stateFilter, view],
  );
  const filtered = Boolean(serviceFilter || severityFilter || (view === 'open' && stateFilter));
  const openCount = open.data?.items.length;
  const triggeredCount = open.data?.items.filter((i) => i.state === 'triggered').length ?? 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">Incidents</h1>
          <p className="text-sm text-slate-600">
            {openCount === undefined ? '\u00a0' : openCount === 0 ? 'Nothing open right now.' : `${openCount} open · ${triggeredCount} waiting for acknowledgement`}
          </p>
        </div>
        {canDeclare ? (
          <Button variant="danger" onClick={() => setDeclaring(true)}>
            Declare incident
          </Button>
        ) : null}
      </div>

      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3">
        <div className="inline-flex rounded-md border border-slate-300 p-0.5" role="group" aria-label="Which incidents">
          {(['open', 'resolved'] as const).map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={view === value}
              onClick={() => setParam('view', value === 'open' ? '' : value)}
              className={`rounded px-3 py-1 text-sm font-medium ${view === value ? 'bg-slate-800 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
            >
              {value === 'open' ? `Open${openCount === undefined ? '' : ` (${openCount})`}` : 'Recently resolved'}
            </button>
          ))}
        </div>
        <FilterSelect label="Service" value={serviceFilter} onChange={(v) => setParam('service', v)} options={services.map((s) => ({ value: s.id, label: s.name }))} />
        <FilterSelect label="Severity" value={severityFilter} onChange={(v) => setParam('severity', v)} options={SEVERITIES.map((s) => ({ value: s, label: s }))} />
        {view === 'open' ? (
          <FilterSelect
            label="State"
            value={stateFilter}
            onChange={(v) => setParam('state', v)}
            options={[
              { value: 'triggered', label: 'Triggered' },
              { value: 'acknowledged', label: 'Acknowledged' },
            ]}
          />
        ) : null}
        {filtered ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() =>
              setParams((previous) => {
                const next = new URLSearchParams(previous);
                for (const name of ['service', 'severity', 'state']) next.delete(name);
                return next;
              })
            }
          >
            Clear filters
          </Button>
        ) : null}
      </div>

      {current.isPending ? (
        <Loading label="Loading incidents…" />
      ) : current.isError ? (
        <LoadError error={current.error} onRetry={() => void current.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState view={view} filtered={filtered} />
      ) : (
        <IncidentList incidents={rows} view={view} />
      )}
      {current.isSuccess && more.hasMore ? (
        <div className="flex flex-col items-center gap-2">
          {more.error ? <LoadError error={more.error} /> : null}
          <Button onClick={() => void more.loadMore()} disabled={more.pending}>
            {more.pending ? 'Loading…' : view === 'open' ? 'Load more open incidents' : 'Load more resolved incidents'}
          </Button>
        </div>
      ) : null}

      {declaring && canDeclare ? <DeclareIncidentDialog services={services} people={people} yourName={yourName} onClose={() => setDeclaring(false)} /> : null}
    </div>
  );
}

function FilterSelect({ label, value, onChange, options }: { label: string; value: string; onChange: (value: string) => void; options: ReadonlyArray<{ value: string; label: string }> }) {
  const id = `filter-${label.toLowerCase()}`;
  return (
    <div className="min-w-0 flex-1 basis-32 sm:flex-none sm:basis-auto">
      <label htmlFor={id} className="mb-0.5 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={`${inputClass} sm:w-44`}>
        <option value="">All</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function EmptyState({ view, filtered }: { view: View; filtered: boolean }) {
  if (filtered) return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">No incidents match these filters.</p>;
  if (view === 'resolved') return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">No resolved incidents yet.</p>;
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-6 py-12 text-center">
      <p aria-hidden="true" className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-green-100 text-lg text-green-700">
        ✓
      </p>
      <h2 className="text-lg font-semibold text-slate-900">All quiet</h2>
      <p className="mt-1 text-sm text-slate-600">No open incidents. New ones appear here the moment monitoring sends them.</p>
    </div>
  );
}

/** "Quick fix 2/4" while a section is being worked through, else "Runbook 5/9". */
function runbookProgressText(progress: NonNullable<IncidentDto['runbookProgress']>['progress']): string {
  return progress.section ? `${progress.section.title} ${progress.section.done}/${progress.section.total}` : `Runbook ${progress.done}/${progress.total}`;
}

const COLUMNS = 'md:grid md:grid-cols-[3rem_minmax(0,1fr)_7.5rem_7rem_9rem_3.5rem_6rem_9rem] md:items-center md:gap-3';

function IncidentList({ incidents, view }: { incidents: IncidentDto[]; view: View }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <div aria-hidden="true" className={`hidden border-b border-l-4 border-slate-200 border-l-transparent bg-slate-50 px-3 py-2 text-xs font-semibold tracking-wide text-slate-600 uppercase ${COLUMNS}`}>
        <span>Sev</span>
        <span>Incident</span>
        <span>State</span>
        <span>Phase</span>
        <span>Service</span>
        <span className="text-right">Alerts</span>
        <span>{view === 'open' ? 'Open for' : 'Lasted'}</span>
        <span>Commander</span>
      </div>
      <ol aria-label={view === 'open' ? 'Open incidents' : 'Recently resolved incidents'} className="divide-y divide-slate-200">
        {incidents.map((incident) => (
          <IncidentRow key={incident.id} incident={incident} view={view} />
        ))}
      </ol>
    </div>
  );
}

function IncidentRow({ incident, view }: { incident: IncidentDto; view: View }) {
  return (
    <li className={`border-l-4 px-3 py-2.5 hover:bg-slate-50 ${SEVERITY_STYLES[incident.severity].edge} ${COLUMNS}`}>
      <div className="flex items-center gap-2 md:block">
        <SeverityBadge severity={incident.severity} />
        <span className="font-mono text-xs text-slate-600 md:hidden">{incident.id}</span>
        <span className="ml-auto text-xs text-slate-600 md:hidden">
          {view === 'open' ? 'open ' : 'lasted '}
          <ElapsedSince since={incident.triggeredAt} until={incident.resolvedAt} />
        </span>
      </div>
      <div className="mt-1 min-w-0 md:mt-0">
        <Link to={`/incidents/${incident.id}`} className="block font-medium break-words text-slate-900 hover:text-blue-800 hover:underline md:truncate">
          {incident.title}
        </Link>
        {incident.runbookProgress ? (
          <span className="block text-xs font-medium text-slate-700">
            <span aria-hidden="true">☑ </span>
            <span className="sr-only">Runbook progress: </span>
            {runbookProgressText(incident.runbookProgress.progress)}
          </span>
        ) : null}
        <span className="hidden font-mono text-xs text-slate-600 md:block">
          {incident.id}
          {view === 'resolved' && incident.resolvedAt ? (
            <>
              {' · resolved '}
              <ZonedTime iso={incident.resolvedAt} />
            </>
          ) : null}
        </span>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700 md:contents">
        <span>
          <StateBadge state={incident.state} />
        </span>
        <span>
          <PhaseBadge phase={incident.phase} />
        </span>
        <span className="truncate">
          <span className="sr-only">Service: </span>
          {incident.serviceName}
        </span>
        <span className="tabular-nums md:text-right">
          {incident.alertCount}
          <span className="md:sr-only"> {incident.alertCount === 1 ? 'alert' : 'alerts'}</span>
        </span>
        <span className="hidden text-slate-700 md:inline">
          <ElapsedSince since={incident.triggeredAt} until={incident.resolvedAt} />
        </span>
        <span className="truncate">
          {incident.commander ? (
            <>
              <span className="md:sr-only">IC </span>
              {incident.commander}
            </>
          ) : (
            <span className="text-slate-500">No commander</span>
          )}
        </span>
      </div>
    </li>
  );
}
