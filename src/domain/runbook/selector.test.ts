import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Selector } from './model';
import { formatSelector, parseSelector, selectorMatches } from './selector';

const parsed = (text: string): Selector => {
  const result = parseSelector(text);
  if (!result.ok) throw new Error(`expected ${text} to parse, got ${result.position}: ${result.message}`);
  return result.selector;
};

describe('parseSelector: what an author may write', () => {
  it.each<[string, Selector]>([
    ['alertname="DbPoolExhausted"', [{ name: 'alertname', op: '=', value: 'DbPoolExhausted' }]],
    ['{alertname="DbPoolExhausted"}', [{ name: 'alertname', op: '=', value: 'DbPoolExhausted' }]],
    [
      'alertname="DbPoolExhausted", severity=~"critical|error"',
      [
        { name: 'alertname', op: '=', value: 'DbPoolExhausted' },
        { name: 'severity', op: '=~', value: 'critical|error' },
      ],
    ],
    [
      '  { env != "staging" ,team!~"web.*" , }  ',
      [
        { name: 'env', op: '!=', value: 'staging' },
        { name: 'team', op: '!~', value: 'web.*' },
      ],
    ],
    ['severity=critical', [{ name: 'severity', op: '=', value: 'critical' }]],
    ['severity=~critical|error, a=b', [{ name: 'severity', op: '=~', value: 'critical|error' }, { name: 'a', op: '=', value: 'b' }]],
    ['summary=~".*\\"pool\\".*"', [{ name: 'summary', op: '=~', value: '.*"pool".*' }]],
    ['path="C:\\\\logs"', [{ name: 'path', op: '=', value: 'C:\\logs' }]],
    ['note="two\\nlines"', [{ name: 'note', op: '=', value: 'two\nlines' }]],
    ['instance=~"db-\\d+"', [{ name: 'instance', op: '=~', value: 'db-\\d+' }]],
    ['team=""', [{ name: 'team', op: '=', value: '' }]],
    ['_private_1="x",', [{ name: '_private_1', op: '=', value: 'x' }]],
    ['a="é, {ünïcode}"', [{ name: 'a', op: '=', value: 'é, {ünïcode}' }]],
  ])('%s', (text, selector) => {
    expect(parseSelector(text)).toEqual({ ok: true, selector });
  });
});

describe('parseSelector: a mistake names its 0-based position and what was expected', () => {
  it.each<[string, number, string]>([
    ['', 0, 'is empty: write at least one matcher, such as alertname="DbPoolExhausted"'],
    ['   ', 0, 'is empty: write at least one matcher, such as alertname="DbPoolExhausted"'],
    ['{}', 1, 'expected a label name, such as alertname, after "{" but found "}"'],
    ['alertname', 9, 'expected an operator (=, !=, =~, !~) after "alertname"'],
    ['alertname "x"', 10, 'expected an operator (=, !=, =~, !~) after "alertname"'],
    ['alertname=="x"', 10, 'expected a value in double quotes after alertname= but found "="'],
    ['alertname=', 10, 'expected a value in double quotes after alertname= but found the end'],
    ["alertname='x'", 10, 'expected a value in double quotes after alertname= but found "\'"'],
    ['alertname="DbPool', 10, 'the value of "alertname" starts with a quote here but has no closing quote'],
    ['alertname="a\\"', 10, 'the value of "alertname" starts with a quote here but has no closing quote'],
    ['1abc="x"', 0, 'expected a label name, such as alertname, but found "1"'],
    ['a="x" b="y"', 6, 'expected "," after the value of "a" but found "b"'],
    ['a="x",,b="y"', 6, 'expected a label name, such as alertname, after "," but found ","'],
    ['{a="x" b="y"}', 7, 'expected "," or "}" after the value of "a" but found "b"'],
    ['{a="x"', 6, 'expected "}" to close the "{" at position 0'],
    ['{a="x"} b', 8, 'unexpected "b" after the closing "}"'],
    ['a="x"}', 5, 'expected "," after the value of "a" but found "}"'],
    ['severity=~"critical|(error"', 10, 'the regular expression of "severity" does not compile: Unterminated group'],
    ['a="b", severity !~ "[z-a]"', 19, 'the regular expression of "severity" does not compile: Range out of order in character class'],
    ['a-b="x"', 1, 'expected an operator (=, !=, =~, !~) after "a"'],
  ])('%j → %i', (text, position, message) => {
    expect(parseSelector(text)).toEqual({ ok: false, position, message });
  });

  it('refuses a selector longer than the limit, and a regex longer than the limit', () => {
    expect(parseSelector(`a="${'x'.repeat(600)}"`)).toMatchObject({ ok: false, position: 500 });
    expect(parseSelector('a=~"x"')).toMatchObject({ ok: true });
  });
});

