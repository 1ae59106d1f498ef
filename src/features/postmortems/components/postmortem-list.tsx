import { Link, useSearchParams } from 'react-router-dom';
import { POSTMORTEM_STATUSES } from '../../../domain/postmortem/model';
import type { PostmortemStatus } from '../../../domain/postmortem/model';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { usePostmortems } from '../api/get-postmortems';
import { STATUS_LABEL } from '../model/labels';
import { DueCountdown, StatusBadge } from './postmortem-header';

const isStatus = (value: string | null): value is PostmortemStatus => value !== null && (POSTMORTEM_STATUSES as readonly string[]).includes(value);

/** `/postmortems`: every post-mortem, newest first, filtered by status (kept in the address, so it can be shared). */
export function PostmortemList() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  const list = usePostmortems(status);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">Post-mortems</h1>
          <p className="text-sm text-slate-600">Written within 48 hours of the incident, while details are fresh.</p>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <label className="text-sm font-medium text-slate-800">
            Status
            <select
              className="mt-1 block rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm"
              value={status ?? ''}
              onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
            >
              <option value="">All</option>
              {POSTMORTEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </label>
          <Link to="/action-items" className="pb-1.5 text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
            Action items across post-mortems
          </Link>
        </div>
      </div>
      {list.isPending ? <Loading label="Loading post-mortems…" /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? <p className="rounded-lg border border-slate-200 bg-white p-6 text-center text-sm text-slate-600">{status ? `No post-mortem is ${STATUS_LABEL[status].toLowerCase()}.` : 'No post-mortems yet. Start one from a resolved incident.'}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Post-mortems{status ? `: ${STATUS_LABEL[status]}` : ''}</caption>
            <thead className="bg-slate-50 text-xs text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2">Title</th>
                <th scope="col" className="px-3 py-2">Incident</th>
                <th scope="col" className="px-3 py-2">Status</th>
                <th scope="col" className="px-3 py-2">Due</th>
                <th scope="col" className="px-3 py-2">Owner</th>
                <th scope="col" className="px-3 py-2">Action items</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.data.items.map((pm) => (
                <tr key={pm.id}>
                  <td className="px-3 py-2">
                    <Link to={`/postmortems/${encodeURIComponent(pm.id)}`} className="font-medium text-blue-700 underline-offset-2 hover:underline">
                      {pm.title}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    <Link to={`/incidents/${encodeURIComponent(pm.incident.id)}`} className="text-blue-700 underline-offset-2 hover:underline">
                      {pm.incident.id}
                    </Link>{' '}
                    <span className="text-xs font-semibold text-slate-700">{pm.incident.severity}</span>
                  </td>
                  <td className="px-3 py-2">
                    <StatusBadge status={pm.status} />
                  </td>
                  <td className="px-3 py-2">
                    <DueCountdown postmortem={pm} />
                  </td>
                  <td className="px-3 py-2">{pm.owner.name}</td>
                  <td className="px-3 py-2">
                    {pm.openActionItems} open
                    {pm.overdueActionItems > 0 ? <span className="ml-1 font-medium text-red-800">· {pm.overdueActionItems} overdue</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
