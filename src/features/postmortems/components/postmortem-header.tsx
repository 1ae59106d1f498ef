import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { PostmortemDto, PresenceDto } from '../../../contracts/postmortems';
import { sectionTitle } from '../../../domain/postmortem/model';
import type { PostmortemStatus } from '../../../domain/postmortem/model';
import { errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button, buttonClass } from '../../../shared/components/button';
import { Dialog } from '../../../shared/components/dialog';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { useNow } from '../../../shared/hooks/use-now';
import { postmortemPath } from '../api/get-postmortems';
import { useChangeStatus, usePatchPostmortem } from '../api/save-postmortem';
import type { PatchPostmortem } from '../api/save-postmortem';
import { STATUS_BADGE, STATUS_LABEL, dueLabel } from '../model/labels';

type Person = { id: string; name: string };

/** The moves a person is offered from each status (the model's `canMove` allows exactly these). */
const MOVES: Record<PostmortemStatus, Array<{ to: PostmortemStatus; label: string }>> = {
  draft: [{ to: 'in_review', label: 'Send for review' }],
  in_review: [
    { to: 'draft', label: 'Back to draft' },
    { to: 'published', label: 'Publish' },
  ],
  published: [{ to: 'draft', label: 'Reopen' }],
};

export function StatusBadge({ status }: { status: PostmortemStatus }) {
  return <span className={`inline-flex rounded-full border px-2 py-0.5 text-xs font-medium ${STATUS_BADGE[status]}`}>{STATUS_LABEL[status]}</span>;
}

export function DueCountdown({ postmortem }: { postmortem: Pick<PostmortemDto, 'status' | 'dueAt'> }) {
  const now = useNow();
  const due = dueLabel(postmortem, now);
  return <span className={due.overdue ? 'font-medium text-red-800' : 'text-slate-700'}>{due.text}</span>;
}

