import { Link } from 'react-router-dom';
import type { AckLinkDto } from '../../../contracts/escalation';
import { ApiRequestError, errorMessage, isNotFound } from '../../../lib/api-client';
import { useSession } from '../../../lib/session';
import { AuthCard } from '../../../shared/components/auth-card';
import { buttonClass } from '../../../shared/components/button';
import { FormError } from '../../../shared/components/field';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useAckLink, useAcknowledgeByLink } from '../api/ack-link';

const STATE_WORDS: Record<AckLinkDto['incident']['state'], string> = { triggered: 'Triggered', acknowledged: 'Acknowledged', resolved: 'Resolved' };
const linkClass = 'font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900';

/**
 * Where the one-click acknowledge link of an e-mail or SMS lands, with or without a session. Opening
 * it only shows the incident: the acknowledgement is the button, because mail scanners follow links.
 */
export function AckLinkPage({ token }: { token: string }) {
  const link = useAckLink(token);
  const acknowledge = useAcknowledgeByLink(token);
  if (link.isPending) return <Loading label="Checking the link…" />;
  if (link.isError) {
    return (
      <AuthCard title={isNotFound(link.error) ? 'This acknowledge link does not work' : 'Could not check the link'}>
        {isNotFound(link.error) ? (
          <p className="text-sm text-slate-700">It may be mistyped or cut short by the mail program. Open Firewatch to acknowledge the incident there.</p>
        ) : (
          <LoadError error={link.error} onRetry={() => void link.refetch()} />
        )}
        <OpenIncident incidentId={null} />
      </AuthCard>
    );
  }
  const { incident } = link.data;

  if (link.data.state === 'valid') {
    // A 410 refetches the link, which then shows as used or expired; anything else is said here.
    const failure = acknowledge.error && !(acknowledge.error instanceof ApiRequestError && acknowledge.error.status === 410) ? errorMessage(acknowledge.error) : undefined;
    return (
      <AuthCard title={`You are paged: ${incident.id}`} description={`Sent to ${link.data.recipient}.`}>
        <IncidentSummary link={link.data} />
        <FormError message={failure && `Not acknowledged: ${failure}`} />
        <button type="button" className={`${buttonClass('danger')} mt-4 w-full py-3 text-base`} disabled={acknowledge.isPending} onClick={() => acknowledge.mutate()}>
          {acknowledge.isPending ? 'Acknowledging…' : `Acknowledge ${incident.id}`}
        </button>
        <p className="mt-2 text-xs text-slate-600">Acknowledging stops the escalation: nobody else is paged for this incident.</p>
        <OpenIncident incidentId={incident.id} />
      </AuthCard>
    );
  }

  if (link.data.state === 'used') {
    const here = acknowledge.isSuccess;
    return (
      <AuthCard title={here ? 'Acknowledged — you can close this page' : 'This link was already used'}>
        {!here && link.data.usedAt ? (
          <p className="mb-3 text-sm text-slate-700">
            This link was already used at <ZonedTime iso={link.data.usedAt} />.
          </p>
        ) : null}
        <IncidentSummary link={link.data} />
        <OpenIncident incidentId={incident.id} />
      </AuthCard>
    );
  }

  return (
    <AuthCard title="This link has expired">
      <p className="mb-3 text-sm text-slate-700">Acknowledge links work for a limited time. If the incident still needs you, acknowledge it in Firewatch.</p>
      <IncidentSummary link={link.data} />
      <OpenIncident incidentId={incident.id} />
    </AuthCard>
  );
}

function IncidentSummary({ link }: { link: AckLinkDto }) {
  const { incident } = link;
  return (
    <section aria-label="Incident" className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <p className="text-sm font-medium text-slate-700">
        {incident.severity} · {incident.id} · {incident.service}
      </p>
      <p className="mt-1 text-base font-semibold text-slate-900">{incident.title}</p>
      <p className="mt-1 text-sm text-slate-700">Now: {STATE_WORDS[incident.state]}</p>
    </section>
  );
}

/** The incident page needs a session: a signed-in person gets the link, anyone else the way to sign in. */
function OpenIncident({ incidentId }: { incidentId: string | null }) {
  const signedIn = Boolean(useSession().data);
  const target = incidentId === null ? '/' : `/incidents/${encodeURIComponent(incidentId)}`;
  return (
    <p className="mt-4 text-sm">
      {signedIn ? (
        <Link to={target} className={linkClass}>
          {incidentId === null ? 'Open Firewatch' : `Open ${incidentId} in Firewatch`}
        </Link>
      ) : (
        <Link to={`/sign-in?next=${encodeURIComponent(target)}`} className={linkClass}>
          Sign in to Firewatch
        </Link>
      )}
    </p>
  );
}
