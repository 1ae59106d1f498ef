import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { ActionItemDto } from '../../../contracts/postmortems';
import type { ActionItemStatus } from '../../../domain/postmortem/model';
import { errorMessage } from '../../../lib/api-client';
import { inputClass } from '../../../shared/components/field';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { invalidateAfterItemChange, useActionItems, usePatchActionItem } from '../api/action-items';
import type { ActionItemFilters } from '../api/action-items';
import { DueDate, OwnerText, PAST_DUE_NOTICE, STATUS_LABELS, StatusSelect, isStale, staleNotice } from './action-item-parts';

type Named = { id: string; name: string };
type ListStatus = 'open' | 'closed' | 'all';
const LIST_STATUSES: Array<{ value: ListStatus; label: string }> = [
  { value: 'open', label: 'Open and in progress' },
  { value: 'closed', label: 'Done and won’t do' },
  { value: 'all', label: 'All' },
];

/** The filters as the URL holds them (the API's own names), so a filtered list can be shared as a link. */
function filtersOf(params: URLSearchParams): ActionItemFilters {
  const status = params.get('status');
  return {
    owner: params.get('owner') ?? undefined,
    status: status === 'overdue' || status === 'closed' || status === 'all' ? status : 'open',
    teamId: params.get('teamId') ?? undefined,
    serviceId: params.get('serviceId') ?? undefined,
  };
}

/**
 * Every action item across the post-mortems, filtered from the URL: mine, overdue, open or
 * closed, by team and by service. Each row leads to its incident and its post-mortem; responders
 * change the status in place. A list rather than a table, so it reads on a phone.
 */
export function ActionItemList({ teams, services, canEdit }: { teams: readonly Named[]; services: readonly Named[]; canEdit: boolean }) {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const items = useActionItems(filters);
  const queryClient = useQueryClient();
  const patch = usePatchActionItem();
  const [notice, setNotice] = useState<string | null>(null);
  const ids = { team: useId(), service: useId(), status: useId() };

  const setParam = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === null || value === '') next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );

  const changeStatus = (item: ActionItemDto, status: ActionItemStatus) => {
    setNotice(null);
    patch.mutate(
      { id: item.id, body: { status, version: item.version } },
      {
        onSuccess: (result) => setNotice(result.warnings.some((w) => w.field === 'dueOn') ? PAST_DUE_NOTICE : `“${result.item.title}” is now ${STATUS_LABELS[status].toLowerCase()}.`),
        onError: (error) => {
          if (isStale(error)) {
            setNotice(staleNotice(item.title));
            void invalidateAfterItemChange(queryClient, item.postmortemId);
          } else setNotice(errorMessage(error));
        },
      },
    );
  };

  const overdueOnly = filters.status === 'overdue';
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Action items</h1>
      <form role="search" aria-label="Filter action items" onSubmit={(e) => e.preventDefault()} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={filters.owner === 'me'} onChange={(e) => setParam('owner', e.target.checked ? 'me' : null)} />
          Mine
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setParam('status', e.target.checked ? 'overdue' : null)} />
          Overdue
        </label>
        <div>
          <label htmlFor={ids.status} className="mb-1 block font-medium text-slate-800">
            Status
          </label>
          <select id={ids.status} value={overdueOnly ? 'open' : filters.status} disabled={overdueOnly} onChange={(e) => setParam('status', e.target.value === 'open' ? null : e.target.value)} className={`${inputClass} w-auto`}>
            {LIST_STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.team} className="mb-1 block font-medium text-slate-800">
            Team
          </label>
          <select id={ids.team} value={filters.teamId ?? ''} onChange={(e) => setParam('teamId', e.target.value)} className={`${inputClass} w-auto`}>
            <option value="">Every team</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.service} className="mb-1 block font-medium text-slate-800">
            Service
          </label>
          <select id={ids.service} value={filters.serviceId ?? ''} onChange={(e) => setParam('serviceId', e.target.value)} className={`${inputClass} w-auto`}>
            <option value="">Every service</option>
            {services.map((service) => (
              <option key={service.id} value={service.id}>
                {service.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {notice ? (
        <p role="status" className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-900">
          {notice}
        </p>
      ) : null}
      {items.isPending ? (
        <Loading label="Loading action items…" />
      ) : items.isError ? (
        <LoadError error={items.error} onRetry={() => void items.refetch()} />
      ) : items.data.items.length === 0 ? (
        <p className="text-sm text-slate-600">No action items match these filters.</p>
      ) : (
        <ul aria-label="Action items" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {items.data.items.map((item) => (
            <li key={item.id} aria-label={item.title} className="flex flex-col gap-2 p-3 text-sm md:flex-row md:items-start md:justify-between">
              <div className="min-w-0 space-y-0.5">
                <p className="font-medium break-words text-slate-900">
                  {item.link ? (
                    <a href={item.link} target="_blank" rel="noreferrer noopener" className="underline underline-offset-2">
                      {item.title}
                    </a>
                  ) : (
                    item.title
                  )}
                </p>
                <p className="text-slate-700">
                  <Link to={`/incidents/${encodeURIComponent(item.incidentId)}`} className="text-blue-700 underline underline-offset-2">
                    {item.incidentId}
                  </Link>{' '}
                  <span className="break-words">{item.incidentTitle}</span> ·{' '}
                  <Link to={`/postmortems/${encodeURIComponent(item.postmortemId)}`} aria-label={`Post-mortem of ${item.incidentId}`} className="text-blue-700 underline underline-offset-2">
                    Post-mortem
                  </Link>{' '}
                  · {item.serviceName}
                </p>
                <p className="text-slate-700">
                  Owner: <OwnerText owner={item.owner} />
                </p>
                <p>
                  <DueDate item={item} />
                </p>
              </div>
              <div className="shrink-0">
                {canEdit ? <StatusSelect item={item} disabled={patch.isPending} onChange={(status) => changeStatus(item, status)} /> : <span className="text-xs font-medium text-slate-700">Status: {STATUS_LABELS[item.status]}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