/** Title, owner and follow-up date: each saved on its own, its problem shown beside it. */
function DetailsForm({ postmortem, people, editable }: { postmortem: PostmortemDto; people: readonly Person[]; editable: boolean }) {
  const patch = usePatchPostmortem();
  const [title, setTitleState] = useState(postmortem.title);
  // The title as the server last had it when the field agreed with it, and what the field holds now.
  const savedTitle = useRef(postmortem.title);
  const titleRef = useRef(postmortem.title);
  const setTitle = (next: string) => {
    titleRef.current = next;
    setTitleState(next);
  };
  // A title changed elsewhere (a live event refetched it) is taken in only when nothing typed here
  // is unsaved, as the section editor does with sections; a field that already says it agrees.
  const incomingTitle = postmortem.title;
  useEffect(() => {
    if (titleRef.current !== savedTitle.current && titleRef.current !== incomingTitle) return;
    savedTitle.current = incomingTitle;
    titleRef.current = incomingTitle;
    setTitleState(incomingTitle);
  }, [incomingTitle]);
  const [sent, setSent] = useState<keyof PatchPostmortem | null>(null);
  const send = (change: PatchPostmortem) => {
    setSent(Object.keys(change)[0] as keyof PatchPostmortem);
    patch.mutate({ id: postmortem.id, change });
  };
  const problem = (field: keyof PatchPostmortem, label: string) => (sent === field ? fieldMessage(patch.error, field, label) : undefined);
  const onTitle = (event?: FormEvent) => {
    event?.preventDefault();
    if (title !== postmortem.title) send({ title });
  };
  const general = patch.isError && sent !== null && !problem(sent, '') ? errorMessage(patch.error) : undefined;
  const owners = people.some((p) => p.id === postmortem.owner.id) ? people : [postmortem.owner, ...people];

  if (!editable) {
    return (
      <div>
        <h1 className="text-xl font-semibold break-words text-slate-900">{postmortem.title}</h1>
        <p className="mt-1 text-sm text-slate-700">
          Owner {postmortem.owner.name} · follow-up review on <time dateTime={postmortem.followUpOn}>{postmortem.followUpOn}</time>
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <h1 className="sr-only">{postmortem.title}</h1>
      <form onSubmit={onTitle} noValidate>
        <Field label="Title" error={problem('title', 'Title')}>
          {(props) => <input {...props} className={`${inputClass} text-lg font-semibold`} value={title} onChange={(e) => setTitle(e.target.value)} onBlur={() => onTitle()} />}
        </Field>
      </form>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Owner" error={problem('ownerId', 'Owner')}>
          {(props) => (
            <select {...props} className={inputClass} value={postmortem.owner.id} onChange={(e) => send({ ownerId: e.target.value })}>
              {owners.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Follow-up review" error={problem('followUpOn', 'Follow-up review')} hint="A reminder goes to the owner at 09:00 their time that day.">
          {(props) => <input {...props} type="date" className={inputClass} defaultValue={postmortem.followUpOn} key={postmortem.followUpOn} onBlur={(e) => e.target.value !== postmortem.followUpOn && send({ followUpOn: e.target.value })} />}
        </Field>
      </div>
      <FormError message={general ? `Not saved: ${general}` : undefined} />
    </div>
  );
}

function ReopenDialog({ postmortem, onClose }: { postmortem: PostmortemDto; onClose: () => void }) {
  const change = useChangeStatus();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ id: postmortem.id, status: 'draft', reason }, { onSuccess: onClose });
  };
  const fieldError = fieldMessage(change.error, 'reason', 'Reason');
  return (
    <Dialog title="Reopen this post-mortem?" description="It becomes a draft again that everyone on the incident can edit. The reason is kept in the audit log." onClose={onClose}>
      <form onSubmit={submit} noValidate className="space-y-3">
        <Field label="Reason" error={fieldError}>
          {(props) => <textarea {...props} data-autofocus rows={3} className={inputClass} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <FormError message={change.isError && !fieldError ? errorMessage(change.error) : undefined} />
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={change.isPending}>
            Reopen
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The page's head: what it is about, where it stands, who is in it, and what can be done with it. */
export function PostmortemHeader({ postmortem, people, others }: { postmortem: PostmortemDto; people: readonly Person[]; others: PresenceDto['editors'] }) {
  const change = useChangeStatus();
  const [reopening, setReopening] = useState(false);
  const { incident } = postmortem;
  return (
    <header className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <Link to="/postmortems" className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
          ← Post-mortems
        </Link>
        <Link to={`/incidents/${encodeURIComponent(incident.id)}`} className="text-blue-700 underline underline-offset-2 hover:text-blue-900">
          {incident.id}: {incident.title}
        </Link>
        <span className="rounded border border-slate-300 px-1.5 text-xs font-semibold text-slate-800">{incident.severity}</span>
        <StatusBadge status={postmortem.status} />
        <DueCountdown postmortem={postmortem} />
      </div>
      <DetailsForm postmortem={postmortem} people={people} editable={postmortem.canEdit} />
      {others.length > 0 ? (
        <ul aria-label="Who else is here" className="flex flex-wrap gap-2 text-xs">
          {others.map((editor) => (
            <li key={editor.userId} className="rounded-full bg-violet-50 px-2 py-0.5 font-medium text-violet-900">
              {editor.section ? `${editor.name} is editing ${sectionTitle(editor.section)}` : `${editor.name} has it open`}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        {postmortem.canChangeStatus
          ? MOVES[postmortem.status].map((move) => (
              <Button
                key={move.to}
                variant={move.to === 'published' ? 'primary' : 'secondary'}
                disabled={change.isPending}
                onClick={() => (postmortem.status === 'published' ? setReopening(true) : change.mutate({ id: postmortem.id, status: move.to }))}
              >
                {move.label}
              </Button>
            ))
          : null}
        <a href={`${postmortemPath(postmortem.id)}/export.md`} download className={buttonClass('secondary')}>
          Export markdown
        </a>
        <Link to={`/postmortems/${encodeURIComponent(postmortem.id)}/print`} className={buttonClass('secondary')}>
          Print view
        </Link>
      </div>
      {postmortem.status === 'published' ? <p className="text-sm text-slate-700">Published and read-only. Reopen it to change anything.</p> : null}
      <FormError message={change.isError ? `The status did not change: ${errorMessage(change.error)}` : undefined} />
      {reopening ? <ReopenDialog postmortem={postmortem} onClose={() => setReopening(false)} /> : null}
    </header>
  );
}
