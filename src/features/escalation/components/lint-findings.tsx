import type { LintFindingDto } from '../../../contracts/escalation';

/** Findings grouped as a manager fixes them: the policy as a whole first, then level by level. */
function groups(findings: readonly LintFindingDto[]): Array<{ title: string; items: LintFindingDto[] }> {
  const byLevel = new Map<number | null, LintFindingDto[]>();
  for (const finding of findings) byLevel.set(finding.levelIndex, [...(byLevel.get(finding.levelIndex) ?? []), finding]);
  return [...byLevel.entries()]
    .sort(([a], [b]) => (a ?? -1) - (b ?? -1))
    .map(([level, items]) => ({ title: level === null ? 'The whole policy' : `Level ${level + 1}`, items }));
}

export function LintFindings({ findings }: { findings: readonly LintFindingDto[] }) {
  return (
    <section aria-labelledby="lint-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="lint-heading" className="text-base font-semibold text-slate-900">
        Policy check {findings.length > 0 ? `(${findings.length} ${findings.length === 1 ? 'finding' : 'findings'})` : ''}
      </h2>
      {findings.length === 0 ? (
        <p className="mt-1 text-sm text-green-800">No findings: every level can reach someone.</p>
      ) : (
        <div className="mt-2 space-y-3">
          {groups(findings).map((group) => (
            <div key={group.title}>
              <h3 className="text-sm font-semibold text-slate-800">{group.title}</h3>
              <ul className="mt-1 space-y-1">
                {group.items.map((finding, i) => (
                  <li key={`${finding.code}-${i}`} className="rounded border-l-4 border-amber-600 bg-amber-50 px-2 py-1 text-sm text-amber-950">
                    {finding.message}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
