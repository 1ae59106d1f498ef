import { describe, expect, it } from 'vitest';
import { LINT_WEIGHTS, lintRunbook, requiredSectionsOf } from './lint';
import { RUNBOOK_LINT_CODES } from './model';
import type { RunbookFinding, RunbookLintCode } from './model';

const CLEAN = `# Orders database: connection pool exhausted

## Symptoms
- Checkout requests time out while waiting for a database connection.
- The alert \`PostgresConnectionsNearLimit\` fires for orders-db.

## Diagnosis (< 2 minutes)
- [ ] Open the [pool dashboard](https://grafana.shopfront.io/d/orders-db-pool) and note the connections in use.
- [ ] List the longest-running sessions:

\`\`\`sh
psql "$ORDERS_DB_URL" -c "select pid, now() - query_start as age, left(query, 60) from pg_stat_activity order by age desc limit 10"
\`\`\`

## Quick fix (5 minutes)
1. Pause the batch job that holds the most sessions.
2. Restart one API instance at a time: \`kubectl rollout restart deploy/checkout-api\`.

## Escalation
If the pool is still above 90% after 10 minutes, escalate to the database team.

## Verification
- [ ] Connections in use stay below 300 for five minutes.

## Post-incident
- Give batch jobs their own connection limit.
`;

const codes = (findings: readonly RunbookFinding[]) => findings.map((f) => f.code);
const only = (markdown: string, code: RunbookLintCode) => lintRunbook(markdown).findings.filter((f) => f.code === code);

