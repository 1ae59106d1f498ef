import { useState } from 'react';
import { COMPONENT_STATUS_LABELS } from '../../../domain/status-page/components';
import { PHASE_LABELS } from '../../../domain/status-page/templates';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useNow } from '../../../shared/hooks/use-now';
import { usePublicIncident } from '../api/public-incident';
import { publicDueText } from '../model/cadence-text';
import { PublishDialog } from './publish-dialog';
import { PublicUpdateForm } from './public-update-form';

/**
 * The incident's public face on the incident page: the offer to publish, or what customers read
 * now with the public cadence's countdown and the form for the next update. `now` defaults to the
 * shared ticking clock.
 */
export function PublicStatusPanel({ incidentId, canAct, now }: { incidentId: string; canAct: boolean; now?: number }) {
  const ticking = useNow();
  const at = now ?? ticking;
  const published = usePublicIncident(incidentId);
  const [publishing, setPublishing] = useState(false);
  const [updating, setUpdating] = useState(false);
  if (published.isPending) return null;

  let body;
  if (published.isError) {
    body = <p className="text-sm text-red-800">Could not look up the status page: {errorMessage(published.error)}</p>;
  } else if (published.data === null) {
    body = (
      <div className="space-y-2 text-sm text-slate-700">
        <p>Customers see nothing about this incident yet.</p>
        {canAct ? (
          <Button variant="primary" size="sm" onClick={() => setPublishing(true)}>
            Publish to status page
          </Button>
        ) : null}
      </div>
    );
  } else {
    const p = published.data;
    const due = publicDueText(p.nextUpdateDueAt, at);
    const updates = [...p.updates].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    body = (
      <div className="space-y-3 text-sm text-slate-800">
        <div>
          <p className="font-semibold text-slate-900">{p.title}</p>
          <p>
            Phase: <strong>{PHASE_LABELS[p.phase]}</strong>
          </p>
          {due ? (
            <p role={due.overdue ? 'alert' : undefined} className={due.overdue ? 'font-semibold text-red-800' : 'text-slate-700'}>
              {due.text}
            </p>
          ) : null}
        </div>
        <ul aria-label="Components on the status page" className="space-y-0.5">
          {p.components.map((c) => (
            <li key={c.componentId}>
              {c.name}: {COMPONENT_STATUS_LABELS[c.status]}
            </li>
          ))}
        </ul>
        {canAct && p.resolvedAt === null ? (
          updating ? (
            <PublicUpdateForm incidentId={incidentId} published={p} onDone={() => setUpdating(false)} />
          ) : (
            <Button size="sm" variant="primary" onClick={() => setUpdating(true)}>
              Post public update
            </Button>
          )
        ) : null}
        <ol aria-label="Public updates, newest first" className="space-y-2 border-l-2 border-slate-200 pl-3">
          {updates.map((u) => (
            <li key={u.id}>
              <p className="text-xs text-slate-600">
                <strong className="text-slate-800">{PHASE_LABELS[u.phase]}</strong> · <ZonedTime iso={u.createdAt} />
                {u.author ? ` · ${u.author}` : ''}
              </p>
              <p className="whitespace-pre-wrap">{u.body}</p>
            </li>
          ))}
        </ol>
        {p.summary ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-md bg-slate-50 p-2">
            {p.summary.rootCause ? (
              <>
                <dt className="font-medium">Root cause</dt>
                <dd>{p.summary.rootCause}</dd>
              </>
            ) : null}
            {p.summary.duration ? (
              <>
                <dt className="font-medium">Duration</dt>
                <dd>{p.summary.duration}</dd>
              </>
            ) : null}
            {p.summary.impact ? (
              <>
                <dt className="font-medium">Impact</dt>
                <dd>{p.summary.impact}</dd>
              </>
            ) : null}
            {p.summary.prevention ? (
              <>
                <dt className="font-medium">Prevention</dt>
                <dd>{p.summary.prevention}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
      </div>
    );
  }

  return (
    <section aria-labelledby="public-status-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-2 flex items-baseline justify-between gap-2">
        <h2 id="public-status-heading" className="text-sm font-semibold tracking-wide text-slate-600 uppercase">
          Status page
        </h2>
        <a href="/status" target="_blank" rel="noreferrer" className="text-sm font-medium text-blue-700 underline underline-offset-2">
          View status page
        </a>
      </div>
      {body}
      {publishing ? <PublishDialog incidentId={incidentId} onClose={() => setPublishing(false)} /> : null}
    </section>
  );
}
