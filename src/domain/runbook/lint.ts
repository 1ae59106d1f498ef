import type { RunbookLint } from './model';

/** Checks a runbook against the guide's practices (see RUNBOOK_BUDGET and REQUIRED_SECTIONS). Advice only. */
export function lintRunbook(markdown: string): RunbookLint {
  throw new Error(`lintRunbook not built yet: ${markdown.length}`);
}
