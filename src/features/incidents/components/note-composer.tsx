import { useState } from 'react';
import type { FormEvent, KeyboardEvent, RefObject } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, inputClass } from '../../../shared/components/field';
import { usePostNote } from '../api/post-note';

/**
 * Notes are for the responders; a status update is what stakeholders are told, so it is marked
 * apart on the timeline and restarts the update-cadence clock.
 */
export function NoteComposer({
  incidentId,
  statusUpdate,
  onStatusUpdateChange,
  textareaRef,
}: {
  incidentId: string;
  statusUpdate: boolean;
  onStatusUpdateChange: (value: boolean) => void;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const post = usePostNote();

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const trimmed = text.trim();
    if (trimmed === '') {
      setError(statusUpdate ? 'Write the status update first.' : 'Write the note first.');
      return;
    }
    if (trimmed.length > 10_000) {
      setError('Keep it under 10,000 characters.');
      return;
    }
    setError(undefined);
    post.mutate(
      { id: incidentId, text: trimmed, statusUpdate },
      {
        onSuccess: () => {
          setText('');
          onStatusUpdateChange(false);
        },
        onError: (failure) => setError(errorMessage(failure)),
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) submit();
  };

  return (
    <form onSubmit={submit} noValidate className={`rounded-lg border bg-white p-3 ${statusUpdate ? 'border-indigo-300 ring-1 ring-indigo-200' : 'border-slate-200'}`}>
      <Field label={statusUpdate ? 'Status update' : 'Note'} error={error} hint="Ctrl+Enter posts.">
        {(props) => (
          <textarea
            {...props}
            ref={textareaRef}
            rows={3}
            className={`${inputClass} resize-y`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            placeholder={statusUpdate ? 'What customers and stakeholders should know now' : 'What you found, tried or decided'}
          />
        )}
      </Field>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" className="size-4 accent-indigo-700" checked={statusUpdate} onChange={(e) => onStatusUpdateChange(e.target.checked)} />
          Status update <span className="text-slate-600">(restarts the update clock)</span>
        </label>
        <Button type="submit" variant="primary" disabled={post.isPending}>
          {post.isPending ? 'Posting…' : statusUpdate ? 'Post status update' : 'Post note'}
        </Button>
      </div>
    </form>
  );
}
