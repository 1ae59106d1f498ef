import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '../../../testing/db';
import { makeActionItem, makePostmortem, makeSections } from '../../../testing/postmortem-samples';
import { renderApp } from '../../../testing/render-app';

describe('post-mortem list', () => {
  it('lists post-mortems newest first with their due time and action items, and filters by status', async () => {
    db.postmortems = [
      makePostmortem({ actionItems: [makeActionItem({ dueOn: null }), makeActionItem({ id: 'ai-2', dueOn: '2026-03-04' }), makeActionItem({ id: 'ai-3', status: 'done', dueOn: null })] }),
      makePostmortem({
        id: 'pm-2',
        title: 'Search: index lag',
        status: 'published',
        publishedAt: '2026-04-02T10:00:00.000Z',
        createdAt: '2026-04-01T09:00:00.000Z',
        incident: { ...makePostmortem().incident, id: 'INC-2026-0002', title: 'Search: index lag' },
      }),
    ];
    const { user } = renderApp('/postmortems', { as: 'viewer' });
    const table = await screen.findByRole('table', { name: 'Post-mortems' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('link')[0]!.textContent)).toEqual(['Search: index lag', 'Checkout: connection pool exhausted']);
    expect(rows[0]).toHaveTextContent('Published');
    expect(rows[1]).toHaveTextContent(/Overdue by \d+ h/);
    expect(rows[1]).toHaveTextContent('2 open· 1 overdue');
    expect(screen.getByRole('link', { name: 'Action items across post-mortems' })).toHaveAttribute('href', '/action-items');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Draft');
    const filtered = await screen.findByRole('table', { name: 'Post-mortems: Draft' });
    await waitFor(() => expect(within(filtered).getAllByRole('row')).toHaveLength(2));
    expect(within(filtered).getByRole('link', { name: 'Checkout: connection pool exhausted' })).toHaveAttribute('href', '/postmortems/pm-1');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'In review');
    expect(await screen.findByText('No post-mortem is in review.')).toBeInTheDocument();
  });

  it('says so when there are none yet, and ignores a status in the address that is not one', async () => {
    renderApp('/postmortems?status=bogus', { as: 'viewer' });
    expect(await screen.findByText('No post-mortems yet. Start one from a resolved incident.')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('');
  });
});

describe('post-mortem print page', () => {
  it('shows the whole post-mortem read-only with a way back', async () => {
    db.postmortems = [makePostmortem({ sections: makeSections({ 'root-cause': 'The pool was **too small**.' }), actionItems: [makeActionItem()] })];
    renderApp('/postmortems/pm-1/print', { as: 'viewer' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Checkout: connection pool exhausted' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← Back to the post-mortem' })).toHaveAttribute('href', '/postmortems/pm-1');
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(['Timeline', 'Impact', 'Root cause', "Why wasn't this caught?", 'Lessons learned', 'Action items', 'Follow-up']);
    const rootCause = await screen.findByRole('region', { name: 'Root cause text' });
    expect(within(rootCause).getByText('too small').tagName).toBe('STRONG');
    expect(screen.getByRole('cell', { name: 'Alert when the pool passes 80 %' })).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });
});
