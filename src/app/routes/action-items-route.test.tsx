import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db, seed } from '../../testing/db';
import type { LiveEvent } from '../../contracts/live';
import { FakeEventSource } from '../../testing/fake-event-source';
import { TEAM_SEARCH, USERS, makeEvent, makeService } from '../../testing/fixtures';
import { makeActionItem, makePostmortem } from '../../testing/postmortem-samples';
import { renderApp } from '../../testing/render-app';

const diego = { id: USERS.responder.id, name: USERS.responder.name, timeZone: USERS.responder.timeZone };
const marcus = { id: USERS.manager.id, name: USERS.manager.name, timeZone: USERS.manager.timeZone };

function seedItems() {
  seed({ services: [makeService({ id: 'svc-checkout', name: 'Checkout API' }), makeService({ id: 'svc-search', name: 'Search', teamId: TEAM_SEARCH })] });
  const checkout = makePostmortem({
    actionItems: [
      makeActionItem({ id: 'ai-pool', title: 'Add pool monitoring', owner: diego, dueOn: '2026-03-10' }),
      makeActionItem({ id: 'ai-done', title: 'Raise the pool size', owner: diego, status: 'done', closedAt: '2026-03-05T10:00:00.000Z' }),
    ],
  });
  const search = makePostmortem({
    id: 'pm-2',
    incident: { ...checkout.incident, id: 'INC-2026-0002', title: 'Search: index lagging', serviceId: 'svc-search', serviceName: 'Search', teamId: TEAM_SEARCH },
    actionItems: [
      makeActionItem({ id: 'ai-index', postmortemId: 'pm-2', incidentId: 'INC-2026-0002', incidentTitle: 'Search: index lagging', serviceId: 'svc-search', serviceName: 'Search', title: 'Alert on index lag', owner: marcus, dueOn: '2999-01-01' }),
    ],
  });
  db.postmortems = [checkout, search];
}

const list = () => screen.findByRole('list', { name: 'Action items' });
const titles = async () => within(await list()).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'));

describe('/action-items', () => {
  it('lists the open items across post-mortems, each with its incident, post-mortem, owner and due date, overdue said in words', async () => {
    seedItems();
    renderApp('/action-items', { as: 'responder' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Action items' })).toBeInTheDocument();
    expect(await titles()).toEqual(['Add pool monitoring', 'Alert on index lag']);
    const pool = screen.getByRole('listitem', { name: 'Add pool monitoring' });
    expect(within(pool).getByRole('link', { name: 'INC-2026-0001' })).toHaveAttribute('href', '/incidents/INC-2026-0001');
    expect(within(pool).getByRole('link', { name: 'Post-mortem of INC-2026-0001' })).toHaveAttribute('href', '/postmortems/pm-1');
    expect(pool).toHaveTextContent('Owner: Diego Alvarez (America/Chicago)');
    expect(pool).toHaveTextContent('Overdue');
    expect(screen.getByRole('listitem', { name: 'Alert on index lag' })).not.toHaveTextContent('Overdue');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('filters Mine and Overdue, by team and service and by status, and keeps the filters in the URL', async () => {
    seedItems();
    const { user, router } = renderApp('/action-items', { as: 'manager' });
    await list();
    await user.click(screen.getByRole('checkbox', { name: 'Mine' }));
    await waitFor(async () => expect(await titles()).toEqual(['Alert on index lag']));
    expect(router.state.location.search).toBe('?owner=me');
    await user.click(screen.getByRole('checkbox', { name: 'Mine' }));
    await user.click(screen.getByRole('checkbox', { name: 'Overdue' }));
    await waitFor(async () => expect(await titles()).toEqual(['Add pool monitoring']));
    expect(screen.getByRole('combobox', { name: 'Status' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Overdue' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'All');
    await waitFor(async () => expect(await titles()).toEqual(['Add pool monitoring', 'Raise the pool size', 'Alert on index lag']));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Team' }), 'Search');
    await waitFor(async () => expect(await titles()).toEqual(['Alert on index lag']));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Team' }), 'Every team');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Service' }), 'Checkout API');
    await waitFor(async () => expect(await titles()).toEqual(['Add pool monitoring', 'Raise the pool size']));
    expect(new URLSearchParams(router.state.location.search).get('serviceId')).toBe('svc-checkout');
    expect(new URLSearchParams(router.state.location.search).get('status')).toBe('all');
  });

  it('is reached from the main navigation', async () => {
    seedItems();
    const { user, router } = renderApp('/', { as: 'responder' });
    await user.click(within(await screen.findByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Action items' }));
    expect(router.state.location.pathname).toBe('/action-items');
    expect(await titles()).toEqual(['Add pool monitoring', 'Alert on index lag']);
  });

  it('reads the filters from a shared link', async () => {
    seedItems();
    renderApp('/action-items?owner=me&status=overdue', { as: 'responder' });
    expect(await titles()).toEqual(['Add pool monitoring']);
    expect(screen.getByRole('checkbox', { name: 'Mine' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Overdue' })).toBeChecked();
  });

  it('changes a status inline; the item leaves the open list once done', async () => {
    seedItems();
    const { user } = renderApp('/action-items', { as: 'responder' });
    await list();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status of Add pool monitoring' }), 'Done');
    expect(await screen.findByText('“Add pool monitoring” is now done.')).toHaveAttribute('role', 'status');
    await waitFor(async () => expect(await titles()).toEqual(['Alert on index lag']));
    expect(db.postmortems[0]!.actionItems[0]!.status).toBe('done');
  });

  it('fetches the list again when someone else changes an item (live)', async () => {
    seedItems();
    renderApp('/action-items', { as: 'responder' });
    await list();
    db.postmortems[1] = { ...db.postmortems[1]!, actionItems: [{ ...db.postmortems[1]!.actionItems[0]!, status: 'done', version: 2 }] };
    FakeEventSource.latest().emit(
      makeEvent({ seq: 300, kind: 'action_item.changed', data: { postmortemId: 'pm-2', incidentId: 'INC-2026-0002', actionItemId: 'ai-index', title: 'Alert on index lag', ownerId: marcus.id, status: 'done', change: 'updated' } }) as LiveEvent,
    );
    await waitFor(async () => expect(await titles()).toEqual(['Add pool monitoring']));
  });

  it('shows a viewer the statuses as text, with no control', async () => {
    seedItems();
    renderApp('/action-items', { as: 'viewer' });
    await list();
    expect(screen.getByRole('listitem', { name: 'Add pool monitoring' })).toHaveTextContent('Status: Open');
    expect(screen.queryByRole('combobox', { name: /^Status of/ })).not.toBeInTheDocument();
  });

  it('says when nothing matches', async () => {
    seedItems();
    renderApp('/action-items?owner=me', { as: 'viewer' });
    expect(await screen.findByText('No action items match these filters.')).toBeInTheDocument();
  });
});
