import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { seed } from '../../../testing/db';
import { FakeEventSource } from '../../../testing/fake-event-source';
import { makeEvent, makeIncident, makeService } from '../../../testing/fixtures';
import { renderApp } from '../../../testing/render-app';

describe('runbook progress on the dashboard', () => {
  it("shows each incident's runbook progress on its row and follows ticks from the live stream", async () => {
    const incident = makeIncident({
      id: 'INC-2026-0042',
      title: 'Checkout pool exhausted',
      runbookProgress: { runId: 'run-1', runbookId: 'rb-db-pool', title: 'DB pool', progress: { done: 2, total: 9, section: { id: 'section-5', title: 'Quick fix', done: 2, total: 4 } } },
    });
    const quiet = makeIncident({ id: 'INC-2026-0043', title: 'Search slow' });
    seed({ services: [makeService({ id: 'svc-checkout' })], incidents: [incident, quiet] });
    renderApp('/', { as: 'viewer' });
    const list = await screen.findByRole('list', { name: 'Open incidents' });
    const row = within(list).getByRole('link', { name: 'Checkout pool exhausted' }).closest('li')!;
    expect(row).toHaveTextContent('Runbook progress: Quick fix 2/4');
    expect(within(list).getByRole('link', { name: 'Search slow' }).closest('li')).not.toHaveTextContent('Runbook progress');
    FakeEventSource.latest().emit(
      makeEvent({
        seq: 700,
        kind: 'runbook.step_checked',
        incidentId: incident.id,
        serviceId: incident.serviceId,
        data: { runId: 'run-1', runbookId: 'rb-db-pool', title: 'DB pool', stepId: 'step-20', step: 'Restart', section: 'Quick fix', checked: true, progress: { done: 9, total: 9, section: null } },
      }),
    );
    await waitFor(() => expect(row).toHaveTextContent('Runbook progress: Runbook 9/9'));
  });
});
