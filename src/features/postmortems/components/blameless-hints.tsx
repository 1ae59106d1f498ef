import type { BlameFinding } from '../../../domain/postmortem/blameless';

/**
 * The blameless check's findings under a section: the phrase, why it reads as blame, and a way to
 * say it in terms of the system. Advice only: nothing here stops a save.
 */
export function BlamelessHints({ findings, title }: { findings: readonly BlameFinding[]; title: string }) {
  const label = `Blameless check for ${title}`;
  if (findings.length === 0) return null;
  return (
    <section aria-label={label} className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-medium">
        Blameless check: {findings.length} {findings.length === 1 ? 'phrase reads' : 'phrases read'} as blame. This is advice; your text saves either way.
      </p>
      <ul className="mt-2 space-y-2">
        {findings.map((finding) => (
          <li key={`${finding.start}-${finding.kind}`} className="break-words">
            <q className="font-semibold">{finding.phrase}</q>: {finding.why} <span className="text-amber-900">Try: {finding.suggestion}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
