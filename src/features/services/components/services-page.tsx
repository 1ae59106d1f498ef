import { useState } from 'react';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { useServices } from '../api/get-services';
import { CreateServiceForm } from './create-service-form';
import { ServiceCard } from './service-card';

export function ServicesPage() {
  const services = useServices();
  const [justCreated, setJustCreated] = useState<string>();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Services</h1>
        <p className="text-sm text-slate-600">Each service gets integration keys; monitoring uses them to open incidents here.</p>
      </div>
      <CreateServiceForm onCreated={(service) => setJustCreated(service.id)} />
      {services.isPending ? (
        <Loading label="Loading services…" />
      ) : services.isError ? (
        <LoadError error={services.error} onRetry={() => void services.refetch()} />
      ) : services.data.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">No services yet. Create the first one above.</p>
      ) : (
        <div className="space-y-4">
          {services.data.items.map((service) => (
            <ServiceCard key={service.id} service={service} expanded={service.id === justCreated || services.data.items.length === 1} />
          ))}
        </div>
      )}
    </div>
  );
}
