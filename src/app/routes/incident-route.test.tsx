import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { db, seed } from '../../testing/db';
import { FakeEventSource } from '../../testing/fake-event-source';
import { MINUTE, liveIncidentEvent, makeEvent, makeIncident, makeService, minutesAgo } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

const service = makeService({ id: 'svc-checkout', name: 'Checkout API' });

function seedIncident(overrides: Parameters<typeof makeIncident>[0] = {}) {
  const incident = makeIncident({ id: 'INC-2026-0042', title: 'Checkout latency above 5 s', severity: 'P2', triggeredAt: minutesAgo(3), ...overrides });
  const triggered = makeEvent({
    seq: 10,
    kind: 'incident.triggered',
    at: incident.triggeredAt,
    incidentId: incident.id,
    actor: { type: 'integration', name: 'Alertmanager' },
    data: { title: incident.title, severity: incident.severity, source: 'alertmanager', alertCount: 1, firing: 1, alerts: ['checkout-api: p99 latency above 5 s'], more: 0 },
  });
  seed({ services: [service], incidents: [incident], timelines: { [incident.id]: [triggered] } });
  return incident;
}

const timeline = () => screen.findByRole('list', { name: 'Timeline' });

describe('incident page', () => {
  it('shows the incident with its timeline as sentences', async () => {
    seedIncident();
    renderApp('/incidents/INC-2026-0042');
    expect(await screen.findByRole('heading', { level: 1, name: 'Checkout latency above 5 s' })).toBeInTheDocument();
    const events = await timeline();
    expect(within(events).getByText('Alertmanager opened the incident: 1 alert firing')).toBeInTheDocument();
    expect(within(events).getByText('checkout-api: p99 latency above 5 s')).toBeInTheDocument();
    const time = within(events).getByText((_, element) => element?.tagName === 'TIME');
    expect(time).toHaveAttribute('dateTime', db.incidents[0]!.triggeredAt);
    expect(time.getAttribute('title')).toMatch(/UTC$/);
  });

  it('shows an event it cannot read, or of a kind newer than this page, as a plain sentence and the rest of the timeline as usual', async () => {
    const incident = seedIncident();
    const unreadable = makeEvent({ seq: 11, kind: 'unrecognised', incidentId: incident.id, actor: { type: 'system', name: 'Firewatch' }, data: { storedKind: 'incident.escalated', stored: { level: 2 } } });
    const newer = { ...makeEvent({ seq: 12, kind: 'incident.acknowledged', incidentId: incident.id, actor: { type: 'system', name: 'Firewatch' } }), kind: 'incident.delivered', data: {} };
    db.timelines.set(incident.id, [...db.timelines.get(incident.id)!, unreadable, newer as unknown as typeof unreadable]);
    renderApp('/incidents/INC-2026-0042');
    const events = await timeline();
    expect(within(events).getByText('Firewatch: incident.escalated')).toBeInTheDocument();
    expect(within(events).getByText('Firewatch: incident.delivered')).toBeInTheDocument();
    expect(within(events).getByText('Alertmanager opened the incident: 1 alert firing')).toBeInTheDocument();
  });

  it('renders only http(s) and mailto links from alerts as links; a stored javascript:, data: or vbscript: one is plain text', async () => {
    seedIncident({
      links: [
        { href: 'https://grafana.example/d/checkout', text: 'Dashboard' },
        { href: 'mailto:payments@example.com', text: 'Mail the team' },
        { href: 'javascript:alert(document.cookie)', text: 'Runbook' },
        { href: 'data:text/html,<script>alert(1)</script>', text: 'Details' },
        { href: 'vbscript:msgbox(1)' },
      ],
    });
    renderApp('/incidents/INC-2026-0042');
    const links = await screen.findByRole('list', { name: 'Links' });
    expect(within(links).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['https://grafana.example/d/checkout', 'mailto:payments@example.com']);
    expect(within(links).getByText('javascript:alert(document.cookie)')).not.toHaveAttribute('href');
    expect(within(links).getByText(/^Runbook:/)).toBeInTheDocument();
    expect(within(links).getByText('vbscript:msgbox(1)').closest('a')).toBeNull();
  });

  it('acknowledges: the button goes away and the timeline names the signed-in person', async () => {
    seedIncident();
    const { user } = renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    await user.click(await screen.findByRole('button', { name: 'Acknowledge' }));
    expect(await within(await timeline()).findByText('Diego Alvarez acknowledged')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resolve' })).toBeInTheDocument();
    expect(db.incidents[0]!.state).toBe('acknowledged');
  });

  it('shows a viewer the incident read-only: no actions, no note box, no editing', async () => {
    seedIncident({ commander: 'Marcus Webb' });
    renderApp('/incidents/INC-2026-0042', { as: 'viewer' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Checkout latency above 5 s' })).toBeInTheDocument();
    await timeline();
    for (const name of ['Acknowledge', 'Resolve', 'Edit title', 'Post note']) expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Note')).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Severity' })).not.toBeInTheDocument();
    const details = screen.getByRole('complementary', { name: 'Incident details' });
    expect(within(details).getByText('Severity').nextElementSibling).toHaveTextContent(/^P2/);
    expect(within(details).getByText('Incident commander').nextElementSibling).toHaveTextContent('Marcus Webb');
    expect(within(details).getByText('Scribe').nextElementSibling).toHaveTextContent('Unassigned');
  });

  it('offers a responder the actions a viewer does not get', async () => {
    seedIncident();
    renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    expect(await screen.findByRole('button', { name: 'Acknowledge' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resolve' })).toBeInTheDocument();
    expect(screen.getByLabelText('Note')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Severity' })).toBeInTheDocument();
  });

  it('resolves after confirmation', async () => {
    seedIncident({ state: 'acknowledged' });
    const { user } = renderApp('/incidents/INC-2026-0042');
    await user.click(await screen.findByRole('button', { name: 'Resolve' }));
    const dialog = screen.getByRole('dialog', { name: 'Resolve INC-2026-0042?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Resolve incident' }));
    expect(await within(await timeline()).findByText('Priya Raman resolved the incident')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Resolve' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Note')).not.toBeInTheDocument();
  });

  it('posts a status update, marked apart, and restarts the cadence clock', async () => {
    seedIncident({ severity: 'P1', triggeredAt: minutesAgo(12) });
    const { user } = renderApp('/incidents/INC-2026-0042', { as: 'manager' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Status update overdue: P1 incidents need one every 5 minutes.');

    await user.click(screen.getByRole('button', { name: 'Post note' }));
    expect(screen.getByLabelText('Note')).toHaveAccessibleDescription(/Write the note first\./);

    await user.click(screen.getByRole('button', { name: 'Write a status update' }));
    expect(screen.getByRole('checkbox', { name: /Status update/ })).toBeChecked();
    expect(screen.getByLabelText('Status update')).toHaveFocus();
    await user.keyboard('Checkout is failing for some customers. We are investigating.');
    await user.click(screen.getByRole('button', { name: 'Post status update' }));

    const events = await timeline();
    expect(await within(events).findByText('Marcus Webb posted a status update (Investigating)')).toBeInTheDocument();
    expect(within(events).getByText('Checkout is failing for some customers. We are investigating.')).toBeInTheDocument();
    expect(within(events).getByText('Status update', { selector: 'p' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(screen.getByText(/^Last status update \d+s ago$/)).toBeInTheDocument();
    expect(screen.getByLabelText('Note')).toHaveValue('');
    expect(db.timelines.get('INC-2026-0042')!.at(-1)).toMatchObject({ kind: 'incident.status_update', actor: { name: 'Marcus Webb' } });
  });

  it('posts a plain note without touching the cadence clock', async () => {
    seedIncident();
    const { user } = renderApp('/incidents/INC-2026-0042', { as: 'manager' });
    await user.type(await screen.findByLabelText('Note'), 'Rolled back deploy 4812.');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await within(await timeline()).findByText('Marcus Webb added a note')).toBeInTheDocument();
    expect(db.incidents[0]!.lastStatusUpdateAt).toBeNull();
    expect(screen.getByText(/^No status update yet/)).toBeInTheDocument();
  });

  it('warns when the status update is overdue for the severity, and not while it is fresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-03-10T12:00:00Z');
    vi.setSystemTime(start);
    seedIncident({ severity: 'P2', triggeredAt: minutesAgo(40), lastStatusUpdateAt: minutesAgo(10) });
    renderApp('/incidents/INC-2026-0042');
    expect(await screen.findByText('Last status update 10m ago')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    // P2 allows 15 minutes: at 15m exactly it is still on time, a moment later it is overdue.
    vi.setSystemTime(start + 5 * MINUTE);
    expect(await screen.findByText('Last status update 15m ago', {}, { timeout: 2000 })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    vi.setSystemTime(start + 5 * MINUTE + 1000);
    expect(await screen.findByRole('alert', {}, { timeout: 2000 })).toHaveTextContent('Status update overdue: P2 incidents need one every 15 minutes.');
    expect(screen.getByText(/overdue by/)).toHaveTextContent('Last status update 15m 1s ago · overdue by 1s');
  });

  it('applies live events to the open timeline once, however often they arrive', async () => {
    const incident = seedIncident({ alertCount: 1 });
    renderApp('/incidents/INC-2026-0042');
    await timeline();
    const stream = FakeEventSource.latest();
    const firing = liveIncidentEvent(
      11,
      'alert.firing',
      { ...incident, alertCount: 3 },
      { actor: { type: 'integration', name: 'Alertmanager' }, data: { count: 2, alertCount: 3, alerts: ['db-1 disk 91%', 'db-2 disk 93%'], more: 0 } },
    );
    stream.emit(firing);
    stream.emit(firing);
    const events = await timeline();
    expect(within(events).getAllByText('Alertmanager: 2 more alerts firing')).toHaveLength(1);
    expect(within(events).getAllByRole('listitem').filter((li) => li.parentElement === events)).toHaveLength(2);
    expect(screen.getByRole('complementary', { name: 'Incident details' })).toHaveTextContent('3 alerts');
  });

  it('changes severity and phase, and the timeline reads as sentences', async () => {
    seedIncident();
    const { user } = renderApp('/incidents/INC-2026-0042');
    await user.selectOptions(await screen.findByLabelText('Severity'), 'P1');
    expect(await within(await timeline()).findByText('Priya Raman changed severity P2 → P1')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Phase'), 'identified');
    expect(await within(await timeline()).findByText('Priya Raman moved the phase Investigating → Identified')).toBeInTheDocument();
  });

  it('edits the title, refusing an empty one', async () => {
    seedIncident();
    const { user } = renderApp('/incidents/INC-2026-0042');
    await user.click(await screen.findByRole('button', { name: 'Edit title' }));
    const input = screen.getByLabelText('Title');
    await user.clear(input);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(input).toHaveAccessibleDescription('The title cannot be empty.');
    await user.type(input, 'Checkout down in eu-west-1');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Checkout down in eu-west-1' })).toBeInTheDocument();
    expect(await within(await timeline()).findByText('Priya Raman renamed the incident to “Checkout down in eu-west-1”')).toBeInTheDocument();
  });

  it('assigns a commander and a scribe by name, refusing an over-long one', async () => {
    seedIncident();
    const { user } = renderApp('/incidents/INC-2026-0042');
    const scribe = await screen.findByLabelText('Scribe');
    await user.type(scribe, 'x'.repeat(101));
    await user.click(screen.getByRole('button', { name: 'Assign scribe' }));
    expect(scribe).toHaveAccessibleDescription('Use at most 100 characters.');
    await user.clear(scribe);
    await user.type(scribe, 'Marcus Webb');
    await user.click(screen.getByRole('button', { name: 'Assign scribe' }));
    expect(await within(await timeline()).findByText('Priya Raman made Marcus Webb scribe')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Incident commander'), 'Priya Raman{Enter}');
    expect(await within(await timeline()).findByText('Priya Raman became incident commander')).toBeInTheDocument();
    expect(db.incidents[0]).toMatchObject({ commander: 'Priya Raman', scribe: 'Marcus Webb' });
  });

  it('shows a 404 page for an unknown incident', async () => {
    renderApp('/incidents/INC-2026-9999');
    expect(await screen.findByRole('heading', { name: 'Incident not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the dashboard' })).toHaveAttribute('href', '/');
  });
});
