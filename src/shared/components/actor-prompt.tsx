import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { useIdentityStore } from '../../lib/identity-store';
import { Button } from './button';
import { Field, inputClass } from './field';

type Run = (actor: string | undefined) => void;

/**
 * Until there are accounts, the timeline can only say who did something if the person tells us.
 * `withActor(run)` runs at once when the name is known (or the person chose to stay anonymous);
 * otherwise it holds the action and returns an inline prompt to render next to the button.
 */
export function useActorPrompt(): { withActor: (run: Run) => void; prompt: ReactNode } {
  const [pending, setPending] = useState<{ run: Run } | null>(null);
  const withActor = useCallback((run: Run) => {
    const { name, asked } = useIdentityStore.getState();
    if (name.trim() !== '' || asked) {
      run(name.trim() === '' ? undefined : name.trim());
      return;
    }
    setPending({ run });
  }, []);
  const prompt = pending ? (
    <ActorPrompt
      onDone={(actor) => {
        setPending(null);
        pending.run(actor);
      }}
      onCancel={() => setPending(null)}
    />
  ) : null;
  return { withActor, prompt };
}

function ActorPrompt({ onDone, onCancel }: { onDone: Run; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const saveName = useIdentityStore((s) => s.setName);
  const markAsked = useIdentityStore((s) => s.markAsked);
  const submit = () => {
    const trimmed = name.trim();
    if (trimmed === '') {
      setError('Type your name, or continue anonymously.');
      return;
    }
    if (trimmed.length > 100) {
      setError('Use at most 100 characters.');
      return;
    }
    saveName(trimmed);
    onDone(trimmed);
  };
  return (
    // Not a <form>: the prompt usually appears inside the form whose action it is holding.
    <div role="group" aria-label="Who is acting" className="mt-3 rounded-md border border-blue-200 bg-blue-50 p-3">
      <p className="mb-2 text-sm text-slate-800">The timeline records who does what. What is your name?</p>
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Your name" error={error} className="min-w-0 flex-1 basis-48">
          {(props) => (
            <input
              {...props}
              autoFocus
              className={inputClass}
              value={name}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                e.preventDefault();
                submit();
              }}
              autoComplete="name"
            />
          )}
        </Field>
        <Button variant="primary" onClick={submit}>
          Continue
        </Button>
        <Button
          onClick={() => {
            markAsked();
            onDone(undefined);
          }}
        >
          Continue anonymously
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
