import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ComponentDto, PublicIncidentDto } from '../../../contracts/status-page';
import { db, seed } from '../../../testing/db';
import { FakeEventSource } from '../../../testing/fake-event-source';
import { MINUTE, liveIncidentEvent, makeIncident, makeService } from '../../../testing/fixtures';
import { renderApp } from '../../../testing/render-app';

const NOW = Date.parse('2026-03-03T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const component = (over: Partial<ComponentDto>): ComponentDto => ({ id: 'cmp-x', name: 'X', group: null, position: 0, description: null, status: 'operational', serviceIds: [], updatedAt: iso(NOW), ...over });

function seedIncident() {
  seed({
    services: [makeService({ id: 'svc-checkout', name: 'Checkout API' })],
    incidents: [makeIncident({ id: 'INC-2026-0042', title: 'Pool exhausted on db-7', severity: 'P1', serviceId: 'svc-checkout', triggeredAt: iso(NOW - 30 * MINUTE) })],
    timelines: { 'INC-2026-0042': [] },
  });
  db.statusComponents = [component({ id: 'cmp-checkout', name: 'Checkout', serviceIds: ['svc-checkout'] }), component({ id: 'cmp-api', name: 'Public API', position: 1 })];
}

function published(over: Partial<PublicIncidentDto> = {}): PublicIncidentDto {
  return {
    id: 'pub-1',
    incidentId: 'INC-2026-0042',
    title: 'Checkout is slow',
    impact: 'minor',
    phase: 'investigating',
    components: [{ componentId: 'cmp-checkout', name: 'Checkout', status: 'degraded_performance' }],
    updates: [
      { id: 'u1', phase: 'investigating', body: 'Looking into it.', components: [], createdAt: iso(NOW - 20 * MINUTE), author: 'Diego Alvarez' },
      { id: 'u2', phase: 'identified', body: 'Found it.', components: [], createdAt: iso(NOW - 10 * MINUTE), author: 'Diego Alvarez' },
    ],
    summary: null,
    createdAt: iso(NOW - 20 * MINUTE),
    updatedAt: iso(NOW - 10 * MINUTE),
    resolvedAt: null,
    nextUpdateDueAt: iso(NOW + 12 * MINUTE),
    version: 2,
    ...over,
  };
}

const panel = () => screen.findByRole('region', { name: 'Status page' });

describe('the status page panel on the incident page', () => {
  it('publishes from the draft after the server names the empty message, and swaps templates with the phase until edited', async () => {
    seedIncident();
    const { user } = renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    await user.click(within(await panel()).getByRole('button', { name: 'Publish to status page' }));
    const dialog = await screen.findByRole('dialog', { name: 'Publish to status page' });
    expect(dialog).toHaveTextContent('never published');
    const title = await within(dialog).findByLabelText('Public title');
    expect(title).toHaveValue('Degraded performance of Checkout');
    const message = within(dialog).getByLabelText('Message');
    expect(message).toHaveValue('We are looking into reports of problems with Checkout. We will post another update as soon as we know more.');
    await user.selectOptions(within(dialog).getByLabelText('Phase'), 'identified');
    expect(message).toHaveValue('We have found the cause of the problems with Checkout and are working on a fix.');
    expect(within(dialog).getByRole('region', { name: 'Preview' })).toHaveTextContent('Identified — We have found the cause');

    await user.clear(message);
    await user.click(within(dialog).getByRole('button', { name: 'Publish' }));
    expect(await within(dialog).findByText('Message must not be empty')).toBeInTheDocument();
    expect(message).toHaveAttribute('aria-invalid', 'true');
    expect(db.publicIncidents).toHaveLength(0);

    await user.type(message, 'Checkout is slow for some customers.');
    await user.selectOptions(within(dialog).getByLabelText('Phase'), 'investigating');
    expect(message).toHaveValue('Checkout is slow for some customers.');
    await user.selectOptions(within(dialog).getByLabelText('Add a component'), 'cmp-api');
    await user.selectOptions(within(dialog).getByLabelText('Public API'), 'partial_outage');
    await user.click(within(dialog).getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.publicIncidents[0]).toMatchObject({ title: 'Degraded performance of Checkout', phase: 'investigating', impact: 'major' });
    expect(await within(await panel()).findByText('Public API: Partial outage')).toBeInTheDocument();
  });

  it('names a missing component next to the components', async () => {
    seedIncident();
    db.statusComponents = db.statusComponents.map((c) => ({ ...c, serviceIds: [] }));
    const { user } = renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    await user.click(within(await panel()).getByRole('button', { name: 'Publish to status page' }));
    const dialog = await screen.findByRole('dialog', { name: 'Publish to status page' });
    await within(dialog).findByLabelText('Public title');
    await user.click(within(dialog).getByRole('button', { name: 'Publish' }));
    expect(await within(dialog).findByText('Components must name at least one component')).toBeInTheDocument();
  });

  it('shows updates newest first with the public countdown, and turns red once overdue', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    seedIncident();
    db.publicIncidents = [published()];
    renderApp('/incidents/INC-2026-0042', { as: 'viewer' });
    const region = await panel();
    expect(await within(region).findByText('next public update due in 12 min')).toBeInTheDocument();
    const updates = within(within(region).getByRole('list', { name: 'Public updates, newest first' })).getAllByRole('listitem');
    expect(updates.map((u) => u.textContent)).toEqual([expect.stringContaining('Found it.'), expect.stringContaining('Looking into it.')]);
    expect(within(region).queryByRole('button', { name: 'Post public update' })).not.toBeInTheDocument();
    expect(within(region).getByRole('link', { name: 'View status page' })).toHaveAttribute('href', '/status');
    vi.setSystemTime(NOW + 15 * MINUTE);
    expect(await within(region).findByRole('alert')).toHaveTextContent('public update overdue by 3 min');
  });

  it('posts the resolved update with its summary and the post-mortem link asked for', async () => {
    seedIncident();
    db.publicIncidents = [published({ phase: 'monitoring' })];
    const { user } = renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const region = await panel();
    await user.click(await within(region).findByRole('button', { name: 'Post public update' }));
    const form = within(region).getByRole('form', { name: 'Post public update' });
    expect(within(form).getByLabelText('Phase')).toHaveValue('resolved');
    expect(within(form).getByLabelText('Message')).toHaveValue('Checkout is working normally again. Thank you for your patience.');
    expect(within(form).getByLabelText('Checkout')).toHaveValue('operational');
    await user.type(within(form).getByLabelText('Root cause'), 'A connection pool too small for the traffic.');
    await user.type(within(form).getByLabelText('Duration'), '42 minutes');
    await user.click(within(form).getByLabelText('Link the published post-mortem'));
    await user.click(within(form).getByRole('button', { name: 'Post update' }));
    expect(await within(region).findByText('A connection pool too small for the traffic.')).toBeInTheDocument();
    expect(db.publicIncidents[0]).toMatchObject({ phase: 'resolved', nextUpdateDueAt: null, summary: { rootCause: 'A connection pool too small for the traffic.', duration: '42 minutes' } });
    expect(db.statusComponents.find((c) => c.id === 'cmp-checkout')?.status).toBe('operational');
  });

  it('shows an update posted in another tab when its live event arrives', async () => {
    seedIncident();
    db.publicIncidents = [published()];
    renderApp('/incidents/INC-2026-0042', { as: 'viewer' });
    const region = await panel();
    expect(await within(region).findByText('Found it.')).toBeInTheDocument();
    const [incident] = db.incidents;
    const next = published();
    db.publicIncidents = [{ ...next, phase: 'monitoring', updates: [...next.updates, { id: 'u3', phase: 'monitoring', body: 'A fix is in place.', components: [], createdAt: iso(NOW - MINUTE), author: null }], version: 3 }];
    FakeEventSource.latest().emit(liveIncidentEvent(300, 'status.public_update', incident!, { data: { publicIncidentId: 'pub-1', updateId: 'u3', phase: 'monitoring', text: 'A fix is in place.' } }));
    expect(await within(region).findByText('A fix is in place.')).toBeInTheDocument();
    expect(region).toHaveTextContent('Phase: Monitoring');
  });
});
