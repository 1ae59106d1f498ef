import { RUNBOOK_LIMITS } from './model';
import type { LabelMatcher, Selector, SelectorParse } from './model';

/*
 * The grammar, as Alertmanager's matchers (amtool, inhibit rules, `matchers:` in routes) read it:
 *
 *   selector := ws ( "{" ws matchers? ws "}" | matchers ) ws
 *   matchers := matcher ( ws "," ws matcher )* ( ws "," )?
 *   matcher  := name ws op ws value
 *   name     := [a-zA-Z_][a-zA-Z0-9_]*
 *   op       := "=~" | "!~" | "!=" | "="
 *   value    := '"' chars '"' | unquoted
 *
 * Quoted values know `\"`, `\\` and `\n`; any other backslash is kept with the character after it,
 * so a regex such as `"db-\d+"` means what its author meant. Unquoted values (Alertmanager takes
 * them too: `severity=critical`) run to the next whitespace, comma or brace and may not contain a
 * quote, backslash or `=`. At least one matcher is required: a selector that matches every alert
 * would attach its runbook to every incident.
 */

const NAME_START = /[a-zA-Z_]/;
const NAME_CHAR = /[a-zA-Z0-9_]/;
const UNQUOTED_STOP = /[\s,{}"'`\\=]/;
const OPERATORS = ['=~', '!~', '!=', '='] as const;

type Failure = { ok: false; position: number; message: string };
const fail = (position: number, message: string): Failure => ({ ok: false, position, message });

/** Compiles a matcher's regex the way Alertmanager anchors it; the error text when it does not compile. */
function compileAnchored(source: string): RegExp | string {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // V8 says "Invalid regular expression: /^(?:x)$/: Unterminated group"; the anchored copy would confuse the author.
    const reason = text.slice(text.lastIndexOf(': ') + 2);
    return reason.length > 0 ? reason : text;
  }
}

/**
 * Parses an Alertmanager label selector: `alertname="DbPoolExhausted", severity=~"critical|error"`,
 * optionally in braces; operators `=`, `!=`, `=~`, `!~`; values double-quoted with `\"` and `\\`
 * escapes; regexes must compile. A problem names its 0-based position.
 */
export function parseSelector(text: string): SelectorParse {
  if (text.length > RUNBOOK_LIMITS.selectorChars) return fail(RUNBOOK_LIMITS.selectorChars, `is longer than ${RUNBOOK_LIMITS.selectorChars} characters`);
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) at += 1;
  };
  skipSpace();
  if (at === text.length) return fail(0, 'is empty: write at least one matcher, such as alertname="DbPoolExhausted"');

  let braceAt: number | null = null;
  if (text[at] === '{') {
    braceAt = at;
    at += 1;
    skipSpace();
  }
  const matchers: LabelMatcher[] = [];
  let after: string | null = braceAt === null ? null : '"{"';

  for (;;) {
    if (braceAt !== null && text[at] === '}' && matchers.length > 0) break;
    if (at === text.length && matchers.length > 0 && braceAt === null) break;

    // name
    const nameAt = at;
    if (at >= text.length || !NAME_START.test(text[at]!)) {
      const found = at >= text.length ? 'the end' : `"${text[at]}"`;
      return fail(at, after === null ? `expected a label name, such as alertname, but found ${found}` : `expected a label name, such as alertname, after ${after} but found ${found}`);
    }
    while (at < text.length && NAME_CHAR.test(text[at]!)) at += 1;
    const name = text.slice(nameAt, at);
    skipSpace();

    // operator
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, at));
    if (op === undefined) return fail(at, `expected an operator (=, !=, =~, !~) after "${name}"`);
    at += op.length;
    skipSpace();

    // value
    const valueAt = at;
    let value: string;
    if (text[at] === '"') {
      at += 1;
      let out = '';
      let closed = false;
      while (at < text.length) {
        const ch = text[at]!;
        if (ch === '"') {
          closed = true;
          at += 1;
          break;
        }
        if (ch === '\\' && at + 1 < text.length) {
          const next = text[at + 1]!;
          out += next === 'n' ? '\n' : next === '"' || next === '\\' ? next : `\\${next}`;
          at += 2;
          continue;
        }
        out += ch;
        at += 1;
      }
      if (!closed) return fail(valueAt, `the value of "${name}" starts with a quote here but has no closing quote`);
      value = out;
    } else {
      while (at < text.length && !UNQUOTED_STOP.test(text[at]!)) at += 1;
      value = text.slice(valueAt, at);
      if (value.length === 0) {
        const found = valueAt >= text.length ? 'the end' : `"${text[valueAt]}"`;
        return fail(valueAt, `expected a value in double quotes after ${name}${op} but found ${found}`);
      }
    }
    if (op === '=~' || op === '!~') {
      if (value.length > RUNBOOK_LIMITS.selectorChars) return fail(valueAt, `the regular expression of "${name}" is longer than ${RUNBOOK_LIMITS.selectorChars} characters`);
      const compiled = compileAnchored(value);
      if (typeof compiled === 'string') return fail(valueAt, `the regular expression of "${name}" does not compile: ${compiled}`);
    }
    matchers.push({ name, op, value });
    skipSpace();

    // separator
    if (at === text.length) {
      if (braceAt !== null) return fail(at, `expected "}" to close the "{" at position ${braceAt}`);
      break;
    }
    if (text[at] === ',') {
      at += 1;
      skipSpace();
      after = '","';
      // A trailing comma is allowed, as Prometheus allows it.
      if (at === text.length && braceAt === null) break;
      continue;
    }
    if (braceAt !== null && text[at] === '}') break;
    return fail(at, `expected ${braceAt === null ? '","' : '"," or "}"'} after the value of "${name}" but found "${text[at]}"`);
  }

  if (braceAt !== null) {
    at += 1; // the closing brace
    skipSpace();
    if (at < text.length) return fail(at, `unexpected "${text[at]}" after the closing "}"`);
  }
  return { ok: true, selector: matchers };
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Writes a selector back in its canonical form: `{name="value", …}`. */
export function formatSelector(selector: Selector): string {
  return `{${selector.map((m) => `${m.name}${m.op}${quote(m.value)}`).join(', ')}}`;
}

// Selectors are few and matched against every alert of every incident; compiling once each is enough.
const compiled = new Map<string, RegExp | null>();
const REGEX_CACHE_LIMIT = 1000;

function anchored(source: string): RegExp | null {
  const known = compiled.get(source);
  if (known !== undefined) return known;
  const result = compileAnchored(source);
  const regex = typeof result === 'string' ? null : result;
  if (compiled.size >= REGEX_CACHE_LIMIT) compiled.clear();
  compiled.set(source, regex);
  return regex;
}

/**
 * Whether every matcher holds for these labels. As in Alertmanager, a missing label is the empty
 * string and regexes are anchored at both ends.
 */
export function selectorMatches(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  return selector.every((m) => {
    const actual = Object.hasOwn(labels, m.name) ? (labels[m.name] ?? '') : '';
    switch (m.op) {
      case '=':
        return actual === m.value;
      case '!=':
        return actual !== m.value;
      case '=~':
        return anchored(m.value)?.test(actual) ?? false;
      case '!~':
        return !(anchored(m.value)?.test(actual) ?? true);
    }
  });
}
