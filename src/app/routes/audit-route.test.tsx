import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { seed } from '../../testing/db';
import { USERS, makeAuditEntry } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

const rows = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[2]!.textContent);

describe('audit log', () => {
  it('shows entries newest first, with the change behind a disclosure', async () => {
    seed({
      audit: [
        makeAuditEntry({ seq: 1, action: 'auth.sign_in', target: { type: 'user', id: USERS.admin.id } }),
        makeAuditEntry({ seq: 2, action: 'incident.acknowledged', before: { state: 'triggered' }, after: { state: 'acknowledged' } }),
        makeAuditEntry({ seq: 3, action: 'auth.sign_in_failed', actor: { type: 'anonymous', id: null, name: 'nobody@example.com' }, ip: '203.0.113.9' }),
      ],
    });
    const { user } = renderApp('/admin/audit');
    await screen.findByRole('table');
    expect(rows()).toEqual(['auth.sign_in_failed', 'incident.acknowledged', 'auth.sign_in']);
    const failed = screen.getAllByRole('row')[1]!;
    expect(failed).toHaveTextContent('nobody@example.com');
    expect(failed).toHaveTextContent('203.0.113.9');
    expect(within(failed).getByText((_, el) => el?.tagName === 'TIME').getAttribute('title')).toMatch(/UTC$/);

    const acked = screen.getAllByRole('row')[2]!;
    const details = within(acked).getByText('Details').closest('details')!;
    expect(details).not.toHaveAttribute('open');
    await user.click(within(acked).getByText('Details'));
    expect(details).toHaveAttribute('open');
    expect(within(details).getByText('Before').nextElementSibling).toHaveTextContent('"state": "triggered"');
    expect(within(details).getByText('After').nextElementSibling).toHaveTextContent('"state": "acknowledged"');
  });

  it('filters by actor, action prefix and target type, refusing a malformed action', async () => {
    seed({
      audit: [
        makeAuditEntry({ seq: 1, action: 'incident.acknowledged' }),
        makeAuditEntry({ seq: 2, action: 'incident.resolved', actor: { type: 'person', id: USERS.responder.id, name: 'Diego Alvarez' } }),
        makeAuditEntry({ seq: 3, action: 'service.renamed', target: { type: 'service', id: 'svc-1' } }),
      ],
    });
    const { user, router } = renderApp('/admin/audit');
    await screen.findByRole('table');
    const filters = screen.getByRole('form', { name: 'Filter the audit log' });
    await user.type(within(filters).getByLabelText('Action starts with'), 'Incident acknowledged');
    await user.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    expect(within(filters).getByLabelText('Action starts with')).toHaveAccessibleDescription(/Actions look like “incident\.acknowledged”/);
    expect(rows()).toHaveLength(3);

    await user.clear(within(filters).getByLabelText('Action starts with'));
    await user.type(within(filters).getByLabelText('Action starts with'), 'incident.');
    await user.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    await screen.findByText('That is the oldest entry matching the filters.');
    expect(rows()).toEqual(['incident.resolved', 'incident.acknowledged']);
    expect(router.state.location.search).toBe('?action=incident.');

    const refreshed = screen.getByRole('form', { name: 'Filter the audit log' });
    await user.type(within(refreshed).getByLabelText('Actor'), 'Diego Alvarez');
    await user.click(within(refreshed).getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByRole('cell', { name: 'Diego Alvarez' })).toBeInTheDocument();
    expect(rows()).toEqual(['incident.resolved']);

    await user.click(within(screen.getByRole('form', { name: 'Filter the audit log' })).getByRole('button', { name: 'Clear' }));
    await user.selectOptions(within(screen.getByRole('form', { name: 'Filter the audit log' })).getByLabelText('Target type'), 'service');
    await user.click(within(screen.getByRole('form', { name: 'Filter the audit log' })).getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByRole('cell', { name: 'service.renamed' })).toBeInTheDocument();
    expect(rows()).toEqual(['service.renamed']);
  });

  it('pages back with "Load older" until the oldest entry', async () => {
    seed({ audit: Array.from({ length: 60 }, (_, i) => makeAuditEntry({ seq: i + 1, action: `incident.note_posted` })) });
    const { user } = renderApp('/admin/audit');
    await screen.findByRole('table');
    expect(rows()).toHaveLength(50);
    expect(screen.getAllByRole('row')[1]).toHaveTextContent('incident.note_posted');
    await user.click(screen.getByRole('button', { name: 'Load older' }));
    expect(await screen.findByText('That is the oldest entry.')).toBeInTheDocument();
    expect(rows()).toHaveLength(60);
    expect(screen.queryByRole('button', { name: 'Load older' })).not.toBeInTheDocument();
  });
});
