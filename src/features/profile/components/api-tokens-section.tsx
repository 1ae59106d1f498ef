import { useState } from 'react';
import type { FormEvent } from 'react';
import { ROLES, roleRank } from '../../../domain/access/roles';
import type { Role } from '../../../domain/access/roles';
import { errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { ConfirmDialog } from '../../../shared/components/confirm-dialog';
import { CopyButton } from '../../../shared/components/copy-button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { ZonedTime } from '../../../shared/components/zoned-time';
import type { CreatedToken } from '../api/create-token';
import { useCreateToken } from '../api/create-token';
import type { ApiTokenDto } from '../api/get-tokens';
import { useTokens } from '../api/get-tokens';
import { useRevokeToken } from '../api/revoke-token';

/** Tokens for scripts and automation. A token acts with at most its owner's role. */
export function ApiTokensSection({ ownRole }: { ownRole: Role }) {
  const tokens = useTokens();
  const [created, setCreated] = useState<CreatedToken>();
  const [revoking, setRevoking] = useState<ApiTokenDto | null>(null);
  const revoke = useRevokeToken();
  const active = tokens.data?.items.filter((t) => t.revokedAt === null) ?? [];
  const revoked = tokens.data?.items.filter((t) => t.revokedAt !== null) ?? [];
  return (
    <section aria-labelledby="tokens-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <div>
        <h2 id="tokens-heading" className="text-lg font-semibold text-slate-900">
          API tokens
        </h2>
        <p className="text-sm text-slate-600">
          For scripts: send <code className="font-mono text-xs">Authorization: Bearer &lt;token&gt;</code>. A token never has more power than you.
        </p>
      </div>
      <CreateTokenForm ownRole={ownRole} onCreated={setCreated} />
      {created ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-semibold text-amber-950">Copy the token “{created.name}” now: you will not see it again.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code aria-label="New API token" className="min-w-0 flex-1 rounded bg-white px-2 py-1 font-mono text-xs break-all ring-1 ring-amber-200">
              {created.token}
            </code>
            <CopyButton text={created.token} label="Copy the new API token" />
          </div>
          <Button size="sm" variant="ghost" className="mt-2" onClick={() => setCreated(undefined)}>
            I have stored it
          </Button>
        </div>
      ) : null}
      {tokens.isPending ? (
        <Loading label="Loading tokens…" />
      ) : tokens.isError ? (
        <LoadError error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : active.length === 0 ? (
        <p className="text-sm text-slate-600">You have no active tokens.</p>
      ) : (
        <ul aria-label="Active API tokens" className="divide-y divide-slate-100">
          {active.map((token) => (
            <li key={token.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
              <span className="font-medium text-slate-900">{token.name}</span>
              <span className="text-slate-600">{token.role}</span>
              <span className="text-xs text-slate-600">
                created <ZonedTime iso={token.createdAt} /> · {token.lastUsedAt ? <>last used <ZonedTime iso={token.lastUsedAt} /></> : 'never used'}
              </span>
              <Button size="sm" variant="dangerGhost" className="ml-auto" onClick={() => setRevoking(token)} aria-label={`Revoke token ${token.name}`}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      {revoked.length > 0 ? (
        <details className="text-sm text-slate-600">
          <summary className="cursor-pointer">
            {revoked.length} revoked {revoked.length === 1 ? 'token' : 'tokens'}
          </summary>
          <ul className="mt-1 space-y-1">
            {revoked.map((token) => (
              <li key={token.id} className="text-xs">
                <span className="line-through">{token.name}</span> · revoked <ZonedTime iso={token.revokedAt!} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke the token “${revoking.name}”?`}
          description="Scripts that use it are refused from now on. This cannot be undone."
          confirmLabel="Revoke token"
          pending={revoke.isPending}
          error={revoke.isError ? errorMessage(revoke.error) : undefined}
          onCancel={() => {
            revoke.reset();
            setRevoking(null);
          }}
          onConfirm={() => revoke.mutate({ id: revoking.id }, { onSuccess: () => setRevoking(null) })}
        />
      ) : null}
    </section>
  );
}

function CreateTokenForm({ ownRole, onCreated }: { ownRole: Role; onCreated: (token: CreatedToken) => void }) {
  const create = useCreateToken();
  const allowed = ROLES.filter((role) => roleRank(role) <= roleRank(ownRole));
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(allowed.includes('viewer') ? 'viewer' : ownRole);
  const [errors, setErrors] = useState<{ name?: string; role?: string }>({});
  const [formError, setFormError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const problem = trimmed === '' ? 'Name the token after what uses it.' : trimmed.length > 100 ? 'Use at most 100 characters.' : undefined;
    setErrors(problem ? { name: problem } : {});
    setFormError(undefined);
    if (problem) return;
    create.mutate(
      { name: trimmed, role },
      {
        onSuccess: (token) => {
          setName('');
          onCreated(token);
        },
        onError: (error) => {
          const next = { name: fieldMessage(error, 'name', 'Name'), role: fieldMessage(error, 'role', 'Role') };
          setErrors(next);
          if (!next.name && !next.role) setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-2">
      <div className="flex flex-wrap items-start gap-2">
        <Field label="Token name" error={errors.name} hint="e.g. “Terraform” or “Deploy bot”." className="min-w-0 flex-1 basis-52">
          {(props) => <input {...props} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Token role" error={errors.role} className="w-36">
          {(props) => (
            <select {...props} className={inputClass} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {allowed.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button type="submit" variant="primary" className="sm:mt-6" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </Button>
      </div>
      <FormError message={formError} />
    </form>
  );
}
