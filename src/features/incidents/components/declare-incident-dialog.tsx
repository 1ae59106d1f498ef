import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { PersonDto } from '../../../contracts/people';
import type { ServiceDto } from '../../../contracts/services';
import type { Severity } from '../../../domain/incident/severity';
import { ApiRequestError, errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Dialog } from '../../../shared/components/dialog';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { PersonInput } from '../../../shared/components/person-input';
import { useDeclareIncident } from '../api/declare-incident';
import { SEVERITY_DESCRIPTIONS } from '../model/labels';
import { SeverityOptions } from './severity-options';

type Errors = Partial<Record<'title' | 'serviceId' | 'severity' | 'commander', string>>;

const FIELD_LABELS: Record<keyof Errors, string> = { title: 'Title', serviceId: 'Service', severity: 'Severity', commander: 'Commander' };

function validate(title: string, serviceId: string, commander: string): Errors {
  const errors: Errors = {};
  if (title.trim() === '') errors.title = 'Give the incident a title.';
  else if (title.trim().length > 1024) errors.title = 'Keep the title under 1024 characters.';
  if (serviceId === '') errors.serviceId = 'Choose the affected service.';
  if (commander.trim().length > 100) errors.commander = 'Use at most 100 characters.';
  return errors;
}

/** Opening an incident by hand, for what monitoring did not catch (a customer report, a bad deploy). */
export function DeclareIncidentDialog({
  services,
  people,
  yourName,
  onClose,
}: {
  services: readonly ServiceDto[];
  people: readonly PersonDto[];
  /** Whoever declares usually commands at first, so their name is the default. */
  yourName: string;
  onClose: () => void;
}) {
  const [title, setTitle] = useState('');
  const [serviceId, setServiceId] = useState(services.length === 1 ? services[0]!.id : '');
  const [severity, setSeverity] = useState<Severity>('P2');
  const [commander, setCommander] = useState(yourName);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const declare = useDeclareIncident();
  const navigate = useNavigate();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(title, serviceId, commander);
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length > 0) return;
    declare.mutate(
      { title: title.trim(), serviceId, severity, ...(commander.trim() ? { commander: commander.trim() } : {}) },
      {
        onSuccess: (incident) => {
          onClose();
          void navigate(`/incidents/${incident.id}`);
        },
        onError: (error) => {
          if (error instanceof ApiRequestError && error.fields.length > 0) {
            const next: Errors = {};
            for (const key of Object.keys(FIELD_LABELS) as Array<keyof Errors>) {
              const problem = error.problemFor(key);
              if (problem) next[key] = `${FIELD_LABELS[key]} ${problem}`;
            }
            setErrors(next);
            if (Object.keys(next).length === 0) setFormError(error.message);
          } else {
            setFormError(errorMessage(error));
          }
        },
      },
    );
  };

  return (
    <Dialog title="Declare incident" description="Open an incident by hand. Responders see it on the dashboard at once." onClose={onClose}>
      {services.length === 0 ? (
        <div className="space-y-3 text-sm text-slate-700">
          <p>Incidents belong to a service, and there are none yet.</p>
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Link to="/services" onClick={onClose} className="rounded-md bg-blue-700 px-3.5 py-1.5 text-sm font-medium text-white hover:bg-blue-800">
              Create a service
            </Link>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="space-y-4">
          <Field label="Title" error={errors.title}>
            {(props) => (
              <input {...props} data-autofocus className={inputClass} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Checkout returns 502 for some customers" />
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Service" error={errors.serviceId}>
              {(props) => (
                <select {...props} className={inputClass} value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
                  <option value="">Choose a service…</option>
                  {services.map((service) => (
                    <option key={service.id} value={service.id}>
                      {service.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Severity" error={errors.severity} hint={SEVERITY_DESCRIPTIONS[severity]}>
              {(props) => (
                <select {...props} className={inputClass} value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
                  <SeverityOptions />
                </select>
              )}
            </Field>
          </div>
          <Field label="Incident commander" error={errors.commander} hint="Optional. Pick someone or type a name.">
            {(props) => <PersonInput {...props} people={people} value={commander} onChange={(e) => setCommander(e.target.value)} />}
          </Field>
          <FormError message={formError} />
          <div className="flex flex-wrap justify-end gap-2 pt-1">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="danger" disabled={declare.isPending}>
              {declare.isPending ? 'Declaring…' : 'Declare incident'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
