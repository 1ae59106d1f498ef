import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, seed } from '../../testing/db';
import { FakeEventSource } from '../../testing/fake-event-source';
import { liveIncidentEvent, makeIncident, makeService, minutesAgo } from '../../testing/fixtures';
import { server } from '../../testing/msw-server';
import { renderApp } from '../../testing/render-app';
import { makeRunbook } from '../../testing/runbook-handlers';

const checkout = makeService({ id: 'svc-checkout', name: 'Checkout API' });
const search = makeService({ id: 'svc-search', name: 'Search' });

function seedOpenIncidents() {
  const incidents = {
    p3Old: makeIncident({ id: 'INC-2026-0001', title: 'Search results slow', severity: 'P3', serviceId: search.id, serviceName: search.name, triggeredAt: minutesAgo(60) }),
    p1New: makeIncident({ id: 'INC-2026-0002', title: 'Checkout down', severity: 'P1', triggeredAt: minutesAgo(5) }),
    p2: makeIncident({ id: 'INC-2026-0003', title: 'Card payments failing', severity: 'P2', state: 'acknowledged', triggeredAt: minutesAgo(30), commander: 'Priya Raman' }),
    p1Old: makeIncident({ id: 'INC-2026-0004', title: 'Orders DB pool exhausted', severity: 'P1', triggeredAt: minutesAgo(20), alertCount: 3 }),
  };
  seed({ services: [checkout, search], incidents: Object.values(incidents) });
  return incidents;
}

async function openIncidentTitles() {
  const list = await screen.findByRole('list', { name: 'Open incidents' });
  return within(list)
    .getAllByRole('link')
    .map((link) => link.textContent);
}

