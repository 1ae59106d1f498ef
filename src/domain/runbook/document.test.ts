import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseRunbook, criterionIdForLine, readCriterion, sectionIdForLine, splitTimeBox, stepIdForLine } from './document';

const md = (...lines: string[]) => lines.join('\n');

describe('time boxes in headings', () => {
  it.each<[string, string, number | null]>([
    ['Diagnosis (< 2 minutes)', 'Diagnosis', 2],
    ['Quick fix (5 minutes)', 'Quick fix', 5],
    ['Quick fix (2 min)', 'Quick fix', 2],
    ['Diagnosis (≤ 2 min)', 'Diagnosis', 2],
    ['Diagnosis (under 2 minutes)', 'Diagnosis', 2],
    ['Diagnosis (<= 3 mins)', 'Diagnosis', 3],
    ['Quick fix — 5 min', 'Quick fix', 5],
    ['Quick fix – 5 min', 'Quick fix', 5],
    ['Quick fix - 5m', 'Quick fix', 5],
    ['Quick fix: 10 minutes', 'Quick fix', 10],
    ['Recovery (1 hour)', 'Recovery', 60],
    ['Recovery (1.5 h)', 'Recovery', 90],
    ['Diagnosis (90 s)', 'Diagnosis', 2],
    ['Diagnosis (30 seconds)', 'Diagnosis', 1],
    ['Diagnosis (2–5 min)', 'Diagnosis', 5],
    ['Diagnosis [5 min]', 'Diagnosis', 5],
    ['Diagnosis (max 5 min):', 'Diagnosis', 5],
    ['Diagnosis', 'Diagnosis', null],
    ['Diagnosis:', 'Diagnosis', null],
    ['Diagnosis (0 min)', 'Diagnosis (0 min)', null],
    ['Check the last 5 minutes of logs', 'Check the last 5 minutes of logs', null],
    ['Quick fix (restart)', 'Quick fix (restart)', null],
    ['(5 min)', '(5 min)', null],
  ])('%s → %s, %s', (heading, title, minutes) => {
    expect(splitTimeBox(heading)).toEqual({ title, minutes });
    const section = analyseRunbook(`## ${heading}\n`).sections[0]!;
    expect(section).toMatchObject({ id: sectionIdForLine(1), line: 1, depth: 2, title, heading, timeBoxMinutes: minutes });
  });
});

describe('sections and steps', () => {
  const runbook = md(
    '- [ ] before any heading', //       1
    '# Pool exhausted', //               2
    '', //                               3
    '## Diagnosis (< 2 minutes)', //     4
    '- plain bullet, not a step', //     5
    '- [ ] Check **the** `pool` size', //6
    '  - [x] nested [task](https://grafana.acme.io/d/pg)', // 7
    '  1. nested numbered', //           8
    '', //                               9
    '### Deeper', //                    10
    '1. First *numbered*', //           11
    '   continued', //                  12
    '', //                              13
    '   second paragraph', //           14
    '   - [ ] its nested task', //      15
    '   ```sh', //                      16
    '   psql -c "select 1"', //         17
    '   ```', //                        18
    '2. 1. inner on the same line', //  19
    '', //                              20
    'Quick fix', //                     21
    '---------', //                     22
    '3) [ ] a task in a numbered list', // 23
  );
  const outline = analyseRunbook(runbook);

  it('finds every heading as a section, setext ones too, with the steps up to the next heading', () => {
    expect(outline.sections.map((s) => [s.id, s.line, s.depth, s.title, s.timeBoxMinutes, s.stepIds])).toEqual([
      ['section-2', 2, 1, 'Pool exhausted', null, []],
      ['section-4', 4, 2, 'Diagnosis', 2, ['step-6', 'step-7', 'step-8']],
      ['section-10', 10, 3, 'Deeper', null, ['step-11', 'step-15', 'step-19']],
      ['section-21', 21, 2, 'Quick fix', null, ['step-23']],
    ]);
  });

  it('makes task items and numbered items steps (nested too), plain bullets not, with the text of their own paragraphs', () => {
    expect(outline.steps).toEqual([
      { id: 'step-1', line: 1, text: 'before any heading', sectionId: null, kind: 'task' },
      { id: 'step-6', line: 6, text: 'Check the pool size', sectionId: 'section-4', kind: 'task' },
      { id: 'step-7', line: 7, text: 'nested task', sectionId: 'section-4', kind: 'task' },
      { id: 'step-8', line: 8, text: 'nested numbered', sectionId: 'section-4', kind: 'numbered' },
      { id: 'step-11', line: 11, text: 'First numbered continued second paragraph', sectionId: 'section-10', kind: 'numbered' },
      { id: 'step-15', line: 15, text: 'its nested task', sectionId: 'section-10', kind: 'task' },
      { id: 'step-19', line: 19, text: 'inner on the same line', sectionId: 'section-10', kind: 'numbered' },
      { id: 'step-23', line: 23, text: 'a task in a numbered list', sectionId: 'section-21', kind: 'task' },
    ]);
    expect(stepIdForLine(6)).toBe('step-6');
  });

  it('lists code blocks (fenced, inside items, and indented) and links with their lines', () => {
    expect(outline.codeBlocks).toEqual([{ line: 16, lang: 'sh', text: 'psql -c "select 1"' }]);
    expect(analyseRunbook(md('Text', '', '    df -h /var', '    du -sh *')).codeBlocks).toEqual([{ line: 3, lang: null, text: 'df -h /var\ndu -sh *' }]);
    expect(outline.links).toEqual([{ line: 7, url: 'https://grafana.acme.io/d/pg', text: 'task' }]);
    const refs = analyseRunbook(md('See [the dashboard][dash], <https://status.acme.io> and https://wiki.acme.io/pg.', '', '[dash]: https://grafana.acme.io/d/x'));
    expect(refs.links).toEqual([
      { line: 1, url: 'https://grafana.acme.io/d/x', text: 'the dashboard' },
      { line: 1, url: 'https://status.acme.io', text: 'https://status.acme.io' },
      { line: 1, url: 'https://wiki.acme.io/pg', text: 'https://wiki.acme.io/pg' },
    ]);
  });

  it('counts non-blank lines (code included) and words that hold a letter or digit', () => {
    expect(outline.lines).toBe(19);
    expect(analyseRunbook(md('# Title here', '', '- [ ] Run it', '```sh', 'df -h', '```', '| a | b |')).words).toBe(8); // Title here Run it df -h a b
    expect(analyseRunbook('').lines).toBe(0);
    expect(analyseRunbook('').words).toBe(0);
  });

  it('numbers lines the same with CRLF and lone CR line endings', () => {
    const lf = analyseRunbook(md('# A', '', '- [ ] one', '## B (5 min)', '1. two'));
    for (const eol of ['\r\n', '\r']) {
      const other = analyseRunbook(['# A', '', '- [ ] one', '## B (5 min)', '1. two'].join(eol));
      expect(other.steps).toEqual(lf.steps);
      expect(other.sections).toEqual(lf.sections);
      expect(other.lines).toBe(lf.lines);
    }
  });
});

