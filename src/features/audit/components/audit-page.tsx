import { useState } from 'react';
import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { AuditEntryDto } from '../../../contracts/people';
import { Button } from '../../../shared/components/button';
import { Field, inputClass } from '../../../shared/components/field';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { ZonedTime } from '../../../shared/components/zoned-time';
import type { AuditFilter } from '../api/get-audit';
import { useAudit } from '../api/get-audit';

const TARGET_TYPES = ['incident', 'service', 'user', 'team', 'api_token', 'organisation'] as const;

function filterFrom(params: URLSearchParams): AuditFilter {
  const filter: AuditFilter = {};
  for (const key of ['actor', 'action', 'targetType'] as const) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter;
}

/** Every change anyone made, newest first. The filters live in the address so a view can be shared. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const audit = useAudit(filter);
  const entries = audit.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Audit log</h1>
        <p className="text-sm text-slate-600">Who changed what, and when: sign-ins, incident actions, services, people and teams.</p>
      </div>
      <AuditFilters
        key={params.toString()}
        initial={filter}
        onApply={(next) => {
          const search = new URLSearchParams();
          for (const [key, value] of Object.entries(next)) if (value) search.set(key, value);
          setParams(search, { replace: true });
        }}
      />
      {audit.data ? (
        entries.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">No entries match.</p>
        ) : (
          <>
            <AuditTable entries={entries} />
            {/* A failed "Load older" keeps what is shown and says why below it. */}
            {audit.isFetchNextPageError ? <LoadError error={audit.error} /> : null}
            {audit.hasNextPage ? (
              <Button onClick={() => void audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
                {audit.isFetchingNextPage ? 'Loading…' : 'Load older'}
              </Button>
            ) : (
              <p className="text-sm text-slate-600">That is the oldest entry{Object.keys(filter).length > 0 ? ' matching the filters' : ''}.</p>
            )}
          </>
        )
      ) : audit.isError ? (
        <LoadError error={audit.error} onRetry={() => void audit.refetch()} />
      ) : (
        <Loading label="Loading the audit log…" />
      )}
    </div>
  );
}

function AuditFilters({ initial, onApply }: { initial: AuditFilter; onApply: (filter: AuditFilter) => void }) {
  const [actor, setActor] = useState(initial.actor ?? '');
  const [action, setAction] = useState(initial.action ?? '');
  const [targetType, setTargetType] = useState(initial.targetType ?? '');
  const [actionError, setActionError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const prefix = action.trim();
    // Actions are dotted lower-case names; anything else can only match nothing.
    if (prefix !== '' && !/^[a-z_]+(\.[a-z_]*)*$/.test(prefix)) {
      setActionError('Actions look like “incident.acknowledged”: lower-case words joined by dots.');
      return;
    }
    setActionError(undefined);
    onApply({ actor: actor.trim(), action: prefix, targetType });
  };
  const filtered = Boolean(initial.actor || initial.action || initial.targetType);
  return (
    <form onSubmit={submit} noValidate aria-label="Filter the audit log" className="flex flex-wrap items-start gap-3 rounded-lg border border-slate-200 bg-white p-3">
      <Field label="Actor" hint="The person’s full name." className="min-w-0 flex-1 basis-40">
        {(props) => <input {...props} className={inputClass} value={actor} onChange={(e) => setActor(e.target.value)} />}
      </Field>
      <Field label="Action starts with" error={actionError} hint="e.g. incident. or auth.sign_in" className="min-w-0 flex-1 basis-40">
        {(props) => <input {...props} className={inputClass} value={action} onChange={(e) => setAction(e.target.value)} spellCheck={false} />}
      </Field>
      <Field label="Target type" className="min-w-0 flex-1 basis-32">
        {(props) => (
          <select {...props} className={inputClass} value={targetType} onChange={(e) => setTargetType(e.target.value)}>
            <option value="">Any</option>
            {TARGET_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="flex gap-2 sm:mt-6">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        {filtered ? (
          <Button variant="ghost" onClick={() => onApply({})}>
            Clear
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function AuditTable({ entries }: { entries: readonly AuditEntryDto[] }) {
  return (
    // `relative`: the screen-reader-only labels inside are positioned absolutely and must scroll
    // (and be clipped) with the table, not widen the page on a phone.
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full min-w-[44rem] text-left text-sm">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead className="bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2">
              Time
            </th>
            <th scope="col" className="px-3 py-2">
              Actor
            </th>
            <th scope="col" className="px-3 py-2">
              Action
            </th>
            <th scope="col" className="px-3 py-2">
              Target
            </th>
            <th scope="col" className="px-3 py-2">
              IP
            </th>
            <th scope="col" className="px-3 py-2">
              Change
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td className="px-3 py-2 whitespace-nowrap text-slate-700">
                <ZonedTime iso={entry.at} />
              </td>
              <td className="px-3 py-2 text-slate-900">
                {entry.actor.name}
                {entry.actor.type !== 'person' ? <span className="block text-xs text-slate-600">{entry.actor.type}</span> : null}
              </td>
              <td className="px-3 py-2">
                <code className="font-mono text-xs text-slate-900">{entry.action}</code>
              </td>
              <td className="px-3 py-2 text-slate-700">
                {entry.target.type ? (
                  <>
                    {entry.target.type}
                    {entry.target.id ? <span className="block max-w-48 truncate font-mono text-xs text-slate-600" title={entry.target.id}>{entry.target.id}</span> : null}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-slate-700">{entry.ip ?? '—'}</td>
              <td className="px-3 py-2">
                {entry.before === null && entry.after === null ? (
                  <span className="text-slate-500">—</span>
                ) : (
                  <details>
                    <summary className="cursor-pointer text-blue-700">
                      Details<span className="sr-only"> of {entry.action} #{entry.seq}</span>
                    </summary>
                    <div className="mt-1 grid gap-2 sm:grid-cols-2">
                      {entry.before !== null ? (
                        <div>
                          <p className="text-xs font-semibold text-slate-600">Before</p>
                          <pre className="max-w-80 overflow-x-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap break-all text-slate-800">{json(entry.before)}</pre>
                        </div>
                      ) : null}
                      {entry.after !== null ? (
                        <div>
                          <p className="text-xs font-semibold text-slate-600">After</p>
                          <pre className="max-w-80 overflow-x-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap break-all text-slate-800">{json(entry.after)}</pre>
                        </div>
                      ) : null}
                    </div>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
