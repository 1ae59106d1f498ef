import { useMemo, useState } from 'react';
import type { RunbookDto } from '../../../contracts/runbooks';
import { diffLines } from '../../../domain/runbook/diff';
import { Button } from '../../../shared/components/button';
import { DiffTable } from './diff-table';

/**
 * A stale save: someone saved a newer version while this person typed. Both texts stay on screen
 * (theirs as stored, yours as typed) with the differences, and nothing typed is thrown away until
 * the person says so.
 */
export function MergeView({ theirs, yours, onUseMine, onEditTheirs, onDiscardMine }: { theirs: RunbookDto; yours: string; onUseMine: () => void; onEditTheirs: () => void; onDiscardMine: () => void }) {
  const lines = useMemo(() => diffLines(theirs.body, yours), [theirs.body, yours]);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const who = theirs.updatedBy ? ` by ${theirs.updatedBy.name}` : '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(yours);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section role="alert" aria-labelledby="merge-heading" className="space-y-3 rounded-lg border border-amber-400 bg-amber-50 p-4">
      <h2 id="merge-heading" className="text-base font-semibold text-amber-950">
        Not saved: version {theirs.version} was saved{who} while you were editing
      </h2>
      <p className="text-sm text-amber-950">Your text is kept below beside theirs. Choose how to go on; nothing is saved until you press Save again.</p>
      <div className="grid gap-3 md:grid-cols-2">
        <div className="min-w-0">
          <h3 className="text-sm font-semibold text-slate-900">Theirs (version {theirs.version})</h3>
          <textarea readOnly aria-label={`Their text (version ${theirs.version})`} value={theirs.body} rows={12} className="mt-1 w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs text-slate-900" />
        </div>
        <div className="min-w-0">
          <h3 className="text-sm font-semibold text-slate-900">Yours (not saved)</h3>
          <textarea readOnly aria-label="Your text (not saved)" value={yours} rows={12} className="mt-1 w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs text-slate-900" />
        </div>
      </div>
      <details open className="rounded-md bg-white p-2">
        <summary className="cursor-pointer text-sm font-medium text-slate-900">What differs (theirs → yours)</summary>
        <DiffTable lines={lines} label="Differences between their text and yours" oldName={`version ${theirs.version}`} newName="your text" />
      </details>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" onClick={onUseMine}>
          Use my text on top of the new version
        </Button>
        <Button onClick={onEditTheirs}>Edit theirs, with mine beside it</Button>
        <Button onClick={() => void copy()}>Copy my text</Button>
        <Button variant="dangerGhost" onClick={onDiscardMine}>
          Discard mine
        </Button>
        <span role="status" className="text-xs text-slate-700">
          {copied === 'copied' ? 'Your text is on the clipboard.' : copied === 'failed' ? 'Copy failed: select your text and copy it by hand.' : ''}
        </span>
      </div>
    </section>
  );
}
