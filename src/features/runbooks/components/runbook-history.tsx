import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { RunbookDto } from '../../../contracts/runbooks';
import { diffLines } from '../../../domain/runbook/diff';
import { errorMessage, isNotFound } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { ConfirmDialog } from '../../../shared/components/confirm-dialog';
import { inputClass } from '../../../shared/components/field';
import { LoadError, Loading, NotFound } from '../../../shared/components/page-state';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useRunbook } from '../api/get-runbooks';
import type { RunbookVersionSummaryDto } from '../api/runbook-history';
import { useRestoreRunbook, useVersion, useVersions } from '../api/runbook-history';
import { staleRunbook } from '../api/save-runbook';
import { DiffTable } from '../../../shared/components/diff-table';

/** Every saved version, a line diff between any two, and restoring an older one as a new version. */
export function RunbookHistory({ id }: { id: string }) {
  const runbook = useRunbook(id);
  const versions = useVersions(id);
  if (runbook.isPending || versions.isPending) return <Loading label="Loading the history…" />;
  if (runbook.isError) return isNotFound(runbook.error) ? <NotFound title="No such runbook" /> : <LoadError error={runbook.error} onRetry={() => void runbook.refetch()} />;
  if (versions.isError) return <LoadError error={versions.error} onRetry={() => void versions.refetch()} />;
  return <History runbook={runbook.data} versions={versions.data.items} />;
}

function History({ runbook, versions }: { runbook: RunbookDto; versions: readonly RunbookVersionSummaryDto[] }) {
  const newest = [...versions].sort((a, b) => b.version - a.version);
  const [older, setOlder] = useState<number | null>(newest[1]?.version ?? newest[0]?.version ?? null);
  const [newer, setNewer] = useState<number | null>(newest[0]?.version ?? null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'done' | 'error'; text: string }>();
  const restore = useRestoreRunbook();
  const base = `/runbooks/${encodeURIComponent(runbook.id)}`;

  const confirmRestore = (fromVersion: number) => {
    setRestoring(null);
    setMessage(undefined);
    restore.mutate(
      { id: runbook.id, fromVersion, version: runbook.version },
      {
        onSuccess: (stored) => {
          setMessage({ kind: 'done', text: `Version ${fromVersion} restored as version ${stored.version}.` });
          setNewer(stored.version);
        },
        onError: (error) => {
          const stale = staleRunbook(error);
          setMessage({
            kind: 'error',
            text: stale
              ? `Not restored: version ${stale.current.version} was saved meanwhile. The list now shows it; look at it before restoring again.`
              : `Not restored: ${errorMessage(error)}`,
          });
        },
      },
    );
  };

  return (
    <div className="space-y-4">
      <div>
        <Link to={base} className="text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
          ← {runbook.title}
        </Link>
        <h1 className="mt-1 text-xl font-semibold text-slate-900">History</h1>
        <p className="text-sm text-slate-600">Every save is a version. Restoring one saves its text again as the newest version; nothing is lost.</p>
      </div>
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={`rounded-md border px-3 py-2 text-sm ${message.kind === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-green-300 bg-green-50 text-green-900'}`}>
          {message.text}
        </p>
      ) : null}
      <div className="grid items-start gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]">
        <section aria-labelledby="versions-heading" className="rounded-lg border border-slate-200 bg-white p-3">
          <h2 id="versions-heading" className="mb-2 text-sm font-semibold text-slate-900">
            Versions
          </h2>
          <ol aria-label="Versions" className="divide-y divide-slate-200 text-sm">
            {newest.map((v) => (
              <li key={v.version} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">
                    Version {v.version}
                    {v.version === runbook.version ? <span className="ml-1 text-xs font-semibold text-slate-700">(current)</span> : null}
                  </p>
                  <p className="text-xs text-slate-600">
                    <ZonedTime iso={v.at} />
                    {v.by ? ` · ${v.by.name}` : ''}
                    {v.restoredFrom !== null ? ` · restored from version ${v.restoredFrom}` : ''}
                  </p>
                </div>
                {runbook.canEdit && v.version !== runbook.version ? (
                  <Button size="sm" aria-label={`Restore version ${v.version}`} disabled={restore.isPending} onClick={() => setRestoring(v.version)}>
                    Restore this version
                  </Button>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="compare-heading" className="min-w-0 space-y-3 rounded-lg border border-slate-200 bg-white p-3">
          <h2 id="compare-heading" className="text-sm font-semibold text-slate-900">
            Compare two versions
          </h2>
          <div className="flex flex-wrap gap-3">
            <VersionPicker label="From (older)" value={older} versions={newest} onChange={setOlder} />
            <VersionPicker label="To (newer)" value={newer} versions={newest} onChange={setNewer} />
          </div>
          {older !== null && newer !== null ? <Comparison id={runbook.id} older={older} newer={newer} /> : <p className="text-sm text-slate-600">Pick two versions.</p>}
        </section>
      </div>
      {restoring !== null ? (
        <ConfirmDialog
          title={`Restore version ${restoring}?`}
          description={`Its text, services and selectors are saved as version ${runbook.version + 1}. Version ${runbook.version} stays in the history.`}
          confirmLabel="Restore"
          onCancel={() => setRestoring(null)}
          onConfirm={() => confirmRestore(restoring)}
        />
      ) : null}
    </div>
  );
}

function VersionPicker({ label, value, versions, onChange }: { label: string; value: number | null; versions: readonly RunbookVersionSummaryDto[]; onChange: (v: number) => void }) {
  const id = `pick-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div>
      <label htmlFor={id} className="mb-0.5 block text-xs font-medium text-slate-700">
        {label}
      </label>
      <select id={id} className={`${inputClass} w-44`} value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            Version {v.version}
          </option>
        ))}
      </select>
    </div>
  );
}

function Comparison({ id, older, newer }: { id: string; older: number; newer: number }) {
  const a = useVersion(id, older);
  const b = useVersion(id, newer);
  const lines = useMemo(() => (a.data && b.data ? diffLines(a.data.body, b.data.body) : null), [a.data, b.data]);
  if (a.isError || b.isError) return <LoadError error={a.error ?? b.error} />;
  if (!lines) return <Loading label="Loading both versions…" />;
  return <DiffTable lines={lines} label={`Differences from version ${older} to version ${newer}`} oldName={`version ${older}`} newName={`version ${newer}`} />;
}
