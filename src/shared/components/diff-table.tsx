import type { DiffLine } from '../../domain/runbook/model';

const MARK = { added: '+', removed: '−', same: ' ' } as const;
const WORD = { added: 'added', removed: 'removed', same: 'unchanged' } as const;
const STYLE = { added: 'bg-green-50 text-green-950', removed: 'bg-red-50 text-red-950', same: 'text-slate-700' } as const;

/**
 * A line diff, each line marked with + or − and, for screen readers, the word: colour only
 * repeats what the mark says.
 */
export function DiffTable({ lines, label, oldName, newName }: { lines: readonly DiffLine[]; label: string; oldName: string; newName: string }) {
  const added = lines.filter((l) => l.type === 'added').length;
  const removed = lines.filter((l) => l.type === 'removed').length;
  return (
    <div className="space-y-1">
      <p className="text-sm text-slate-700">
        {added === 0 && removed === 0 ? 'No differences.' : `${added} ${added === 1 ? 'line' : 'lines'} added (+) in ${newName}, ${removed} removed (−) from ${oldName}.`}
      </p>
      <div className="max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-white">
        <table aria-label={label} className="w-full border-collapse font-mono text-xs">
          <thead className="sr-only">
            <tr>
              <th scope="col">{oldName} line</th>
              <th scope="col">{newName} line</th>
              <th scope="col">Change</th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => (
              <tr key={i} className={STYLE[line.type]}>
                <td className="w-10 px-1 text-right text-slate-500 select-none">{line.oldLine ?? ''}</td>
                <td className="w-10 px-1 text-right text-slate-500 select-none">{line.newLine ?? ''}</td>
                <td className="w-5 px-1 text-center font-bold">
                  <span aria-hidden="true">{MARK[line.type]}</span>
                  <span className="sr-only">{WORD[line.type]}</span>
                </td>
                <td className="px-1 break-all whitespace-pre-wrap">{line.text || ' '}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
