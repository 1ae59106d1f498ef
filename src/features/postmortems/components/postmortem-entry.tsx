import { Link, useNavigate } from 'react-router-dom';
import type { IncidentDto } from '../../../contracts/incidents';
import { postmortemDueAt } from '../../../domain/postmortem/model';
import { epochMs } from '../../../domain/time/instant';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useNow } from '../../../shared/hooks/use-now';
import { useIncidentPostmortem, useStartPostmortem } from '../api/incident-postmortem';
import { POSTMORTEM_STATUS_LABELS, countdownText } from './postmortem-entry-countdown';

/**
 * The way from an incident to its post-mortem. A resolved incident without one offers to start it
 * with the 48-hour countdown (the offer appears as soon as the resolution arrives, since the
 * incident given here is the live one); an open incident lets a responder start one early; once
 * one exists, a link with its status and either the countdown or "published". `now` defaults to
 * the shared ticking clock.
 */
export function PostmortemEntry({ incident, canAct, now }: { incident: IncidentDto; canAct: boolean; now?: number }) {
  const ticking = useNow();
  const at = now ?? ticking;
  const postmortem = useIncidentPostmortem(incident.id);
  const start = useStartPostmortem();
  const navigate = useNavigate();
  if (postmortem.isPending) return null;
  const resolved = incident.state === 'resolved';
  const dueAt = postmortemDueAt(incident.resolvedAt === null ? null : epochMs(Date.parse(incident.resolvedAt)));

  const startButton = (
    <Button
      variant={resolved ? 'primary' : 'secondary'}
      size={resolved ? 'md' : 'sm'}
      disabled={start.isPending}
      onClick={() => start.mutate({ incidentId: incident.id }, { onSuccess: (created) => void navigate(`/postmortems/${encodeURIComponent(created.id)}`) })}
    >
      {start.isPending ? 'Starting…' : 'Start the post-mortem'}
    </Button>
  );

  let body;
  if (postmortem.isError) {
    body = <p className="text-sm text-red-800">Could not look up the post-mortem: {errorMessage(postmortem.error)}</p>;
  } else if (postmortem.data) {
    const pm = postmortem.data;
    const pmDue = pm.dueAt === null ? null : Date.parse(pm.dueAt);
    body = (
      <p className="text-sm text-slate-800">
        <Link to={`/postmortems/${encodeURIComponent(pm.id)}`} className="font-medium text-blue-700 underline underline-offset-2">
          {pm.title}
        </Link>{' '}
        · {POSTMORTEM_STATUS_LABELS[pm.status]}
        {pm.status === 'published' ? (
          pm.publishedAt ? (
            <>
              {' '}
              on <ZonedTime iso={pm.publishedAt} />
            </>
          ) : null
        ) : pmDue !== null ? (
          <span className={pmDue <= at ? 'font-semibold text-red-800' : ''}> · {countdownText(pmDue, at)}</span>
        ) : null}
      </p>
    );
  } else if (resolved) {
    body = (
      <div className="space-y-2 text-sm text-slate-800">
        <p>
          Resolved — write the post-mortem while the details are fresh:{' '}
          {dueAt !== null ? <strong className={dueAt <= at ? 'text-red-800' : ''}>{countdownText(dueAt, at)}</strong> : null}.
        </p>
        {canAct ? startButton : <p className="text-slate-600">A responder can start it.</p>}
      </div>
    );
  } else if (canAct) {
    body = (
      <div className="space-y-2 text-sm text-slate-700">
        <p>It will be due 48 hours after the incident resolves; you can start it now.</p>
        {startButton}
      </div>
    );
  } else {
    return null;
  }

  return (
    <section aria-labelledby="postmortem-entry-heading" className={`rounded-lg border p-4 ${resolved && !postmortem.data ? 'border-blue-300 bg-blue-50' : 'border-slate-200 bg-white'}`}>
      <h2 id="postmortem-entry-heading" className="mb-2 text-sm font-semibold tracking-wide text-slate-600 uppercase">
        Post-mortem
      </h2>
      {body}
      {start.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {errorMessage(start.error)}
        </p>
      ) : null}
    </section>
  );
}
