import type { Selector, SelectorParse } from './model';

/**
 * Parses an Alertmanager label selector: `alertname="DbPoolExhausted", severity=~"critical|error"`,
 * optionally in braces; operators `=`, `!=`, `=~`, `!~`; values double-quoted with `\"` and `\\`
 * escapes; regexes must compile. A problem names its 0-based position.
 */
export function parseSelector(text: string): SelectorParse {
  throw new Error(`parseSelector not built yet: ${text}`);
}

/** Writes a selector back in its canonical form: `{name="value", …}`. */
export function formatSelector(selector: Selector): string {
  throw new Error(`formatSelector not built yet: ${selector.length}`);
}

/**
 * Whether every matcher holds for these labels. As in Alertmanager, a missing label is the empty
 * string and regexes are anchored at both ends.
 */
export function selectorMatches(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  throw new Error(`selectorMatches not built yet: ${selector.length} ${Object.keys(labels).length}`);
}
