import { useId, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { diffLines } from '../../domain/runbook/diff';
import { Button } from './button';
import { DiffTable } from './diff-table';

/** The stored text a stale save met: its body, its version and who saved it. */
export type TheirText = { body: string; version: number; updatedBy: { name: string } | null };

/**
 * A stale save: someone saved a newer version while this person typed. Both texts stay on screen
 * (theirs as stored, yours as typed) with the differences, and nothing typed is thrown away until
 * the person says so. What the person may do next (`actions`) is the caller's.
 */
export function MergeView({ theirs, yours, intro, actions, headingLevel = 2 }: { theirs: TheirText; yours: string; intro: string; actions: ReactNode; headingLevel?: 2 | 3 }) {
  const lines = useMemo(() => diffLines(theirs.body, yours), [theirs.body, yours]);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const headingId = useId();
  const who = theirs.updatedBy ? ` by ${theirs.updatedBy.name}` : '';
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(yours);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section role="alert" aria-labelledby={headingId} className="space-y-3 rounded-lg border border-amber-400 bg-amber-50 p-4">
      <Heading id={headingId} className="text-base font-semibold text-amber-950">
        Not saved: version {theirs.version} was saved{who} while you were editing
      </Heading>
      <p className="text-sm text-amber-950">{intro}</p>
      <div className="grid gap-3 md:grid-cols-2">
        <div className="min-w-0">
          <Sub className="text-sm font-semibold text-slate-900">Theirs (version {theirs.version})</Sub>
          <textarea readOnly aria-label={`Their text (version ${theirs.version})`} value={theirs.body} rows={12} className="mt-1 w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs text-slate-900" />
        </div>
        <div className="min-w-0">
          <Sub className="text-sm font-semibold text-slate-900">Yours (not saved)</Sub>
          <textarea readOnly aria-label="Your text (not saved)" value={yours} rows={12} className="mt-1 w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs text-slate-900" />
        </div>
      </div>
      <details open className="rounded-md bg-white p-2">
        <summary className="cursor-pointer text-sm font-medium text-slate-900">What differs (theirs → yours)</summary>
        <DiffTable lines={lines} label="Differences between their text and yours" oldName={`version ${theirs.version}`} newName="your text" />
      </details>
      <div className="flex flex-wrap items-center gap-2">
        {actions}
        <Button onClick={() => void copy()}>Copy my text</Button>
        <span role="status" className="text-xs text-slate-700">
          {copied === 'copied' ? 'Your text is on the clipboard.' : copied === 'failed' ? 'Copy failed: select your text and copy it by hand.' : ''}
        </span>
      </div>
    </section>
  );
}
