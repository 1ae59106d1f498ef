import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { IncidentDto } from '../../../contracts/incidents';
import type { PersonDto } from '../../../contracts/people';
import { isSafeLinkHref } from '../../../domain/alerts/links';
import { PHASES } from '../../../domain/incident/lifecycle';
import type { Phase } from '../../../domain/incident/lifecycle';
import type { Severity } from '../../../domain/incident/severity';
import { errorMessage, isNotFound } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { ConfirmDialog } from '../../../shared/components/confirm-dialog';
import { Field, inputClass } from '../../../shared/components/field';
import { LoadError, Loading, NotFound } from '../../../shared/components/page-state';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useAcknowledgeIncident } from '../api/acknowledge-incident';
import { useIncident } from '../api/get-incident';
import { useTimeline } from '../api/get-timeline';
import { useResolveIncident } from '../api/resolve-incident';
import { useUpdateIncident } from '../api/update-incident';
import type { UpdateIncidentInput } from '../api/update-incident';
import { PHASE_LABELS, severityLabel } from '../model/labels';
import { PhaseBadge, SeverityBadge, StateBadge } from './badges';
import { CadenceIndicator } from './cadence-indicator';
import { ElapsedSince } from './elapsed-since';
import { NoteComposer } from './note-composer';
import { RoleField } from './role-field';
import { Timeline } from './timeline';
import { TitleEditor } from './title-editor';
import { SeverityOptions } from './severity-options';

const SOURCE_LABELS: Record<IncidentDto['source'], string> = {
  alertmanager: 'Alertmanager',
  pagerduty: 'PagerDuty Events API',
  generic: 'Generic webhook',
  manual: 'Declared by hand',
};

/** Content the app composes in beside the timeline (the runbooks), for the incident as it is now. */
export type IncidentPanel = (incident: IncidentDto) => ReactNode;

/** `canAct` (responders and above) decides whether the page offers actions or only shows. */
export function IncidentView({ id, people, canAct, sidePanel }: { id: string; people: readonly PersonDto[]; canAct: boolean; sidePanel?: IncidentPanel }) {
  const incident = useIncident(id);
  if (incident.isPending) return <Loading label="Loading incident…" />;
  if (incident.isError) {
    if (isNotFound(incident.error)) {
      return (
        <NotFound title="Incident not found">
          There is no incident <span className="font-mono">{id}</span>. It may have been mistyped.
        </NotFound>
      );
    }
    return <LoadError error={incident.error} onRetry={() => void incident.refetch()} />;
  }
  return <IncidentPage incident={incident.data} people={people} canAct={canAct} sidePanel={sidePanel} />;
}