describe('escalation criteria', () => {
  it.each<[string, number | null, string | null]>([
    ['If not recovered in 2 minutes, escalate to the database team', 2, 'database team'],
    ['If the pool is still above 90% after 5 minutes, escalate to Database', 5, 'Database'],
    ["Escalate to the payments team if the provider's status page shows an outage", null, 'payments team'],
    ['Still failing after 10 min → escalate', 10, null],
    ['Not fixed within 15 minutes? Escalate to the next level', 15, null],
    ['After 1 hour without progress, escalate to @dba-oncall', 60, '@dba-oncall'],
    ['If the outage lasts over 1 hour, escalate to the engineering manager to decide on manual approval', 60, 'engineering manager'],
    ['If replication lag is still growing, escalate to the database on-call in #db-oncall', null, 'database on-call'],
    ['When customers are affected, escalate it to the Incident Commander and post a status update', null, 'Incident Commander'],
  ])('%s', (sentence, afterMinutes, target) => {
    expect(readCriterion(sentence)).toEqual({ afterMinutes, target });
  });

  it.each(['Escalate to the database team.', 'Escalation policy: Payments primary', 'Restart the pool after 5 minutes'])('is not a criterion: %s', (sentence) => {
    expect(readCriterion(sentence)).toBeNull();
  });

  it('finds criteria in paragraphs, list items and tables, one per line, with their section and line', () => {
    const outline = analyseRunbook(
      md(
        '## Escalation', //                                                      1
        'Page the on-call first. If not recovered in 2 minutes, escalate to the', // 2
        '*database* team.', //                                                    3
        '', //                                                                    4
        '- [ ] Still failing after 10 min → escalate', //                         5
        '', //                                                                    6
        '| when | who |', //                                                     7
        '|---|---|', //                                                           8
        '| Escalate to the payments team if refunds fail | Payments |', //        9
      ),
    );
    expect(outline.criteria).toEqual([
      { id: criterionIdForLine(2), line: 2, text: 'If not recovered in 2 minutes, escalate to the database team.', afterMinutes: 2, target: 'database team', sectionId: 'section-1' },
      { id: 'criterion-5', line: 5, text: 'Still failing after 10 min → escalate', afterMinutes: 10, target: null, sectionId: 'section-1' },
      { id: 'criterion-9', line: 9, text: 'Escalate to the payments team if refunds fail', afterMinutes: null, target: 'payments team', sectionId: 'section-1' },
    ]);
    expect(outline.steps.map((s) => s.id)).toEqual(['step-5']);
  });
});

describe('robustness', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const outline = analyseRunbook(text);
        expect(outline.lines).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on markdown-shaped noise, and every step and criterion id is unique', () => {
    const fragment = fc.constantFrom('# ', '## Diagnosis (< 2 min)', '- [ ] ', '- [x] ', '1. ', '2) ', '  ', '\n', '\r\n', '```', '~~~', '    ', '> ', '| a |', '|---|', '[x](', ')', '<', '>', '**', '`', 'If not fixed in 2 min, escalate to the db team.', 'kubectl get pods', '\\', '[ref]: https://a.b', '---', '===', '1. 1. ', '- - ');
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const outline = analyseRunbook(parts.join(''));
        expect(new Set(outline.steps.map((s) => s.id)).size).toBe(outline.steps.length);
        expect(new Set(outline.criteria.map((c) => c.id)).size).toBe(outline.criteria.length);
        expect(new Set(outline.sections.map((s) => s.id)).size).toBe(outline.sections.length);
      }),
      { numRuns: 300 },
    );
  });
});