describe('dashboard', () => {
  it('lists open incidents by severity, then oldest first', async () => {
    seedOpenIncidents();
    renderApp('/');
    expect(await openIncidentTitles()).toEqual(['Orders DB pool exhausted', 'Checkout down', 'Card payments failing', 'Search results slow']);
    const row = screen.getByRole('link', { name: 'Orders DB pool exhausted' }).closest('li')!;
    expect(row).toHaveTextContent('INC-2026-0004');
    expect(row).toHaveTextContent('P1');
    expect(row).toHaveTextContent('Triggered');
    expect(row).toHaveTextContent('3 alerts');
    expect(row).toHaveTextContent(/open 20m/);
    expect(screen.getByRole('link', { name: 'Card payments failing' }).closest('li')).toHaveTextContent('Priya Raman');
    expect(screen.getByRole('link', { name: 'Orders DB pool exhausted' })).toHaveAttribute('href', '/incidents/INC-2026-0004');
  });

  it('shows an incident that arrives over the live stream and drops one resolved over it', async () => {
    const { p2 } = seedOpenIncidents();
    renderApp('/');
    await openIncidentTitles();
    const stream = FakeEventSource.latest();
    stream.open();

    const arriving = makeIncident({ id: 'INC-2026-0009', title: 'Login errors spiking', severity: 'P1', triggeredAt: minutesAgo(1) });
    stream.emit(liveIncidentEvent(201, 'incident.triggered', arriving, { actor: { type: 'integration', name: 'Alertmanager' } }));
    expect(await openIncidentTitles()).toEqual(['Orders DB pool exhausted', 'Checkout down', 'Login errors spiking', 'Card payments failing', 'Search results slow']);

    stream.emit(liveIncidentEvent(202, 'incident.resolved', { ...p2, state: 'resolved', phase: 'resolved', resolvedAt: new Date().toISOString() }));
    expect(await openIncidentTitles()).toEqual(['Orders DB pool exhausted', 'Checkout down', 'Login errors spiking', 'Search results slow']);
    expect(FakeEventSource.openInstances()).toHaveLength(1);
  });

  it('refetches everything when a fresh (not resumed) stream becomes ready', async () => {
    seedOpenIncidents();
    renderApp('/');
    await openIncidentTitles();
    // Something changed while the stream was not yet connected, and no event will say so.
    db.incidents.push(makeIncident({ id: 'INC-2026-0010', title: 'Missed while connecting', severity: 'P4', triggeredAt: minutesAgo(2) }));
    FakeEventSource.latest().ready(300, false);
    expect(await screen.findByRole('link', { name: 'Missed while connecting' })).toBeInTheDocument();
    expect(screen.getByRole('banner')).toHaveTextContent('Live updates: Live');
  });

  it('filters by service, severity and state, and keeps the filter in the address', async () => {
    seedOpenIncidents();
    const { user, router } = renderApp('/');
    await openIncidentTitles();
    await user.selectOptions(screen.getByLabelText('Severity'), 'P1');
    expect(await openIncidentTitles()).toEqual(['Orders DB pool exhausted', 'Checkout down']);
    expect(router.state.location.search).toBe('?severity=P1');
    await user.selectOptions(screen.getByLabelText('Severity'), '');
    await user.selectOptions(screen.getByLabelText('Service'), 'Search');
    expect(await openIncidentTitles()).toEqual(['Search results slow']);
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.selectOptions(screen.getByLabelText('State'), 'acknowledged');
    expect(await openIncidentTitles()).toEqual(['Card payments failing']);
    await user.selectOptions(screen.getByLabelText('Severity'), 'P4');
    expect(screen.getByText('No incidents match these filters.')).toBeInTheDocument();
  });

  it('says "All quiet" when nothing is open, and shows recently resolved on request', async () => {
    seed({
      services: [checkout],
      incidents: [makeIncident({ title: 'Disk full on db-2', state: 'resolved', phase: 'resolved', triggeredAt: minutesAgo(90), resolvedAt: minutesAgo(60) })],
    });
    const { user } = renderApp('/');
    expect(await screen.findByRole('heading', { name: 'All quiet' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Recently resolved' }));
    const list = await screen.findByRole('list', { name: 'Recently resolved incidents' });
    expect(within(list).getByRole('link', { name: 'Disk full on db-2' })).toBeInTheDocument();
    expect(within(list).getAllByText('30m').length).toBeGreaterThan(0);
  });

  it('loads older resolved incidents page by page with "Load more", each once', async () => {
    seed({
      services: [checkout],
      incidents: Array.from({ length: 120 }, (_, i) =>
        makeIncident({ id: `INC-2026-${String(i + 1).padStart(4, '0')}`, title: `Resolved ${i + 1}`, state: 'resolved', phase: 'resolved', triggeredAt: minutesAgo(1000 - i), resolvedAt: minutesAgo(900 - i) }),
      ),
    });
    const { user } = renderApp('/?view=resolved');
    const list = await screen.findByRole('list', { name: 'Recently resolved incidents' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(50);
    await user.click(screen.getByRole('button', { name: 'Load more resolved incidents' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(100));
    await user.click(screen.getByRole('button', { name: 'Load more resolved incidents' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(120));
    expect(screen.queryByRole('button', { name: 'Load more resolved incidents' })).not.toBeInTheDocument();
    const titles = within(list).getAllByRole('link').map((a) => a.textContent);
    expect(new Set(titles).size).toBe(120);
    expect(titles[0]).toBe('Resolved 120');
    expect(titles[119]).toBe('Resolved 1');
  });
});

describe('declare incident dialog', () => {
  it('requires a title and a service before sending anything', async () => {
    seed({ services: [checkout, search] });
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Declare incident' }));
    const dialog = screen.getByRole('dialog', { name: 'Declare incident' });
    expect(within(dialog).getByLabelText('Title')).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Declare incident' }));
    expect(within(dialog).getByLabelText('Title')).toHaveAccessibleDescription('Give the incident a title.');
    expect(within(dialog).getByLabelText('Title')).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByLabelText('Service')).toHaveAccessibleDescription('Choose the affected service.');
    expect(db.incidents).toHaveLength(0);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Declare incident' })).toHaveFocus();
  });

  it('shows the server\u2019s field problem next to the field', async () => {
    seed({ services: [checkout] });
    server.use(
      http.post('*/api/v1/incidents', () =>
        HttpResponse.json({ error: { code: 'invalid_request', message: 'serviceId names no service', fields: [{ field: 'serviceId', problem: 'names no service' }] } }, { status: 400 }),
      ),
    );
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Declare incident' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Title'), 'Checkout returns 502');
    await user.click(within(dialog).getByRole('button', { name: 'Declare incident' }));
    await waitFor(() => expect(within(dialog).getByLabelText('Service')).toHaveAccessibleDescription('Service names no service'));
  });

  it('declares the incident and opens its page', async () => {
    seed({ services: [checkout, search] });
    const { user, router } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Declare incident' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Title'), 'Checkout returns 502');
    await user.selectOptions(within(dialog).getByLabelText('Service'), 'Checkout API');
    await user.selectOptions(within(dialog).getByLabelText('Severity'), 'P1');
    // Whoever declares commands at first, unless they name someone else.
    expect(within(dialog).getByLabelText('Incident commander')).toHaveValue('Priya Raman');
    await user.clear(within(dialog).getByLabelText('Incident commander'));
    await user.type(within(dialog).getByLabelText('Incident commander'), 'Marcus Webb');
    await user.click(within(dialog).getByRole('button', { name: 'Declare incident' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Checkout returns 502' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/incidents/${db.incidents[0]!.id}`);
    expect(db.incidents[0]).toMatchObject({ severity: 'P1', commander: 'Marcus Webb', serviceId: checkout.id });
    expect(await screen.findByText('Priya Raman declared the incident as P1 with Marcus Webb as incident commander')).toBeInTheDocument();
  });

  it('is not offered to a viewer, who only watches', async () => {
    seedOpenIncidents();
    renderApp('/', { as: 'viewer' });
    await openIncidentTitles();
    expect(screen.queryByRole('button', { name: 'Declare incident' })).not.toBeInTheDocument();
  });
});

describe('runbooks due for review on the dashboard', () => {
  it('reminds the people who look after a runbook that its review is overdue, with a link to it, and nobody else', async () => {
    seedOpenIncidents();
    const overdue = makeRunbook({ id: 'rb-disk', title: 'Disk almost full', body: '# Disk\n', reviewIntervalDays: 30, lastReviewedAt: minutesAgo(45 * 24 * 60) });
    const fresh = makeRunbook({ id: 'rb-pool', title: 'Pool exhausted', body: '# Pool\n', reviewIntervalDays: 30, lastReviewedAt: minutesAgo(24 * 60) });
    db.runbooks = [overdue, fresh];
    renderApp('/', { as: 'manager' });
    const panel = await screen.findByRole('region', { name: 'A runbook you look after is due for review' });
    expect(within(panel).getByRole('link', { name: 'Disk almost full' })).toHaveAttribute('href', '/runbooks/rb-disk');
    expect(panel).toHaveTextContent('Review overdue');
    expect(within(panel).queryByRole('link', { name: 'Pool exhausted' })).not.toBeInTheDocument();
  });

  it('shows a responder, who may not edit the team’s runbooks, no reminder', async () => {
    seedOpenIncidents();
    db.runbooks = [makeRunbook({ id: 'rb-disk', title: 'Disk almost full', body: '# Disk\n', reviewIntervalDays: 30, lastReviewedAt: minutesAgo(45 * 24 * 60) })];
    let answered = false;
    const onResponse = ({ request }: { request: Request }) => {
      if (new URL(request.url).pathname === '/api/v1/runbooks') answered = true;
    };
    server.events.on('response:mocked', onResponse);
    try {
      renderApp('/', { as: 'responder' });
      await openIncidentTitles();
      // The list came back (with the overdue runbook in it): the reminder was decided, not pending.
      await waitFor(() => expect(answered).toBe(true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(screen.queryByRole('region', { name: /due for review/ })).not.toBeInTheDocument();
    } finally {
      server.events.removeListener('response:mocked', onResponse);
    }
  });
});
