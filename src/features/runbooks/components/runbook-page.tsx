import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { RunbookDto } from '../../../contracts/runbooks';
import { errorMessage, isNotFound } from '../../../lib/api-client';
import { Button, buttonClass } from '../../../shared/components/button';
import { LoadError, Loading, NotFound } from '../../../shared/components/page-state';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useRunbook } from '../api/get-runbooks';
import { useMarkReviewed } from '../api/save-runbook';
import { ownerText, recordText, scoreText } from '../model/labels';
import { LazyRunbookViewer } from './lazy-viewer';
import { LintList } from './lint-list';

/** One runbook: its facts, whether its review is overdue, and the text as responders see it. */
export function RunbookPage({ id, serviceNames }: { id: string; serviceNames: ReadonlyMap<string, string> }) {
  const runbook = useRunbook(id);
  if (runbook.isPending) return <Loading label="Loading the runbook…" />;
  if (runbook.isError) {
    if (isNotFound(runbook.error)) return <NotFound title="No such runbook">It may have been deleted, or the link is wrong.</NotFound>;
    return <LoadError error={runbook.error} onRetry={() => void runbook.refetch()} />;
  }
  return <RunbookDetails runbook={runbook.data} serviceNames={serviceNames} />;
}

function RunbookDetails({ runbook, serviceNames }: { runbook: RunbookDto; serviceNames: ReadonlyMap<string, string> }) {
  const review = useMarkReviewed();
  const base = `/runbooks/${encodeURIComponent(runbook.id)}`;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm print:hidden">
        <Link to="/runbooks" className="text-blue-700 underline-offset-2 hover:underline">
          Runbooks
        </Link>
        <span aria-hidden="true" className="px-1.5 text-slate-400">
          /
        </span>
        <span className="text-slate-700">{runbook.title}</span>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold break-words text-slate-900">{runbook.title}</h1>
          <p className="text-sm text-slate-600">
            Version {runbook.version} · changed <ZonedTime iso={runbook.updatedAt} />
            {runbook.updatedBy ? ` by ${runbook.updatedBy.name}` : ''}
          </p>
        </div>
        <div className="flex flex-wrap gap-2 print:hidden">
          {runbook.canEdit ? (
            <>
              <Button onClick={() => review.mutate(runbook.id)} disabled={review.isPending}>
                {review.isPending ? 'Marking…' : 'Mark reviewed'}
              </Button>
              <Link to={`${base}/edit`} className={buttonClass('primary')}>
                Edit
              </Link>
            </>
          ) : null}
          <Link to={`${base}/history`} className={buttonClass()}>
            History
          </Link>
        </div>
      </header>
      {review.isError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Not marked reviewed: {errorMessage(review.error)}
        </p>
      ) : null}
      {review.isSuccess ? (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          Marked reviewed; the next review is due <ZonedTime iso={runbook.reviewDueAt} />.
        </p>
      ) : null}
      {runbook.reviewOverdue ? (
        <div role="note" className="rounded-lg border border-amber-400 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          <p className="font-semibold">
            <span aria-hidden="true">⚠ </span>Review overdue since <ZonedTime iso={runbook.reviewDueAt} />
          </p>
          <p>A stale runbook misleads at 2 AM. Check that every command and link still works, then mark it reviewed.</p>
        </div>
      ) : null}

      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_18rem] print:block">
        <div className="min-w-0 rounded-lg border border-slate-200 bg-white p-4">
          <LazyRunbookViewer body={runbook.body} label={runbook.title} />
        </div>
        <aside aria-label="About this runbook" className="space-y-4 print:hidden">
          <dl className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <Fact term="Owner">{ownerText(runbook)}</Fact>
            <Fact term="Services">{runbook.serviceIds.length === 0 ? 'None' : runbook.serviceIds.map((s) => serviceNames.get(s) ?? s).join(', ')}</Fact>
            <Fact term="Alert selectors">
              {runbook.selectors.length === 0 ? (
                'None: matched by service only'
              ) : (
                <ul className="space-y-1">
                  {runbook.selectors.map((selector) => (
                    <li key={selector}>
                      <code className="rounded bg-slate-100 px-1 font-mono text-xs break-all">{selector}</code>
                    </li>
                  ))}
                </ul>
              )}
            </Fact>
            <Fact term="Last reviewed">
              {runbook.lastReviewedAt ? (
                <>
                  <ZonedTime iso={runbook.lastReviewedAt} />
                  {runbook.lastReviewedBy ? ` by ${runbook.lastReviewedBy.name}` : ''}
                </>
              ) : (
                'Never'
              )}
            </Fact>
            <Fact term="Next review due">
              <ZonedTime iso={runbook.reviewDueAt} /> {runbook.reviewOverdue ? <strong>(overdue)</strong> : null} · every {runbook.reviewIntervalDays} days
            </Fact>
            <Fact term="Record">{recordText(runbook.record)}</Fact>
            <Fact term="Lint">{scoreText(runbook.lintScore, runbook.findingCount)}</Fact>
          </dl>
          {runbook.findings.length > 0 ? <LintList findings={runbook.findings} /> : null}
        </aside>
      </div>
    </div>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="font-medium text-slate-800">{term}</dt>
      <dd className="text-slate-700">{children}</dd>
    </div>
  );
}
