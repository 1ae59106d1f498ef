import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '../../../testing/db';
import { minutesAgo } from '../../../testing/fixtures';
import { renderApp } from '../../../testing/render-app';
import { DB_POOL, dbPoolRunbook } from '../../../testing/runbook-samples';

const V2 = DB_POOL.replace('1. Restart the checkout pods', '1. Roll the checkout pods one by one');

function seedVersions() {
  const runbook = dbPoolRunbook({ body: V2, version: 2 });
  runbook.versions = [
    { version: 1, title: runbook.title, at: minutesAgo(120), by: { id: 'p-marcus', name: 'Marcus Webb' }, restoredFrom: null, body: DB_POOL, serviceIds: runbook.serviceIds, selectors: runbook.selectors },
    { version: 2, title: runbook.title, at: minutesAgo(30), by: { id: 'p-priya', name: 'Priya Raman' }, restoredFrom: null, body: V2, serviceIds: runbook.serviceIds, selectors: runbook.selectors },
  ];
  db.runbooks = [runbook];
}

describe('runbook history', () => {
  it('lists the versions with who saved them, and diffs two of them with + and − marks in words', async () => {
    seedVersions();
    renderApp('/runbooks/rb-db-pool/history', { as: 'viewer' });
    const versions = await screen.findByRole('list', { name: 'Versions' });
    const items = within(versions).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(/Version 2\(current\).*Priya Raman/);
    expect(items[1]).toHaveTextContent(/Version 1.*Marcus Webb/);
    const diff = await screen.findByRole('table', { name: 'Differences from version 1 to version 2' });
    expect(within(diff).getByText('1. Restart the checkout pods').closest('tr')).toHaveTextContent('−removed');
    expect(within(diff).getByText('1. Roll the checkout pods one by one').closest('tr')).toHaveTextContent('+added');
    expect(screen.getByText('1 line added (+) in version 2, 1 removed (−) from version 1.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Restore version 1' })).not.toBeInTheDocument();
  });

  it('restores an older version as a new one after confirmation', async () => {
    seedVersions();
    const { user } = renderApp('/runbooks/rb-db-pool/history', { as: 'manager' });
    await user.click(await screen.findByRole('button', { name: 'Restore version 1' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Restore version 1?' })).getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText('Version 1 restored as version 3.')).toBeInTheDocument();
    expect(db.runbooks[0]).toMatchObject({ version: 3, body: DB_POOL });
    const versions = screen.getByRole('list', { name: 'Versions' });
    expect(await within(versions).findByText(/restored from version 1/)).toBeInTheDocument();
  });

  it('refuses a restore based on a stale version and says so', async () => {
    seedVersions();
    const { user } = renderApp('/runbooks/rb-db-pool/history', { as: 'manager' });
    await user.click(await screen.findByRole('button', { name: 'Restore version 1' }));
    db.runbooks[0] = { ...db.runbooks[0]!, version: 3 };
    await user.click(within(screen.getByRole('dialog', { name: 'Restore version 1?' })).getByRole('button', { name: 'Restore' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not restored: version 3 was saved meanwhile.');
    expect(db.runbooks[0]!.body).toBe(V2);
  });
});
