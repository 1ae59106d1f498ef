import { useState } from 'react';
import type { Phase } from '../../../domain/incident/lifecycle';
import { COMPONENT_STATUS_LABELS } from '../../../domain/status-page/components';
import { PHASE_LABELS, draftPublicMessage } from '../../../domain/status-page/templates';
import { errorMessage, fieldMessage, fieldProblems } from '../../../lib/api-client';
import { Dialog } from '../../../shared/components/dialog';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { Loading } from '../../../shared/components/page-state';
import type { PublicDraft } from '../api/public-incident';
import { usePublicDraft, usePublishIncident } from '../api/public-incident';
import { useStatusComponents } from '../api/status-admin';
import type { ComponentState } from './component-states';
import { ComponentStates } from './component-states';
import { PhaseMessage } from './phase-message';
import { FormActions } from './form-actions';

export const NEVER_PUBLISHED = 'Internal notes, people’s names and alert details are never published: customers read only the title, components and messages below.';

/** The first public words about an incident, prefilled from the server's draft and edited before anything goes out. */
export function PublishDialog({ incidentId, onClose }: { incidentId: string; onClose: () => void }) {
  const draft = usePublicDraft(incidentId);
  return (
    <Dialog title="Publish to status page" description={NEVER_PUBLISHED} onClose={onClose}>
      {draft.isPending ? <Loading label="Drafting…" /> : draft.isError ? <FormError message={errorMessage(draft.error)} /> : <PublishForm incidentId={incidentId} draft={draft.data} onClose={onClose} />}
    </Dialog>
  );
}

function PublishForm({ incidentId, draft, onClose }: { incidentId: string; draft: PublicDraft; onClose: () => void }) {
  const all = useStatusComponents();
  const publish = usePublishIncident(incidentId);
  const [title, setTitle] = useState(draft.title);
  const [phase, setPhase] = useState<Phase>(draft.phase);
  const [message, setMessage] = useState(draft.messages[draft.phase] ?? '');
  const [components, setComponents] = useState<ComponentState[]>(draft.components);
  // The server's templates name the drafted components; once the list changes, the domain's template names the new ones.
  const templates = (p: Phase) => (components === draft.components ? (draft.messages[p] ?? '') : draftPublicMessage(p, components.map((c) => c.name)));
  const error = publish.error;
  const named = Object.keys(fieldProblems(error));
  const unplaced = error && !named.some((f) => f === 'title' || f === 'message' || f === 'phase' || f.startsWith('components')) ? errorMessage(error) : undefined;
  const componentsError = fieldMessage(error, 'components', 'Components') ?? named.filter((f) => f.startsWith('components[')).map((f) => fieldMessage(error, f, f)).join('; ');

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        publish.mutate({ title, phase, message, components: components.map(({ componentId, status }) => ({ componentId, status })) }, { onSuccess: onClose });
      }}
    >
      <Field label="Public title" error={fieldMessage(error, 'title', 'Public title')}>
        {(props) => <input {...props} className={inputClass} value={title} onChange={(e) => setTitle(e.target.value)} data-autofocus />}
      </Field>
      <ComponentStates value={components} onChange={setComponents} all={all.data?.items ?? []} error={componentsError || undefined} />
      <PhaseMessage
        phase={phase}
        message={message}
        templates={templates}
        onChange={(next) => {
          setPhase(next.phase);
          setMessage(next.message);
        }}
        phaseError={fieldMessage(error, 'phase', 'Phase')}
        messageError={fieldMessage(error, 'message', 'Message')}
      />
      <section aria-label="Preview" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
        <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">What customers will read</h3>
        <p className="font-semibold text-slate-900">{title || '(no title yet)'}</p>
        <ul className="mt-1 text-slate-700">
          {components.map((c) => (
            <li key={c.componentId}>
              {c.name}: {COMPONENT_STATUS_LABELS[c.status]}
            </li>
          ))}
        </ul>
        <p className="mt-2 text-slate-800">
          <strong>{PHASE_LABELS[phase]}</strong> — {message || '(no message yet)'}
        </p>
      </section>
      <FormActions pending={publish.isPending} label="Publish" pendingLabel="Publishing…" unplacedError={unplaced} onCancel={onClose} />
    </form>
  );
}
