import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ServiceDto } from '../../../contracts/services';
import { canEditOwnedBy, useCurrentUser } from '../../../lib/session';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { useServices } from '../api/get-services';
import type { TeamOption } from './create-service-form';
import { CreateServiceForm } from './create-service-form';
import { ServiceCard } from './service-card';

/**
 * `teams` is every team (for names, and the choices of an admin); a manager may create services
 * only for the teams they manage, and everyone else sees the services without their keys.
 */
export function ServicesPage({ teams, policyStatus }: { teams: readonly TeamOption[]; policyStatus?: (service: ServiceDto) => ReactNode }) {
  const services = useServices();
  const user = useCurrentUser();
  const [justCreated, setJustCreated] = useState<string>();
  const creatable = user?.role === 'admin' ? teams : user?.role === 'manager' ? user.teams.filter((team) => team.manager) : [];
  const canCreate = user?.role === 'admin' || user?.role === 'manager';
  const teamName = (service: ServiceDto) => teams.find((team) => team.id === service.teamId)?.name ?? user?.teams.find((team) => team.id === service.teamId)?.name;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Services</h1>
        <p className="text-sm text-slate-600">Each service gets integration keys; monitoring uses them to open incidents here.</p>
      </div>
      {canCreate && creatable.length > 0 ? <CreateServiceForm teams={creatable} onCreated={(service) => setJustCreated(service.id)} /> : null}
      {canCreate && creatable.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700">
          {user?.role === 'admin'
            ? 'Every service belongs to a team. Create a team on the People page first, then come back to add services.'
            : 'You manage no team yet, so there is no team to add a service to. Ask an admin to make you a team manager.'}
        </p>
      ) : null}
      {services.isPending ? (
        <Loading label="Loading services…" />
      ) : services.isError ? (
        <LoadError error={services.error} onRetry={() => void services.refetch()} />
      ) : services.data.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
          {canCreate ? 'No services yet. Create the first one above.' : 'No services yet.'}
        </p>
      ) : (
        <div className="space-y-4">
          {services.data.items.map((service) => (
            <ServiceCard
              key={service.id}
              service={service}
              teamName={teamName(service)}
              canEdit={canEditOwnedBy(user, service.teamId)}
              expanded={service.id === justCreated || services.data.items.length === 1}
              policyStatus={policyStatus?.(service)}
            />
          ))}
        </div>
      )}
    </div>
  );
}
