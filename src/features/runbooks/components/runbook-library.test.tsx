import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db, seed } from '../../../testing/db';
import { makeIncident, makeService, minutesAgo } from '../../../testing/fixtures';
import { makeRun } from '../../../testing/runbook-handlers';
import { renderApp } from '../../../testing/render-app';
import { dbPoolRunbook } from '../../../testing/runbook-samples';

const DAY = 24 * 60;

describe('runbook library', () => {
  it('lists each runbook with its services, owner, lint score, review status and record, and flags an overdue review in words', async () => {
    seed({ services: [makeService({ id: 'svc-checkout', name: 'Checkout API' })] });
    const fresh = dbPoolRunbook({ lastReviewedAt: minutesAgo(2 * DAY) });
    const stale = dbPoolRunbook({ id: 'rb-disk', title: 'Disk almost full', body: '# Disk\n\nFree space.\n', serviceIds: [], reviewIntervalDays: 30, lastReviewedAt: minutesAgo(45 * DAY) });
    db.runbooks = [fresh, stale];
    db.incidents = [makeIncident({ id: 'INC-2026-0001' }), makeIncident({ id: 'INC-2026-0002' })];
    db.runbookRuns = [makeRun(fresh, 'INC-2026-0001', { helped: true }), makeRun(fresh, 'INC-2026-0002', { helped: false })];
    renderApp('/runbooks', { as: 'manager' });
    const list = await screen.findByRole('list', { name: 'Runbooks' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    const pool = rows.find((row) => within(row).queryByRole('link', { name: 'Database connection pool exhausted' }))!;
    expect(within(pool).getByRole('link', { name: 'Database connection pool exhausted' })).toHaveAttribute('href', '/runbooks/rb-db-pool');
    expect(pool).toHaveTextContent('Checkout API');
    expect(pool).toHaveTextContent('Payments team');
    expect(pool).toHaveTextContent('100/100, no findings');
    expect(pool).toHaveTextContent('used 2 times, helped 1, did not help 1');
    expect(pool).not.toHaveTextContent('Review overdue');
    const disk = rows.find((row) => within(row).queryByRole('link', { name: 'Disk almost full' }))!;
    expect(disk).toHaveTextContent('Review overdue');
    expect(disk).toHaveTextContent('never used yet');
    expect(disk).toHaveTextContent(/\/100, \d+ findings?/);
    expect(screen.getByRole('link', { name: 'New runbook' })).toHaveAttribute('href', '/runbooks/new');
  });

  it('offers no "New runbook" to a responder, and an empty library says how runbooks get written', async () => {
    renderApp('/runbooks', { as: 'responder' });
    expect(await screen.findByRole('heading', { name: 'No runbooks yet' })).toBeInTheDocument();
    expect(screen.getByText(/writes runbooks with “New runbook”/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New runbook' })).not.toBeInTheDocument();
  });

  it('is in the main navigation', async () => {
    renderApp('/', { as: 'viewer' });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Runbooks' })).toHaveAttribute('href', '/runbooks');
  });
});

describe('runbook page', () => {
  it('shows the runbook with its facts, an overdue banner, and records a review by the signed-in manager', async () => {
    db.runbooks = [dbPoolRunbook({ reviewIntervalDays: 30, lastReviewedAt: minutesAgo(40 * DAY), lastReviewedBy: { id: 'p-priya', name: 'Priya Raman' } })];
    const { user } = renderApp('/runbooks/rb-db-pool', { as: 'manager' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Database connection pool exhausted' })).toBeInTheDocument();
    expect(screen.getByRole('note')).toHaveTextContent('Review overdue since');
    const about = screen.getByRole('complementary', { name: 'About this runbook' });
    expect(within(about).getByText('Last reviewed').nextElementSibling).toHaveTextContent('by Priya Raman');
    expect(within(about).getByText('alertname="DbPoolExhausted"')).toBeInTheDocument();
    expect(await screen.findByRole('checkbox', { name: 'Restart the checkout pods' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute('href', '/runbooks/rb-db-pool/edit');
    expect(screen.getByRole('link', { name: 'History' })).toHaveAttribute('href', '/runbooks/rb-db-pool/history');
    await user.click(screen.getByRole('button', { name: 'Mark reviewed' }));
    expect(await screen.findByText(/Marked reviewed; the next review is due/)).toBeInTheDocument();
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
    expect(db.runbooks[0]!.lastReviewedBy).toEqual({ id: 'p-marcus', name: 'Marcus Webb' });
  });

  it('lets a viewer read but not edit or mark reviewed', async () => {
    db.runbooks = [dbPoolRunbook()];
    renderApp('/runbooks/rb-db-pool', { as: 'viewer' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Database connection pool exhausted' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mark reviewed' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'History' })).toBeInTheDocument();
  });
});