function IncidentPage({ incident, people, canAct, sidePanel }: { incident: IncidentDto; people: readonly PersonDto[]; canAct: boolean; sidePanel: IncidentPanel | undefined }) {
  const timeline = useTimeline(incident.id);
  const acknowledge = useAcknowledgeIncident();
  const resolve = useResolveIncident();
  const update = useUpdateIncident();
  const [confirmResolve, setConfirmResolve] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [statusUpdate, setStatusUpdate] = useState(false);
  const composer = useRef<HTMLTextAreaElement>(null);
  const resolved = incident.state === 'resolved';

  const change = (changes: UpdateIncidentInput['changes'], done?: (error?: unknown) => void) =>
    update.mutate(
      { id: incident.id, changes },
      {
        onSuccess: () => done?.(),
        onError: (error) => {
          if (done) done(error);
          else setActionError(errorMessage(error));
        },
      },
    );

  const runAction = (action: typeof acknowledge | typeof resolve) => {
    setActionError(undefined);
    action.mutate({ id: incident.id }, { onError: (error) => setActionError(errorMessage(error)) });
  };

  const writeStatusUpdate = () => {
    setStatusUpdate(true);
    composer.current?.focus();
  };

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/" className="text-blue-700 underline-offset-2 hover:underline">
          Incidents
        </Link>
        <span aria-hidden="true" className="px-1.5 text-slate-400">
          /
        </span>
        <span className="font-mono text-slate-700">{incident.id}</span>
      </nav>

      <header className="rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm text-slate-600">{incident.id}</span>
          <SeverityBadge severity={incident.severity} />
          <StateBadge state={incident.state} />
          <PhaseBadge phase={incident.phase} />
        </div>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0 flex-1 basis-72">
            <TitleEditor title={incident.title} disabled={resolved || !canAct} onSave={(title, done) => change({ title }, done)} />
            <p className="mt-1 text-sm text-slate-600">
              {incident.serviceName} · triggered <ZonedTime iso={incident.triggeredAt} /> · {resolved ? 'lasted ' : 'open for '}
              <ElapsedSince since={incident.triggeredAt} until={incident.resolvedAt} /> · {SOURCE_LABELS[incident.source]}
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            {canAct && incident.state === 'triggered' ? (
              <Button variant="primary" disabled={acknowledge.isPending} onClick={() => runAction(acknowledge)}>
                {acknowledge.isPending ? 'Acknowledging…' : 'Acknowledge'}
              </Button>
            ) : null}
            {canAct && !resolved ? (
              <Button variant="success" onClick={() => setConfirmResolve(true)}>
                Resolve
              </Button>
            ) : null}
          </div>
        </div>
        {actionError ? (
          <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {actionError}
          </p>
        ) : null}
      </header>

      <div className={`grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem] ${sidePanel ? 'xl:grid-cols-[minmax(0,5fr)_minmax(0,6fr)_18rem]' : ''}`}>
        <div className="min-w-0 space-y-4">
          <CadenceIndicator incident={incident} onWriteUpdate={canAct ? writeStatusUpdate : undefined} />
          {canAct && !resolved ? <NoteComposer incidentId={incident.id} statusUpdate={statusUpdate} onStatusUpdateChange={setStatusUpdate} textareaRef={composer} /> : null}
          <section aria-labelledby="timeline-heading" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="timeline-heading" className="mb-3 text-sm font-semibold tracking-wide text-slate-600 uppercase">
              Timeline <span className="font-normal normal-case">(newest first)</span>
            </h2>
            {timeline.isPending ? (
              <Loading label="Loading timeline…" />
            ) : timeline.isError ? (
              <LoadError error={timeline.error} onRetry={() => void timeline.refetch()} />
            ) : (
              <Timeline events={timeline.data.items} />
            )}
          </section>
        </div>

        {/* On a phone the runbook comes first: it is what the responder works from. */}
        {sidePanel ? <div className="order-first min-w-0 lg:order-none lg:col-start-1 xl:col-start-2 xl:row-start-1">{sidePanel(incident)}</div> : null}

        <aside aria-label="Incident details" className={`space-y-4 ${sidePanel ? 'lg:col-start-2 lg:row-span-2 lg:row-start-1 xl:col-start-3 xl:row-span-1' : ''}`}>
          <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="text-sm font-semibold tracking-wide text-slate-600 uppercase">Details</h2>
            {canAct ? (
              <>
                <Field label="Severity">
                  {(props) => (
                    <select {...props} className={inputClass} value={incident.severity} disabled={update.isPending} onChange={(e) => change({ severity: e.target.value as Severity })}>
                      <SeverityOptions />
                    </select>
                  )}
                </Field>
                <Field label="Phase" hint="What customers are told; separate from acknowledging.">
                  {(props) => (
                    <select {...props} className={inputClass} value={incident.phase} disabled={resolved || update.isPending} onChange={(e) => change({ phase: e.target.value as Phase })}>
                      {PHASES.filter((phase) => phase !== 'resolved' || resolved).map((phase) => (
                        <option key={phase} value={phase}>
                          {PHASE_LABELS[phase]}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <RoleField label="Incident commander" value={incident.commander} people={people} onSave={(commander, done) => change({ commander }, done)} />
                <RoleField label="Scribe" value={incident.scribe} people={people} onSave={(scribe, done) => change({ scribe }, done)} />
              </>
            ) : (
              <ReadOnlyDetails incident={incident} />
            )}
          </section>

          <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <h2 className="text-sm font-semibold tracking-wide text-slate-600 uppercase">Alerts</h2>
            <p className="text-slate-800">
              <span className="text-lg font-semibold tabular-nums">{incident.alertCount}</span> {incident.alertCount === 1 ? 'alert' : 'alerts'}
              {incident.lastAlertAt ? (
                <span className="text-slate-600">
                  {' · last '}
                  <ZonedTime iso={incident.lastAlertAt} />
                </span>
              ) : null}
            </p>
            {incident.dedupKey ? (
              <p className="text-slate-600">
                Dedup key <code className="rounded bg-slate-100 px-1 font-mono text-xs break-all text-slate-800">{incident.dedupKey}</code>
              </p>
            ) : null}
            {incident.links.length > 0 ? (
              <ul className="space-y-1" aria-label="Links">
                {incident.links.map((link) => (
                  <li key={link.href}>
                    {isSafeLinkHref(link.href) ? (
                      <a href={link.href} target="_blank" rel="noreferrer noopener" className="break-all text-blue-700 underline underline-offset-2 hover:text-blue-900">
                        {link.text || link.href}
                      </a>
                    ) : (
                      // Stored before ingestion refused such links: shown as text, never clickable.
                      <span className="break-all text-slate-600">
                        {link.text ? `${link.text}: ` : ''}
                        <code className="font-mono text-xs">{link.href}</code> (not a web link)
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-slate-600">No links were sent with the alerts.</p>
            )}
          </section>

          <section className="space-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700">
            <h2 className="text-sm font-semibold tracking-wide text-slate-600 uppercase">Times</h2>
            <p>
              Triggered <ZonedTime iso={incident.triggeredAt} />
            </p>
            {incident.acknowledgedAt ? (
              <p>
                Acknowledged <ZonedTime iso={incident.acknowledgedAt} />
              </p>
            ) : null}
            {incident.resolvedAt ? (
              <p>
                Resolved <ZonedTime iso={incident.resolvedAt} />
              </p>
            ) : null}
          </section>
        </aside>
      </div>

      {confirmResolve ? (
        <ConfirmDialog
          title={`Resolve ${incident.id}?`}
          description="Paging stops and the incident leaves the dashboard. Post a final status update first if stakeholders are waiting for one."
          confirmLabel="Resolve incident"
          onCancel={() => setConfirmResolve(false)}
          onConfirm={() => {
            setConfirmResolve(false);
            runAction(resolve);
          }}
        />
      ) : null}
    </div>
  );
}

/** What a viewer sees instead of the editing controls: the same facts, as text. */
function ReadOnlyDetails({ incident }: { incident: IncidentDto }) {
  const rows: Array<[string, string]> = [
    ['Severity', severityLabel(incident.severity)],
    ['Phase', PHASE_LABELS[incident.phase]],
    ['Incident commander', incident.commander ?? 'Unassigned'],
    ['Scribe', incident.scribe ?? 'Unassigned'],
  ];
  return (
    <dl className="space-y-2 text-sm">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt className="font-medium text-slate-800">{label}</dt>
          <dd className="text-slate-700">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
