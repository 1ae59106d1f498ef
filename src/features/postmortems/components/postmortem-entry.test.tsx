import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { IncidentDto } from '../../../contracts/incidents';
import { db, seed } from '../../../testing/db';
import { FakeEventSource } from '../../../testing/fake-event-source';
import { MINUTE, liveIncidentEvent, makeIncident, makeService } from '../../../testing/fixtures';
import { API, allow, apiError } from '../../../testing/msw-kit';
import { server } from '../../../testing/msw-server';
import { makePostmortem } from '../../../testing/postmortem-samples';
import { renderApp } from '../../../testing/render-app';

const NOW = Date.parse('2026-03-03T12:00:00.000Z');
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

// GET and POST /incidents/:id/postmortem belong to the post-mortem handlers, which are another
// helper's and not on this branch yet: a minimal stand-in over db.postmortems.
function serveIncidentPostmortem() {
  server.use(
    http.get(`${API}/incidents/:id/postmortem`, ({ params }) => {
      const found = db.postmortems.find((pm) => pm.incident.id === params['id']);
      return found ? HttpResponse.json(found) : apiError(404, 'not_found', 'no post-mortem yet');
    }),
    http.post(
      `${API}/incidents/:id/postmortem`,
      allow('incident:act', ({ params }) => {
        const incident = db.incidents.find((i) => i.id === params['id'])!;
        const created = makePostmortem({
          id: 'pm-new',
          title: incident.title,
          incident: { ...makePostmortem().incident, id: incident.id, title: incident.title, resolvedAt: incident.resolvedAt },
          dueAt: incident.resolvedAt ? iso(Date.parse(incident.resolvedAt) + 48 * HOUR) : null,
        });
        db.postmortems.push(created);
        return HttpResponse.json(created, { status: 201 });
      }),
    ),
  );
}

function seedIncident(overrides: Partial<IncidentDto> = {}) {
  const incident = makeIncident({ id: 'INC-2026-0042', title: 'Checkout pool exhausted', serviceId: 'svc-checkout', triggeredAt: iso(NOW - 2 * HOUR), ...overrides });
  seed({ services: [makeService({ id: 'svc-checkout', name: 'Checkout API' })], incidents: [incident], timelines: { [incident.id]: [] } });
  serveIncidentPostmortem();
  return incident;
}

const resolvedAgo = (minutes: number): Partial<IncidentDto> => ({ state: 'resolved', phase: 'resolved', acknowledgedAt: iso(NOW - 100 * MINUTE), resolvedAt: iso(NOW - minutes * MINUTE) });
const entry = () => screen.findByRole('region', { name: 'Post-mortem' });

describe('PostmortemEntry on the incident page', () => {
  it('offers to start the post-mortem of a resolved incident with the 48-hour countdown, ticking each minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    seedIncident(resolvedAgo(48));
    renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const region = await entry();
    expect(region).toHaveTextContent('due in 47 h 12 min');
    expect(within(region).getByRole('button', { name: 'Start the post-mortem' })).toBeEnabled();
    vi.setSystemTime(NOW + MINUTE);
    expect(await within(region).findByText('due in 47 h 11 min')).toBeInTheDocument();
  });

  it('starts it and goes to it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    seedIncident(resolvedAgo(10));
    const { user, router } = renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    await user.click(within(await entry()).getByRole('button', { name: 'Start the post-mortem' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/postmortems/pm-new'));
    expect(db.postmortems).toHaveLength(1);
  });

  it('lets a responder start one while the incident is still open', async () => {
    seedIncident();
    renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const region = await entry();
    expect(region).toHaveTextContent('It will be due 48 hours after the incident resolves; you can start it now.');
    expect(within(region).getByRole('button', { name: 'Start the post-mortem' })).toBeInTheDocument();
  });

  it('shows a viewer of a resolved incident the countdown without the button, and nothing while it is open', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    seedIncident();
    renderApp('/incidents/INC-2026-0042', { as: 'viewer' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Checkout pool exhausted' })).toBeInTheDocument();
    await screen.findByRole('region', { name: 'Runbooks' });
    expect(screen.queryByRole('region', { name: 'Post-mortem' })).not.toBeInTheDocument();
    const incident = db.incidents[0]!;
    FakeEventSource.latest().emit(liveIncidentEvent(200, 'incident.resolved', { ...incident, ...resolvedAgo(0) }, { incidentId: incident.id }));
    const region = await entry();
    expect(region).toHaveTextContent('due in 48 h 0 min');
    expect(region).toHaveTextContent('A responder can start it.');
    expect(within(region).queryByRole('button')).not.toBeInTheDocument();
  });

  it('when the resolution arrives live, the offer turns into the countdown', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const incident = seedIncident();
    renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const region = await entry();
    expect(region).not.toHaveTextContent('due in');
    FakeEventSource.latest().emit(liveIncidentEvent(200, 'incident.resolved', { ...incident, ...resolvedAgo(0) }, { incidentId: incident.id }));
    expect(await within(await entry()).findByText('due in 48 h 0 min')).toBeInTheDocument();
  });

  it('when a colleague starts it, the offer becomes the link (live)', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const incident = seedIncident(resolvedAgo(30));
    renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    expect(within(await entry()).getByRole('button', { name: 'Start the post-mortem' })).toBeInTheDocument();
    db.postmortems = [makePostmortem({ id: 'pm-9', title: 'Checkout pool exhausted', incident: { ...makePostmortem().incident, id: incident.id }, dueAt: iso(NOW - 30 * MINUTE + 48 * HOUR) })];
    FakeEventSource.latest().emit(liveIncidentEvent(201, 'postmortem.created', incident, { incidentId: incident.id, data: { postmortemId: 'pm-9', title: 'Checkout pool exhausted' } }));
    const region = await entry();
    expect(await within(region).findByRole('link', { name: 'Checkout pool exhausted' })).toHaveAttribute('href', '/postmortems/pm-9');
    expect(region).toHaveTextContent('Draft · due in 47 h 30 min');
    expect(within(region).queryByRole('button', { name: 'Start the post-mortem' })).not.toBeInTheDocument();
  });

  it('links an existing draft with its status and countdown, overdue in words once past', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    seedIncident(resolvedAgo(50 * 60));
    db.postmortems = [makePostmortem({ id: 'pm-7', title: 'Checkout pool exhausted', incident: { ...makePostmortem().incident, id: 'INC-2026-0042' }, dueAt: iso(NOW - 2 * HOUR) })];
    renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const region = await entry();
    expect(within(region).getByRole('link', { name: 'Checkout pool exhausted' })).toHaveAttribute('href', '/postmortems/pm-7');
    expect(region).toHaveTextContent('Draft · overdue by 2 h 0 min');
    expect(within(region).queryByRole('button', { name: 'Start the post-mortem' })).not.toBeInTheDocument();
  });

  it('says a published one is published, with no countdown', async () => {
    seedIncident(resolvedAgo(60 * 24 * 5));
    db.postmortems = [makePostmortem({ id: 'pm-7', incident: { ...makePostmortem().incident, id: 'INC-2026-0042' }, status: 'published', publishedAt: '2026-03-04T15:00:00.000Z' })];
    renderApp('/incidents/INC-2026-0042', { as: 'viewer' });
    const region = await entry();
    expect(region).toHaveTextContent(/Published on/);
    expect(region).not.toHaveTextContent(/due in|overdue/);
    expect(within(region).getByText((_, el) => el?.tagName === 'TIME')).toHaveAttribute('dateTime', '2026-03-04T15:00:00.000Z');
  });
});
