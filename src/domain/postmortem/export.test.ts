import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../time/instant';
import type { ExportInput } from './export';
import { actionItemsMarkdown, postmortemMarkdown } from './export';

const at = (iso: string) => parseIsoInstant(iso)!;

const input: ExportInput = {
  title: 'Checkout slowed when the database pool ran out',
  status: 'published',
  incident: { id: 'INC-2026-0042', title: 'Checkout latency', severity: 'P2', serviceName: 'Checkout API', triggeredAt: at('2026-03-03T02:31:00Z'), resolvedAt: at('2026-03-03T03:43:00Z') },
  owner: 'Ana Lima',
  followUpOn: '2026-03-10',
  publishedAt: at('2026-03-04T10:00:00Z'),
  sections: [
    { key: 'root-cause', body: 'The pool was sized for last year.' },
    { key: 'timeline', body: '- **02:31 UTC** — paged' },
  ],
  actionItems: [
    { title: 'Alert on pool | usage', owner: 'Bo Chen', dueOn: '2026-03-10', status: 'open', link: 'https://tracker.example/T-1', overdue: true },
    { title: 'Resize the pool', owner: 'Ana Lima', dueOn: null, status: 'done', link: null },
  ],
};

describe('the markdown export', () => {
  const text = postmortemMarkdown(input);

  it('has the title, the incident, the status, owner and follow-up date', () => {
    expect(text.startsWith('# Checkout slowed when the database pool ran out\n')).toBe(true);
    expect(text).toContain('- **Incident:** INC-2026-0042 — Checkout latency (P2, Checkout API)');
    expect(text).toContain('- **Status:** Published 2026-03-04 10:00 UTC');
    expect(text).toContain('- **Owner:** Ana Lima');
    expect(text).toContain('- **Follow-up review:** 2026-03-10');
  });

  it('puts the sections in the template order, with action items before Follow-up', () => {
    const headings = text.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(['## Timeline', '## Impact', '## Root cause', "## Why wasn't this caught?", '## Lessons learned', '## Action items', '## Follow-up']);
    expect(text).toContain('## Impact\n\n_Not written yet._');
    expect(text).toContain('## Root cause\n\nThe pool was sized for last year.');
  });

  it('lists action items as a table with owner, due date, status and link, escaping pipes', () => {
    expect(actionItemsMarkdown(input.actionItems).split('\n')).toEqual([
      '| Action | Owner | Due | Status | Link |',
      '| --- | --- | --- | --- | --- |',
      '| Alert on pool \\| usage | Bo Chen | 2026-03-10 | Open (overdue) | <https://tracker.example/T-1> |',
      '| Resize the pool | Ana Lima | — | Done | — |',
    ]);
    expect(actionItemsMarkdown([])).toBe('_No action items._');
  });

  it('names a draft as a draft and an open incident as not resolved', () => {
    const draft = postmortemMarkdown({ ...input, status: 'draft', publishedAt: null, incident: { ...input.incident, resolvedAt: null } });
    expect(draft).toContain('- **Status:** Draft');
    expect(draft).toContain('- **Resolved:** not yet');
  });
});
