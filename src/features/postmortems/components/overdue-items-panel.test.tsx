import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { PostmortemDto } from '../../../contracts/postmortems';
import { db } from '../../../testing/db';
import { MINUTE, USERS } from '../../../testing/fixtures';
import { API } from '../../../testing/msw-kit';
import { server } from '../../../testing/msw-server';
import { makeActionItem, makePostmortem } from '../../../testing/postmortem-samples';
import { renderApp } from '../../../testing/render-app';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();
const diego = { id: USERS.responder.id, name: USERS.responder.name, timeZone: USERS.responder.timeZone };
const marcus = { id: USERS.manager.id, name: USERS.manager.name, timeZone: USERS.manager.timeZone };

// GET /postmortems is the post-mortem handlers' (another helper's, not on this branch yet): a
// minimal stand-in answering db.postmortems as summaries, newest first.
function servePostmortemList() {
  server.use(
    http.get(`${API}/postmortems`, () =>
      HttpResponse.json({ items: [...db.postmortems].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).map(({ sections: _s, actionItems: _a, timelineThroughSeq: _t, canEdit: _e, canChangeStatus: _c, ...summary }) => summary) }),
    ),
  );
}

function seedItems(postmortems: PostmortemDto[]) {
  db.postmortems = postmortems;
  servePostmortemList();
}

describe('the dashboard: your overdue action items', () => {
  it('lists the caller’s own overdue items with links, and only theirs', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    seedItems([
      makePostmortem({
        actionItems: [
          makeActionItem({ id: 'ai-late', title: 'Add pool monitoring', owner: diego, dueOn: '2026-03-01' }),
          makeActionItem({ id: 'ai-soon', title: 'Write the pool runbook', owner: diego, dueOn: '2026-03-20' }),
          makeActionItem({ id: 'ai-other', title: 'Page the DBA on pool alerts', owner: marcus, dueOn: '2026-03-01' }),
        ],
      }),
    ]);
    renderApp('/', { as: 'responder' });
    const region = await screen.findByRole('region', { name: 'Your overdue action items' });
    expect(within(region).getByRole('link', { name: 'Add pool monitoring' })).toHaveAttribute('href', '/postmortems/pm-1');
    expect(region).toHaveTextContent('Overdue');
    expect(region).not.toHaveTextContent('Write the pool runbook');
    expect(region).not.toHaveTextContent('Page the DBA on pool alerts');
    expect(within(region).getByRole('link', { name: 'All your overdue action items' })).toHaveAttribute('href', '/action-items?owner=me&status=overdue');
  });

  it('is not there when none of the caller’s items is overdue', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    seedItems([makePostmortem({ actionItems: [makeActionItem({ owner: diego, dueOn: '2026-03-10' })] })]);
    renderApp('/', { as: 'responder' });
    expect(await screen.findByRole('heading', { name: /incidents/i, level: 1 })).toBeInTheDocument();
    // Due today in Chicago: not overdue until that day ends there.
    expect((await (await fetch('/api/v1/action-items?owner=me&status=overdue')).json()) as unknown).toEqual({ items: [] });
    expect(screen.queryByRole('region', { name: 'Your overdue action items' })).not.toBeInTheDocument();
  });
});

describe('the dashboard: post-mortems due', () => {
  it('lists the unpublished post-mortems the caller owns with the 48-hour countdown', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    seedItems([
      makePostmortem({ id: 'pm-1', title: 'Checkout: pool exhausted', dueAt: iso(NOW + 47 * HOUR + 12 * MINUTE) }),
      makePostmortem({ id: 'pm-2', title: 'Search: index lagging', status: 'in_review', dueAt: iso(NOW - 3 * HOUR) }),
      makePostmortem({ id: 'pm-3', title: 'Login: cookie expired', status: 'published', publishedAt: iso(NOW - HOUR) }),
      makePostmortem({ id: 'pm-4', title: 'Orders: queue stuck', owner: { id: marcus.id, name: marcus.name } }),
    ]);
    renderApp('/', { as: 'admin' });
    const region = await screen.findByRole('region', { name: 'Post-mortems due' });
    const rows = within(region).getAllByRole('listitem');
    expect(rows.map((row) => row.textContent)).toEqual(['Checkout: pool exhausted Draft · due in 47 h 12 min', 'Search: index lagging In review · overdue by 3 h 0 min']);
    expect(within(region).getByRole('link', { name: 'Checkout: pool exhausted' })).toHaveAttribute('href', '/postmortems/pm-1');
  });

  it('is not there when the caller owns none still to write', async () => {
    seedItems([makePostmortem({ status: 'published', publishedAt: iso(Date.now()) })]);
    renderApp('/', { as: 'admin' });
    expect(await screen.findByRole('heading', { name: /incidents/i, level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Post-mortems due' })).not.toBeInTheDocument();
  });
});
