import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, seed } from '../../../testing/db';
import { USERS, makeIncident, makeService } from '../../../testing/fixtures';
import { API, apiError } from '../../../testing/msw-kit';
import { server } from '../../../testing/msw-server';
import { makeActionItem, makePostmortem } from '../../../testing/postmortem-samples';
import { renderApp } from '../../../testing/render-app';

const diego = { id: USERS.responder.id, name: USERS.responder.name, timeZone: USERS.responder.timeZone };

function seedRecurrence() {
  const incident = makeIncident({ id: 'INC-2026-0042', title: 'Checkout pool exhausted again', serviceId: 'svc-checkout' });
  seed({ services: [makeService({ id: 'svc-checkout', name: 'Checkout API' })], incidents: [incident], timelines: { [incident.id]: [] } });
  // GET /incidents/:id/postmortem is another helper's handler, not on this branch yet: none started.
  server.use(http.get(`${API}/incidents/:id/postmortem`, () => apiError(404, 'not_found', 'no post-mortem yet')));
  // Midday UTC, so the day reads the same in any zone the tests run in.
  const earlier = makePostmortem({ incident: { ...makePostmortem().incident, triggeredAt: '2026-03-03T12:00:00.000Z' } });
  return { incident, earlier };
}

const recurrence = () => screen.findByRole('region', { name: 'This happened before' });

describe('RecurrencePanel on the incident page', () => {
  it("names the earlier incident of the same service and its action items still open, with owner and due date, and links", async () => {
    const { earlier } = seedRecurrence();
    db.postmortems = [
      {
        ...earlier,
        actionItems: [
          makeActionItem({ id: 'ai-open', title: 'Add pool monitoring', owner: diego, dueOn: '2026-03-10' }),
          makeActionItem({ id: 'ai-done', title: 'Raise the pool size', status: 'done', closedAt: '2026-03-04T10:00:00.000Z' }),
        ],
      },
    ];
    renderApp('/incidents/INC-2026-0042', { as: 'viewer' });
    const region = await recurrence();
    expect(region).toHaveTextContent(/On (3 March|March 3) \(INC-2026-0001, Checkout: connection pool exhausted\)/);
    expect(region).toHaveTextContent(/“Add pool monitoring” is still open — owner Diego Alvarez, due (10 March|March 10) \(overdue\)/);
    expect(region).not.toHaveTextContent('Raise the pool size');
    expect(within(region).getByRole('link', { name: 'INC-2026-0001' })).toHaveAttribute('href', '/incidents/INC-2026-0001');
    expect(within(region).getByRole('link', { name: 'Post-mortem of INC-2026-0001' })).toHaveAttribute('href', '/postmortems/pm-1');
  });

  it('shows nothing when the earlier items are closed, or belong to another service', async () => {
    const { earlier } = seedRecurrence();
    db.postmortems = [
      { ...earlier, actionItems: [makeActionItem({ status: 'done' })] },
      { ...earlier, id: 'pm-2', incident: { ...earlier.incident, id: 'INC-2026-0002', serviceId: 'svc-search' }, actionItems: [makeActionItem({ id: 'ai-2', postmortemId: 'pm-2', serviceId: 'svc-search' })] },
    ];
    const answers: unknown[] = [];
    const listen = ({ response, request }: { response: Response; request: Request }) => {
      if (new URL(request.url).pathname.endsWith('/recurrence')) void response.clone().json().then((json) => answers.push(json));
    };
    server.events.on('response:mocked', listen);
    renderApp('/incidents/INC-2026-0042', { as: 'viewer' });
    await waitFor(() => expect(answers).toEqual([{ earlier: [] }]));
    server.events.removeListener('response:mocked', listen);
    await screen.findByRole('region', { name: 'Runbooks' });
    expect(screen.queryByRole('region', { name: 'This happened before' })).not.toBeInTheDocument();
  });
});
