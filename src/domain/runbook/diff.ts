import { diffLines as diffChanges } from 'diff';
import type { DiffLine } from './model';

/** Lines of a text as the differ should see them: LF endings, and a last line that ends like the others. */
function normalise(text: string): string {
  const lf = text.replace(/\r\n?/g, '\n');
  return lf.length === 0 || lf.endsWith('\n') ? lf : `${lf}\n`;
}

/** A line diff between two versions of a runbook (the older first), for the history view. */
export function diffLines(older: string, newer: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const change of diffChanges(normalise(older), normalise(newer))) {
    const lines = change.value.split('\n');
    lines.pop(); // every change ends with a newline after normalising, so the last piece is empty
    for (const text of lines) {
      if (change.added) out.push({ type: 'added', text, oldLine: null, newLine: newLine++ });
      else if (change.removed) out.push({ type: 'removed', text, oldLine: oldLine++, newLine: null });
      else out.push({ type: 'same', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return out;
}