describe('formatSelector', () => {
  it('writes the canonical braced form with escapes', () => {
    expect(formatSelector(parsed('severity=critical, summary=~"a\\"b\\\\c\\nd"'))).toBe('{severity="critical", summary=~"a\\"b\\\\c\\nd"}');
  });

  const nameArb = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/);
  const opArb = fc.constantFrom('=', '!=', '=~', '!~');
  const quotedChars = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '{', '}', '"', '\\"', '\\\\', '\\n', '\\d', '|', '.', '*', '=', 'é', '\n'), maxLength: 12 });
  const unquotedChars = fc.stringMatching(/^[a-zA-Z0-9|._*:/-]{1,10}$/);
  const matcherText = fc.tuple(nameArb, fc.constantFrom('', ' '), opArb, fc.oneof(quotedChars.map((v) => `"${v}"`), unquotedChars)).map(([n, sp, op, v]) => `${n}${sp}${op}${sp}${v}`);
  const selectorText = fc.tuple(fc.array(matcherText, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean()).map(([ms, braces, trailing]) => {
    const inner = ms.join(', ') + (trailing ? ',' : '');
    return braces ? `{${inner}}` : inner;
  });

  it('formatSelector(parse(x)) re-parses to the same selector, for any selector that parses', () => {
    let parsedCount = 0;
    fc.assert(
      fc.property(selectorText, (text) => {
        const first = parseSelector(text);
        if (!first.ok) return;
        parsedCount += 1;
        expect(parseSelector(formatSelector(first.selector))).toEqual(first);
      }),
      { numRuns: 500 },
    );
    // Most generated selectors are valid (only some regexes fail to compile); the property must have met them.
    expect(parsedCount).toBeGreaterThan(250);
  });

  it('never throws on arbitrary text, and an error position lies within the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const result = parseSelector(text);
        if (!result.ok) {
          expect(result.position).toBeGreaterThanOrEqual(0);
          expect(result.position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('selectorMatches', () => {
  const labels = { alertname: 'PostgresConnectionsNearLimit', severity: 'critical', instance: 'orders-db-1' };

  it.each<[string, boolean]>([
    ['alertname="PostgresConnectionsNearLimit"', true],
    ['alertname="PostgresConnections"', false],
    ['alertname=~"Postgres.*"', true],
    ['alertname=~"Postgres"', false], // anchored at both ends, as in Alertmanager
    ['alertname=~"Connections"', false],
    ['severity=~"critical|error"', true],
    ['severity!~"critical|error"', false],
    ['severity!="warning"', true],
    ['instance=~"orders-db-\\d+"', true],
    ['team=""', true], // a missing label is the empty string
    ['team!=""', false],
    ['team=~".*"', true],
    ['team!~"payments"', true],
    ['alertname="PostgresConnectionsNearLimit", severity="warning"', false],
    ['constructor=""', true], // label names are looked up as own properties only
  ])('%s → %s', (text, expected) => {
    expect(selectorMatches(parsed(text), labels)).toBe(expected);
  });
});
