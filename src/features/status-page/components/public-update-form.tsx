import { useState } from 'react';
import type { PublicIncidentDto } from '../../../contracts/status-page';
import type { Phase } from '../../../domain/incident/lifecycle';
import { draftPublicMessage } from '../../../domain/status-page/templates';
import { errorMessage, fieldMessage, fieldProblems } from '../../../lib/api-client';
import { Field, inputClass } from '../../../shared/components/field';
import { usePostPublicUpdate } from '../api/public-incident';
import { useStatusComponents } from '../api/status-admin';
import type { ComponentState } from './component-states';
import { ComponentStates } from './component-states';
import { PhaseMessage } from './phase-message';
import { FormActions } from './form-actions';

const SUMMARY_FIELDS = [
  ['rootCause', 'Root cause'],
  ['duration', 'Duration'],
  ['impact', 'Impact'],
  ['prevention', 'Prevention'],
] as const;
type SummaryKey = (typeof SUMMARY_FIELDS)[number][0];

const nextPhase = (phase: Phase): Phase => (phase === 'investigating' ? 'identified' : phase === 'identified' ? 'monitoring' : 'resolved');

/** The next public update: phase, message from its template, the components' states, and at the end the summary. */
export function PublicUpdateForm({ incidentId, published, onDone }: { incidentId: string; published: PublicIncidentDto; onDone: () => void }) {
  const all = useStatusComponents();
  const post = usePostPublicUpdate(incidentId);
  const names = published.components.map((c) => c.name);
  const template = (p: Phase) => draftPublicMessage(p, names);
  const first = nextPhase(published.phase);
  const [phase, setPhase] = useState<Phase>(first);
  const [message, setMessage] = useState(template(first));
  // A resolved update sets every component operational unless the author says otherwise.
  const [components, setComponents] = useState<ComponentState[]>(published.components.map((c) => ({ componentId: c.componentId, name: c.name, status: first === 'resolved' ? 'operational' : c.status })));
  const [summary, setSummary] = useState<Record<SummaryKey, string>>({ rootCause: '', duration: '', impact: '', prevention: '' });
  const [linkPostmortem, setLinkPostmortem] = useState(false);
  const error = post.error;
  const named = Object.keys(fieldProblems(error));
  const placed = (f: string) => ['phase', 'message', 'version', 'linkPostmortem'].includes(f) || f.startsWith('components') || f.startsWith('summary.');
  const unplaced = error && (named.length === 0 || !named.every(placed) || named.includes('version')) ? errorMessage(error) : undefined;
  const resolved = phase === 'resolved';

  return (
    <form
      aria-label="Post public update"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const filled = Object.fromEntries(Object.entries(summary).filter(([, v]) => v.trim() !== ''));
        post.mutate(
          {
            phase,
            message,
            components: components.map(({ componentId, status }) => ({ componentId, status })),
            version: published.version,
            ...(resolved ? { summary: filled, linkPostmortem } : {}),
          },
          { onSuccess: onDone },
        );
      }}
    >
      <PhaseMessage
        phase={phase}
        message={message}
        templates={template}
        onChange={(next) => {
          setPhase(next.phase);
          setMessage(next.message);
          if (next.phase === 'resolved') setComponents((cs) => cs.map((c) => ({ ...c, status: 'operational' })));
        }}
        phaseError={fieldMessage(error, 'phase', 'Phase')}
        messageError={fieldMessage(error, 'message', 'Message')}
      />
      <ComponentStates value={components} onChange={setComponents} all={all.data?.items ?? []} error={fieldMessage(error, 'components', 'Components')} />
      {resolved ? (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-800">Summary for customers</legend>
          {SUMMARY_FIELDS.map(([key, label]) => (
            <Field key={key} label={label} error={fieldMessage(error, `summary.${key}`, label)}>
              {(props) =>
                key === 'duration' ? (
                  <input {...props} className={inputClass} value={summary[key]} onChange={(e) => setSummary({ ...summary, [key]: e.target.value })} />
                ) : (
                  <textarea {...props} rows={2} className={inputClass} value={summary[key]} onChange={(e) => setSummary({ ...summary, [key]: e.target.value })} />
                )
              }
            </Field>
          ))}
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" checked={linkPostmortem} onChange={(e) => setLinkPostmortem(e.target.checked)} />
            Link the published post-mortem
          </label>
          {fieldMessage(error, 'linkPostmortem', 'Link') ? <p className="text-sm text-red-700">{fieldMessage(error, 'linkPostmortem', 'Link')}</p> : null}
        </fieldset>
      ) : null}
      <FormActions pending={post.isPending} label="Post update" pendingLabel="Posting…" unplacedError={unplaced} onCancel={onDone} />
    </form>
  );
}
