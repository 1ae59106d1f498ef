import { analyseRunbook } from '../../domain/runbook/document';
import { lintRunbook } from '../../domain/runbook/lint';
import type { RunbookLint, RunbookOutline } from '../../domain/runbook/model';

/**
 * A runbook version never changes, and parsing its markdown is the costly part of every list,
 * page and tick (the parser's time grows faster than the text): each version's outline and lint
 * are worked out once per process and kept, a bounded number of them.
 */
const KEPT = 500;

function memo<T>(work: (body: string) => T): (runbookId: string, version: number, body: string) => T {
  const kept = new Map<string, T>();
  return (runbookId, version, body) => {
    const key = `${runbookId}@${version}`;
    let value = kept.get(key);
    if (value === undefined) {
      value = work(body);
      if (kept.size >= KEPT) kept.clear();
      kept.set(key, value);
    }
    return value;
  };
}

export const outlineOfVersion: (runbookId: string, version: number, body: string) => RunbookOutline = memo(analyseRunbook);
export const lintOfVersion: (runbookId: string, version: number, body: string) => RunbookLint = memo(lintRunbook);
