import { Link } from 'react-router-dom';
import type { RunbookSummaryDto } from '../../../contracts/runbooks';
import { buttonClass } from '../../../shared/components/button';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { useRunbooks } from '../api/get-runbooks';
import { ownerText, recordText, scoreText } from '../model/labels';
import { ReviewStatus } from './review-status';

/**
 * Every runbook with what tells a reader whether to trust it: its lint score, whether its review
 * is overdue, and how it has served ("used 4 times, helped 3").
 */
export function RunbookLibrary({ serviceNames, canCreate }: { serviceNames: ReadonlyMap<string, string>; canCreate: boolean }) {
  const runbooks = useRunbooks();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">Runbooks</h1>
          <p className="text-sm text-slate-600">One page each: what to do when something breaks. The incident page opens the one that matches.</p>
        </div>
        {canCreate ? (
          <Link to="/runbooks/new" className={buttonClass('primary')}>
            New runbook
          </Link>
        ) : null}
      </div>
      {runbooks.isPending ? (
        <Loading label="Loading runbooks…" />
      ) : runbooks.isError ? (
        <LoadError error={runbooks.error} onRetry={() => void runbooks.refetch()} />
      ) : runbooks.data.items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
          <h2 className="text-lg font-semibold text-slate-900">No runbooks yet</h2>
          <p className="mx-auto mt-1 max-w-prose text-sm text-slate-600">
            {canCreate
              ? 'Choose “New runbook”, give it the services and alert selectors it is for, and write the steps under Symptoms, Diagnosis, Quick fix, Escalation, Verification and Post-incident. It then opens on every matching incident.'
              : 'A manager of a team (or an admin) writes runbooks with “New runbook” on this page; once written, each opens on the incidents it matches.'}
          </p>
        </div>
      ) : (
        <RunbookList runbooks={runbooks.data.items} serviceNames={serviceNames} />
      )}
    </div>
  );
}

const COLUMNS = 'md:grid md:grid-cols-[minmax(0,2fr)_minmax(0,1.2fr)_minmax(0,1fr)_8rem_minmax(0,1.3fr)_minmax(0,1.2fr)] md:items-center md:gap-3';

function RunbookList({ runbooks, serviceNames }: { runbooks: readonly RunbookSummaryDto[]; serviceNames: ReadonlyMap<string, string> }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <div aria-hidden="true" className={`hidden border-b border-slate-200 bg-slate-50 px-3 py-2 text-xs font-semibold tracking-wide text-slate-600 uppercase ${COLUMNS}`}>
        <span>Runbook</span>
        <span>Services</span>
        <span>Owner</span>
        <span>Lint</span>
        <span>Review</span>
        <span>Record</span>
      </div>
      <ul aria-label="Runbooks" className="divide-y divide-slate-200">
        {runbooks.map((runbook) => (
          <li key={runbook.id} className={`px-3 py-3 ${COLUMNS}`}>
            <div className="min-w-0">
              <Link to={`/runbooks/${encodeURIComponent(runbook.id)}`} className="font-medium break-words text-slate-900 hover:text-blue-800 hover:underline">
                {runbook.title}
              </Link>
            </div>
            <div className="mt-1 text-sm text-slate-700 md:mt-0">
              <span className="md:sr-only">Services: </span>
              {runbook.serviceIds.length === 0 ? 'No service' : runbook.serviceIds.map((id) => serviceNames.get(id) ?? id).join(', ')}
            </div>
            <div className="text-sm text-slate-700">
              <span className="md:sr-only">Owner: </span>
              {ownerText(runbook)}
            </div>
            <div className="text-sm text-slate-700">
              <span className="md:sr-only">Lint score </span>
              <span className={runbook.findingCount === 0 ? 'text-green-800' : 'text-slate-800'}>{scoreText(runbook.lintScore, runbook.findingCount)}</span>
            </div>
            <div className="mt-1 md:mt-0">
              <ReviewStatus runbook={runbook} />
            </div>
            <div className="text-sm text-slate-700">
              <span className="md:sr-only">Record: </span>
              {recordText(runbook.record)}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
