import type { RunbookFinding } from '../../../domain/runbook/model';

/**
 * What the lint found, each with its line and how to fix it. With `onPick`, a finding with a line
 * is a button that moves the editor's cursor there.
 */
export function LintList({ findings, onPick }: { findings: readonly RunbookFinding[]; onPick?: (line: number) => void }) {
  return (
    <section aria-labelledby="runbook-lint-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="runbook-lint-heading" className="text-sm font-semibold text-slate-900">
        Runbook check {findings.length > 0 ? `(${findings.length} ${findings.length === 1 ? 'finding' : 'findings'})` : ''}
      </h2>
      {findings.length === 0 ? (
        <p className="mt-1 text-sm text-green-800">No findings: one page, every section, time boxes and an escalation criterion.</p>
      ) : (
        <ul className="mt-2 space-y-2" aria-label="Findings">
          {findings.map((finding, i) => {
            const where = finding.line === null ? 'Whole runbook' : `Line ${finding.line}`;
            const text = (
              <>
                <span className="font-semibold">{where}: </span>
                {finding.message}
                <span className="mt-0.5 block text-amber-900">Fix: {finding.fix}</span>
              </>
            );
            return (
              <li key={`${finding.code}-${finding.line ?? 'all'}-${i}`} className="rounded border-l-4 border-amber-600 bg-amber-50 px-2 py-1 text-sm text-amber-950">
                {onPick && finding.line !== null ? (
                  <button type="button" onClick={() => onPick(finding.line!)} className="w-full text-left hover:underline focus-visible:outline-2 focus-visible:outline-blue-700">
                    {text}
                  </button>
                ) : (
                  text
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
