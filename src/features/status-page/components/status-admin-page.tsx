import { errorMessage } from '../../../lib/api-client';
import { Loading } from '../../../shared/components/page-state';
import { useChatMirrors, useMaintenances, useStatusComponents, useSubscriberSummary } from '../api/status-admin';
import { ChatMirrorsAdmin } from './chat-mirrors-admin';
import type { NamedRef } from './components-admin';
import { ComponentsAdmin } from './components-admin';
import { MaintenanceAdmin } from './maintenance-admin';

const FEEDS = [
  ['/status', 'Public page'],
  ['/status/history.atom', 'Atom feed'],
  ['/status/history.rss', 'RSS feed'],
  ['/status/api/v2/summary.json', 'summary.json'],
] as const;

/**
 * The status page's admin screen. Everyone signed in reads components and maintenance; editors
 * (status:edit) change them and also see chat mirrors and subscriber counts, which are theirs only.
 */
export function StatusAdminPage({ canEdit, services, teams }: { canEdit: boolean; services: NamedRef[]; teams: NamedRef[] }) {
  const components = useStatusComponents();
  const maintenances = useMaintenances();
  const mirrors = useChatMirrors(canEdit);
  const subscribers = useSubscriberSummary(canEdit);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold text-slate-900">Status page</h1>
        <ul aria-label="Public page and feeds" className="flex flex-wrap gap-3 text-sm">
          {FEEDS.map(([href, label]) => (
            <li key={href}>
              <a href={href} target="_blank" rel="noreferrer" className="font-medium text-blue-700 underline underline-offset-2">
                {label}
              </a>
            </li>
          ))}
        </ul>
      </div>
      {canEdit && subscribers.data ? (
        <p className="text-sm text-slate-700">
          Subscribers: <strong>{subscribers.data.email}</strong> by e-mail, <strong>{subscribers.data.webhook}</strong> by webhook (confirmed).
        </p>
      ) : null}
      {components.isPending ? <Loading /> : components.isError ? <p className="text-sm text-red-800">{errorMessage(components.error)}</p> : <ComponentsAdmin components={components.data.items} services={services} canEdit={canEdit} />}
      {maintenances.isPending ? null : maintenances.isError ? (
        <p className="text-sm text-red-800">{errorMessage(maintenances.error)}</p>
      ) : (
        <MaintenanceAdmin maintenances={maintenances.data.items} components={components.data?.items ?? []} canEdit={canEdit} />
      )}
      {canEdit && mirrors.data ? <ChatMirrorsAdmin mirrors={mirrors.data.items} teams={teams} services={services} /> : null}
    </div>
  );
}
