import { useState } from 'react';
import { CHAT_KINDS } from '../../../contracts/status-page';
import { errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, inputClass } from '../../../shared/components/field';
import type { ChatMirrorDto, ChatTestOutcome } from '../api/status-admin';
import { useCreateChatMirror, useDeleteChatMirror, useTestChatMirror } from '../api/status-admin';
import type { NamedRef } from './components-admin';
import { FormActions } from './form-actions';

const KIND_LABELS: Record<(typeof CHAT_KINDS)[number], string> = { slack: 'Slack', teams: 'Microsoft Teams', 'slack-compatible': 'Slack-compatible (Mattermost, Rocket.Chat)' };

/** Chat mirrors: the webhook URL goes in once and only its host comes back; "Send test" shows what the chat answered. */
export function ChatMirrorsAdmin({ mirrors, teams, services }: { mirrors: ChatMirrorDto[]; teams: NamedRef[]; services: NamedRef[] }) {
  const create = useCreateChatMirror();
  const remove = useDeleteChatMirror();
  const test = useTestChatMirror();
  const [outcomes, setOutcomes] = useState<Record<string, ChatTestOutcome | string>>({});
  const [draft, setDraft] = useState({ scope: 'team' as 'team' | 'service', scopeId: '', kind: 'slack' as (typeof CHAT_KINDS)[number], name: '', url: '' });
  const scopes = draft.scope === 'team' ? teams : services;
  const scopeName = (m: ChatMirrorDto) => (m.scope === 'team' ? teams : services).find((s) => s.id === m.scopeId)?.name ?? m.scopeId;
  const err = create.error;
  const placed = ['scope', 'scopeId', 'kind', 'name', 'url'].some((f) => fieldMessage(err, f, f));
  return (
    <section aria-labelledby="mirrors-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="mirrors-heading" className="text-lg font-semibold text-slate-900">
        Chat mirrors
      </h2>
      {mirrors.length === 0 ? <p className="text-sm text-slate-600">No chat mirrors yet.</p> : null}
      <ul className="divide-y divide-slate-100">
        {mirrors.map((m) => {
          const outcome = outcomes[m.id];
          return (
            <li key={m.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
              <div className="min-w-40 flex-1">
                <p className="font-medium text-slate-900">{m.name}</p>
                <p className="text-slate-700">
                  {KIND_LABELS[m.kind]} · {m.host} · {m.scope} {scopeName(m)}
                </p>
                {outcome ? (
                  <p role="status" className={typeof outcome !== 'string' && outcome.ok ? 'text-green-800' : 'text-red-800'}>
                    {typeof outcome === 'string' ? outcome : outcome.ok ? 'Test sent: the chat accepted it.' : `Test failed: ${outcome.error ?? 'unknown error'}`}
                  </p>
                ) : null}
              </div>
              <Button
                size="sm"
                aria-label={`Send test to ${m.name}`}
                onClick={() => test.mutate(m.id, { onSuccess: (o) => setOutcomes((all) => ({ ...all, [m.id]: o })), onError: (e) => setOutcomes((all) => ({ ...all, [m.id]: errorMessage(e) })) })}
              >
                Send test
              </Button>
              <Button size="sm" variant="dangerGhost" aria-label={`Delete ${m.name}`} onClick={() => remove.mutate(m.id)}>
                Delete
              </Button>
            </li>
          );
        })}
      </ul>
      <form
        aria-label="Add a chat mirror"
        className="grid gap-3 border-t border-slate-200 pt-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(draft, { onSuccess: () => setDraft({ ...draft, name: '', url: '' }) });
        }}
      >
        <Field label="Scope" error={fieldMessage(err, 'scope', 'Scope')}>
          {(props) => (
            <select {...props} className={inputClass} value={draft.scope} onChange={(e) => setDraft({ ...draft, scope: e.target.value as 'team' | 'service', scopeId: '' })}>
              <option value="team">Team</option>
              <option value="service">Service</option>
            </select>
          )}
        </Field>
        <Field label={draft.scope === 'team' ? 'Team' : 'Service'} error={fieldMessage(err, 'scopeId', draft.scope === 'team' ? 'Team' : 'Service')}>
          {(props) => (
            <select {...props} className={inputClass} value={draft.scopeId} onChange={(e) => setDraft({ ...draft, scopeId: e.target.value })}>
              <option value="">Choose…</option>
              {scopes.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Kind" error={fieldMessage(err, 'kind', 'Kind')}>
          {(props) => (
            <select {...props} className={inputClass} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as (typeof CHAT_KINDS)[number] })}>
              {CHAT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Name" error={fieldMessage(err, 'name', 'Name')}>
          {(props) => <input {...props} className={inputClass} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}
        </Field>
        <Field label="Webhook URL" className="sm:col-span-2" hint="Kept secret: only its host is shown after saving." error={fieldMessage(err, 'url', 'Webhook URL')}>
          {(props) => <input {...props} type="url" className={inputClass} value={draft.url} onChange={(e) => setDraft({ ...draft, url: e.target.value })} />}
        </Field>
        <FormActions className="sm:col-span-2" pending={create.isPending} label="Add chat mirror" pendingLabel="Adding…" unplacedError={err && !placed ? errorMessage(err) : undefined} />
      </form>
    </section>
  );
}
