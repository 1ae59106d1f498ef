import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { IntegrationKeyDto, ServiceDto } from '../../../contracts/services';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { ConfirmDialog } from '../../../shared/components/confirm-dialog';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useAddIntegrationKey } from '../api/add-integration-key';
import { useRenameService } from '../api/rename-service';
import { useRevokeIntegrationKey } from '../api/revoke-integration-key';
import { useRotateIntegrationKey } from '../api/rotate-integration-key';
import { nameProblem, validateServiceName } from './create-service-form';
import { IntegrationSnippets } from './integration-snippets';

type PendingKeyAction = { kind: 'rotate' | 'revoke'; key: IntegrationKeyDto };

/**
 * One service. Integration keys are secrets that open incidents, so they (and the snippets that
 * contain them) are shown only to people who may change the service: its team's managers and
 * admins. The API sends keys to nobody else, so for others there is nothing to show.
 */
export function ServiceCard({
  service,
  teamName,
  canEdit,
  expanded,
  policyStatus,
}: {
  service: ServiceDto;
  teamName: string | undefined;
  canEdit: boolean;
  expanded: boolean;
  /** Whether the service has an escalation policy and what its check found (the app supplies it). */
  policyStatus?: ReactNode;
}) {
  const [renaming, setRenaming] = useState(false);
  const [keyAction, setKeyAction] = useState<PendingKeyAction | null>(null);
  const [keyError, setKeyError] = useState<string>();
  const addKey = useAddIntegrationKey();
  const rotate = useRotateIntegrationKey();
  const revoke = useRevokeIntegrationKey();
  const headingId = `service-${service.id}`;
  const keys = canEdit ? service.integrationKeys : undefined;
  const active = keys?.filter((key) => key.revokedAt === null) ?? [];
  const revoked = keys?.filter((key) => key.revokedAt !== null) ?? [];

  const openKeyAction = (kind: PendingKeyAction['kind'], key: IntegrationKeyDto) => {
    setKeyError(undefined);
    setKeyAction({ kind, key });
  };

  const confirmKeyAction = () => {
    if (!keyAction) return;
    const { kind, key } = keyAction;
    const onError = (error: unknown) => setKeyError(errorMessage(error));
    const onSuccess = () => setKeyAction(null);
    if (kind === 'revoke') revoke.mutate({ serviceId: service.id, keyId: key.id }, { onSuccess, onError });
    else rotate.mutate({ serviceId: service.id, keyId: key.id }, { onSuccess, onError });
  };

  return (
    <article aria-labelledby={headingId} className="min-w-0 rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 p-4">
        {renaming ? (
          <RenameForm service={service} onDone={() => setRenaming(false)} />
        ) : (
          <div className="min-w-0">
            <h2 id={headingId} className="text-base font-semibold break-words text-slate-900">
              {service.name}
            </h2>
            <p className="text-sm text-slate-600">
              {service.openIncidentCount > 0 ? (
                <Link to={`/?service=${encodeURIComponent(service.id)}`} className="font-medium text-red-800 underline underline-offset-2 hover:text-red-900">
                  {service.openIncidentCount} open {service.openIncidentCount === 1 ? 'incident' : 'incidents'}
                </Link>
              ) : (
                'No open incidents'
              )}
              {' · created '}
              <ZonedTime iso={service.createdAt} />
            </p>
            <p className="text-sm text-slate-600">{teamName ? `Team: ${teamName}` : 'No owning team'}</p>
            <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
              <Link
                to={`/services/${encodeURIComponent(service.id)}/escalation`}
                aria-label={`Escalation policy of ${service.name}`}
                className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900"
              >
                Escalation policy
              </Link>
              {policyStatus}
            </p>
          </div>
        )}
        {renaming || !canEdit ? null : (
          <Button size="sm" onClick={() => setRenaming(true)} aria-label={`Rename ${service.name}`}>
            Rename
          </Button>
        )}
      </div>

      {canEdit && !keys ? (
        // A service the live stream just announced: its keys arrive with the list's refetch.
        <p className="p-4 text-sm text-slate-600">Loading integration keys…</p>
      ) : canEdit ? (
        <>
          <section aria-label={`Integration keys for ${service.name}`} className="space-y-2 p-4">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="text-sm font-semibold text-slate-800">Integration keys</h3>
              <Button
                size="sm"
                disabled={addKey.isPending}
                onClick={() => addKey.mutate({ serviceId: service.id }, { onError: (error) => setKeyError(errorMessage(error)) })}
              >
                Add key
              </Button>
            </div>
            {keyError && !keyAction ? <FormError message={keyError} /> : null}
            {active.length === 0 ? <p className="text-sm text-amber-900">Every key is revoked: monitoring cannot reach this service until you add one.</p> : null}
            <ul className="divide-y divide-slate-100">
              {active.map((key) => (
                <li key={key.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                  <code className="min-w-0 font-mono text-xs break-all text-slate-900">{key.key}</code>
                  <span className="text-xs text-slate-600">
                    added <ZonedTime iso={key.createdAt} />
                  </span>
                  <span className="ml-auto flex gap-2">
                    <Button size="sm" onClick={() => openKeyAction('rotate', key)} aria-label={`Rotate key ${key.key.slice(0, 8)}…`}>
                      Rotate
                    </Button>
                    <Button size="sm" variant="dangerGhost" onClick={() => openKeyAction('revoke', key)} aria-label={`Revoke key ${key.key.slice(0, 8)}…`}>
                      Revoke
                    </Button>
                  </span>
                </li>
              ))}
            </ul>
            {revoked.length > 0 ? (
              <details className="text-sm">
                <summary className="cursor-pointer text-slate-600">
                  {revoked.length} revoked {revoked.length === 1 ? 'key' : 'keys'}
                </summary>
                <ul className="mt-1 space-y-1">
                  {revoked.map((key) => (
                    <li key={key.id} className="text-xs text-slate-600">
                      <code className="font-mono break-all line-through">{key.key}</code> · revoked <ZonedTime iso={key.revokedAt!} />
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </section>

          {service.integrationKey ? (
            <details open={expanded} className="border-t border-slate-200 p-4">
              <summary className="cursor-pointer text-sm font-semibold text-slate-800">Connect monitoring</summary>
              <div className="mt-3">
                <IntegrationSnippets integrationKey={service.integrationKey} serviceName={service.name} />
              </div>
            </details>
          ) : null}
        </>
      ) : (
        <p className="p-4 text-sm text-slate-600">Integration keys and monitoring set-up are shown to this team’s managers and to admins.</p>
      )}

      {keyAction ? (
        <ConfirmDialog
          title={keyAction.kind === 'rotate' ? 'Rotate this integration key?' : 'Revoke this integration key?'}
          description={
            keyAction.kind === 'rotate' ? (
              <>
                A new key replaces <code className="font-mono">{keyAction.key.key.slice(0, 12)}…</code> and the old one stops working at once. Update every tool that
                sends alerts with it.
              </>
            ) : (
              <>
                Alerts sent with <code className="font-mono">{keyAction.key.key.slice(0, 12)}…</code> will be refused from now on. This cannot be undone.
              </>
            )
          }
          confirmLabel={keyAction.kind === 'rotate' ? 'Rotate key' : 'Revoke key'}
          pending={rotate.isPending || revoke.isPending}
          error={keyError}
          onCancel={() => setKeyAction(null)}
          onConfirm={confirmKeyAction}
        />
      ) : null}
    </article>
  );
}

function RenameForm({ service, onDone }: { service: ServiceDto; onDone: () => void }) {
  const [name, setName] = useState(service.name);
  const [error, setError] = useState<string>();
  const rename = useRenameService();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = validateServiceName(name);
    setError(problem);
    if (problem) return;
    if (name.trim() === service.name) return onDone();
    rename.mutate({ id: service.id, name: name.trim() }, { onSuccess: onDone, onError: (failure) => setError(nameProblem(failure) ?? errorMessage(failure)) });
  };
  return (
    <form onSubmit={submit} noValidate className="min-w-0 flex-1">
      <div className="flex flex-wrap items-start gap-2">
        <Field label={`New name for ${service.name}`} error={error} className="min-w-0 flex-1 basis-52">
          {(props) => <input {...props} autoFocus className={inputClass} value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && onDone()} />}
        </Field>
        <div className="flex gap-2 sm:mt-6">
          <Button type="submit" variant="primary" size="sm" disabled={rename.isPending}>
            Save
          </Button>
          <Button size="sm" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </div>
    </form>
  );
}