describe('lintRunbook', () => {
  it('finds nothing wrong with a clean one-page runbook and scores it 100', () => {
    expect(lintRunbook(CLEAN)).toEqual({ findings: [], score: 100 });
  });

  it('too-long: flags a three-page runbook, stating the budget, the counts and the first line beyond it', () => {
    const extra = Array.from({ length: 120 }, (_, i) => `- Background note number ${i + 1} about the history of this database.`).join('\n');
    const long = CLEAN.replace('## Post-incident', `## Background\n${extra}\n\n## Post-incident`);
    const findings = only(long, 'too-long');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/^Longer than one page: 1\d\d lines and 1\d\d\d words; the budget is 60 non-blank lines and 400 words\.$/);
    // The words run out first here: the 401st word is on this line.
    const lines = long.split('\n');
    let words = 0;
    const wordBeyond = lines.findIndex((line) => (words += line.split(/\s+/).filter((t) => /[a-z0-9]/i.test(t) && !t.startsWith('```')).length) > 400) + 1;
    expect(findings[0]!.line).toBe(wordBeyond);
    expect(findings[0]!.fix).toMatch(/one page/);
  });

  it('too-long: short lines past the line budget are flagged at the 61st non-blank line', () => {
    const extra = Array.from({ length: 50 }, (_, i) => `- n${i}`).join('\n');
    const long = CLEAN.replace('## Post-incident', `## Background\n${extra}\n\n## Post-incident`);
    const [finding] = only(long, 'too-long');
    expect(finding!.message).toMatch(/^Longer than one page: \d+ lines; the budget is 60 non-blank lines and 400 words\.$/);
    const lines = long.split('\n');
    let nonBlank = 0;
    expect(finding!.line).toBe(lines.findIndex((line) => (line.trim() ? ++nonBlank : nonBlank) > 60) + 1);
  });

  it('too-long: counts words too — a few very long lines are more than a page', () => {
    const wordy = CLEAN.replace('## Post-incident', `## Background\n${'word '.repeat(450)}\n\n## Post-incident`);
    const [finding] = only(wordy, 'too-long');
    expect(finding!.message).toMatch(/^Longer than one page: \d+ words; the budget/);
    expect(finding!.line).toBe(wordy.split('\n').indexOf('## Background') + 2);
    expect(only(CLEAN, 'too-long')).toEqual([]);
  });

  it('missing-section: flags a runbook without an Escalation section, once per missing section', () => {
    const noEscalation = CLEAN.replace(/## Escalation\n.*\n/, '');
    expect(lintRunbook(noEscalation).findings).toEqual([{ code: 'missing-section', line: null, message: 'No Escalation section.', fix: expect.stringContaining('## Escalation') as unknown as string }]);
    expect(codes(lintRunbook('# Just a title\n').findings)).toEqual(Array(6).fill('missing-section'));
    expect(lintRunbook('# Just a title\n').findings.map((f) => f.message)).toEqual(['No Symptoms section.', 'No Diagnosis section.', 'No Quick fix section.', 'No Escalation section.', 'No Verification section.', 'No Post-incident section.']);
  });

  it.each<[string, string[]]>([
    ['Quick fix / mitigation', ['Quick fix']],
    ['Mitigation', ['Quick fix']],
    ['Post-incident', ['Post-incident']],
    ['Post incident', ['Post-incident']],
    ['After the incident', ['Post-incident']],
    ['Follow-up', ['Post-incident']],
    ['Verify', ['Verification']],
    ['How to verify', ['Verification']],
    ['2. Diagnosis', ['Diagnosis']],
    ['SYMPTOMS', ['Symptoms']],
    ['Symptoms of exhaustion', ['Symptoms']],
    ['Diagnosis and quick fix', ['Diagnosis', 'Quick fix']],
    ['When to escalate', ['Escalation']],
    ['Background', []],
    ['Prefix fixtures', []],
  ])('missing-section: the heading "%s" stands for %j', (title, sections) => {
    expect(requiredSectionsOf(title)).toEqual(sections);
  });

  it('no-time-box: flags Diagnosis and Quick fix headings without a time box, at the heading', () => {
    const untimed = CLEAN.replace('## Diagnosis (< 2 minutes)', '## Diagnosis').replace('## Quick fix (5 minutes)', '## Quick fix / mitigation');
    const lines = untimed.split('\n');
    expect(only(untimed, 'no-time-box')).toEqual([
      { code: 'no-time-box', line: lines.indexOf('## Diagnosis') + 1, message: 'The Diagnosis heading "Diagnosis" has no time box.', fix: 'Put the time it may take in the heading, e.g. "Diagnosis (< 2 minutes)".' },
      { code: 'no-time-box', line: lines.indexOf('## Quick fix / mitigation') + 1, message: 'The Quick fix heading "Quick fix / mitigation" has no time box.', fix: 'Put the time it may take in the heading, e.g. "Quick fix / mitigation (5 minutes)".' },
    ]);
    expect(only(CLEAN.replace('## Quick fix (5 minutes)', '## Quick fix — 5 min'), 'no-time-box')).toEqual([]);
  });

  it('command-outside-code: flags prose lines that start with a shell command, not commands in code', () => {
    const prose = CLEAN.replace(
      '## Verification',
      ['Then:', 'kubectl get pods -n checkout', '$ df -h /var/lib/postgresql', '- sudo systemctl restart pgbouncer', 'Run docker restart checkout-api now.', '', '## Verification'].join('\n'),
    );
    const lines = prose.split('\n');
    expect(only(prose, 'command-outside-code').map((f) => [f.line, f.message])).toEqual([
      [lines.indexOf('kubectl get pods -n checkout') + 1, 'A shell command in the prose: "kubectl get pods -n checkout".'],
      [lines.indexOf('$ df -h /var/lib/postgresql') + 1, 'A shell command in the prose: "$ df -h /var/lib/postgresql".'],
      [lines.indexOf('- sudo systemctl restart pgbouncer') + 1, 'A shell command in the prose: "sudo systemctl restart pgbouncer".'],
      [lines.indexOf('Run docker restart checkout-api now.') + 1, 'A shell command in the prose: "docker restart checkout-api now.".'],
    ]);
    expect(only(prose, 'command-outside-code')[0]!.fix).toMatch(/code block/);
  });

  it('command-outside-code: leaves alone commands in fenced, indented and inline code, link texts and capitalised prose', () => {
    const fine = CLEAN.replace(
      '## Verification',
      ['```', 'kubectl get pods', '```', '', '    sudo reboot', '', '`docker ps` lists the containers.', '', '[kubectl docs](https://kubernetes.io/docs/reference/kubectl/)', '', 'Docker hosts restart on their own.', '', '## Verification'].join('\n'),
    );
    expect(only(fine, 'command-outside-code')).toEqual([]);
  });

  it('placeholder-link: flags links to nowhere and placeholder text, each at its line', () => {
    const links = CLEAN.replace(
      '## Verification',
      ['- [logs](https://...)', '- [docs](http://example.com)', '- [wiki](TODO)', '- [top](#)', '- [empty]()', '- [there](<link>)', '- See <link> for more', '- Ask at https://... please', '', '## Verification'].join('\n'),
    );
    const lines = links.split('\n');
    const lineOf = (start: string) => lines.findIndex((l) => l.startsWith(start)) + 1;
    expect(only(links, 'placeholder-link').map((f) => [f.line, f.message])).toEqual([
      [lineOf('- [logs]'), 'The link "logs" points to a placeholder address, "https://...".'],
      [lineOf('- [docs]'), 'The link "docs" points to a placeholder address, "http://example.com".'],
      [lineOf('- [wiki]'), 'The link "wiki" points to a placeholder address, "TODO".'],
      [lineOf('- [top]'), 'The link "top" points to a placeholder address, "#".'],
      [lineOf('- [empty]'), 'The link "empty" has no address.'],
      [lineOf('- [there]'), 'The link "there" points to a placeholder address, "link".'],
      [lineOf('- See <link>'), 'A placeholder instead of a link: <link>.'],
      [lineOf('- Ask at'), 'A placeholder address "https://..." in the text.'],
    ]);
  });

  it('placeholder-link: real addresses, anchors to sections and mailto are fine', () => {
    const fine = CLEAN.replace('## Verification', ['- [status](https://status.stripe.com)', '- [diagnosis](#diagnosis--2-minutes)', '- [dba](mailto:dba@shopfront.io)', '', '## Verification'].join('\n'));
    expect(only(fine, 'placeholder-link')).toEqual([]);
  });

  it('escalation-without-criterion: flags an Escalation section that never says when, at its heading', () => {
    const vague = CLEAN.replace('If the pool is still above 90% after 10 minutes, escalate to the database team.', 'Escalate to the database team.');
    expect(only(vague, 'escalation-without-criterion')).toEqual([
      { code: 'escalation-without-criterion', line: vague.split('\n').indexOf('## Escalation') + 1, message: 'The Escalation section does not say when to escalate.', fix: expect.stringContaining('If not recovered in') as unknown as string },
    ]);
    const inSubsection = vague.replace('Escalate to the database team.', 'Page the team.\n\n### Database\nStill failing after 15 min → escalate to the DBA on call.');
    expect(only(inSubsection, 'escalation-without-criterion')).toEqual([]);
    // Without an Escalation section the missing-section finding says it; no second finding.
    expect(only('# Title\n', 'escalation-without-criterion')).toEqual([]);
  });

  it('scores 100 minus each finding’s documented weight, never below 0', () => {
    const noEscalation = CLEAN.replace(/## Escalation\n.*\n/, '');
    expect(lintRunbook(noEscalation).score).toBe(100 - LINT_WEIGHTS['missing-section']);
    const untimed = CLEAN.replace('## Diagnosis (< 2 minutes)', '## Diagnosis').replace('- Give batch', '- [logs](https://...)\n- Give batch');
    expect(lintRunbook(untimed).score).toBe(100 - LINT_WEIGHTS['no-time-box'] - LINT_WEIGHTS['placeholder-link']);
    const awful = `${'kubectl get pods\n\n'.repeat(40)}`;
    expect(lintRunbook(awful).score).toBe(0);
    expect(Object.keys(LINT_WEIGHTS).sort()).toEqual([...RUNBOOK_LINT_CODES].sort());
  });

  it('never throws on odd input', () => {
    for (const text of ['', '\u0000', '#', '- [ ]', '```', '[a]: <>', '<link', 'https://...', '\r\r\n\n', '| a |\n|---|\n| kubectl x |']) {
      expect(() => lintRunbook(text)).not.toThrow();
    }
  });
});
