import { act, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { stepIdForLine } from '../../../domain/runbook/document';
import { sectionIdForLine } from '../../../domain/runbook/document';
import { db, seed } from '../../../testing/db';
import { FakeEventSource } from '../../../testing/fake-event-source';
import { makeEvent, makeIncident, makeService, minutesAgo } from '../../../testing/fixtures';
import { API } from '../../../testing/msw-kit';
import { server } from '../../../testing/msw-server';
import { makeRun, makeRunbook } from '../../../testing/runbook-handlers';
import { renderApp } from '../../../testing/render-app';
import { DB_POOL, dbPoolRunbook } from '../../../testing/runbook-samples';

const lineOf = (text: string) => DB_POOL.split('\n').indexOf(text) + 1;
const COUNT = stepIdForLine(lineOf('- [ ] Count the open connections on the primary'));
const DIAGNOSIS = sectionIdForLine(lineOf('# Diagnosis (< 2 minutes)'));

function seedIncident(overrides: Parameters<typeof makeIncident>[0] = {}) {
  const incident = makeIncident({ id: 'INC-2026-0042', title: 'Checkout pool exhausted', serviceId: 'svc-checkout', ...overrides });
  const other = makeRunbook({ id: 'rb-checkout', title: 'Checkout: general', body: '# Checkout\n\n- [ ] Look at the dashboard\n', serviceIds: ['svc-checkout'] });
  const pool = dbPoolRunbook({ serviceIds: [] });
  seed({ services: [makeService({ id: 'svc-checkout', name: 'Checkout API' })], incidents: [incident], timelines: { [incident.id]: [] } });
  db.runbooks = [other, pool];
  db.incidentAlerts.set(incident.id, [{ labels: { alertname: 'DbPoolExhausted', severity: 'critical' }, summary: 'Pool at 100%' }]);
  return { incident, pool };
}

const panel = () => screen.findByRole('region', { name: 'Runbooks' });

describe('runbooks on the incident page', () => {
  it('lists the matching runbooks best first with why they match, opens the best beside the timeline, and starts a run', async () => {
    seedIncident();
    const { user } = renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const runbooks = await panel();
    const matches = await within(runbooks).findByRole('list', { name: 'Matching runbooks' });
    const items = within(matches).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Database connection pool exhausted(best match)');
    expect(items[0]).toHaveTextContent('an alert matches alertname="DbPoolExhausted"');
    expect(items[1]).toHaveTextContent('written for this service');
    expect(await within(runbooks).findByRole('checkbox', { name: 'Restart the checkout pods' })).toBeDisabled();
    await user.click(within(runbooks).getByRole('button', { name: 'Start runbook' }));
    const count = await within(runbooks).findByRole('checkbox', { name: 'Count the open connections on the primary' });
    expect(count).toBeEnabled();
    expect(db.runbookRuns).toHaveLength(1);
    expect(within(runbooks).getByText(/Runbook 0\/5|Diagnosis 0\/2/)).toBeInTheDocument();
  });

  it('ticks a step at once, stores who ticked it, shows their name and time, and puts it on the timeline', async () => {
    const { incident, pool } = seedIncident();
    db.runbookRuns = [makeRun(pool, incident.id)];
    const { user } = renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const runbooks = await panel();
    await user.click(await within(runbooks).findByRole('checkbox', { name: 'Count the open connections on the primary' }));
    expect(within(runbooks).getByRole('checkbox', { name: 'Count the open connections on the primary' })).toBeChecked();
    await waitFor(() => expect(db.runbookRuns[0]!.steps).toEqual([expect.objectContaining({ stepId: COUNT, checked: true, by: { id: 'p-diego', name: 'Diego Alvarez' } })]));
    expect(within(runbooks).getByRole('checkbox', { name: 'Count the open connections on the primary' }).closest('li')).toHaveTextContent(/Diego · \d\d:\d\d/);
    expect(within(runbooks).getByText(/Diagnosis 1\/2/)).toBeInTheDocument();
    expect(db.timelines.get(incident.id)!.map((e) => e.kind)).toEqual(['runbook.section_started', 'runbook.step_checked']);
  });

  it('puts a refused tick back and says why', async () => {
    const { incident, pool } = seedIncident();
    db.runbookRuns = [makeRun(pool, incident.id)];
    server.use(http.post(`${API}/runbook-runs/:runId/steps/:stepId`, () => HttpResponse.json({ error: { code: 'run_closed', message: 'This run closed when its incident resolved.' } }, { status: 409 })));
    const { user } = renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const runbooks = await panel();
    const box = await within(runbooks).findByRole('checkbox', { name: 'Count the open connections on the primary' });
    await user.click(box);
    expect(await within(runbooks).findByRole('alert')).toHaveTextContent('Could not tick “Count the open connections on the primary”: This run closed when its incident resolved. The box is back as it was.');
    expect(box).not.toBeChecked();
  });

  it("shows another viewer's tick from the live stream without a reload", async () => {
    const { incident, pool } = seedIncident();
    const run = makeRun(pool, incident.id);
    db.runbookRuns = [run];
    renderApp('/incidents/INC-2026-0042', { as: 'viewer' });
    const runbooks = await panel();
    const box = await within(runbooks).findByRole('checkbox', { name: 'Count the open connections on the primary' });
    expect(box).not.toBeChecked();
    const progress = { done: 1, total: 5, section: { id: DIAGNOSIS, title: 'Diagnosis', done: 1, total: 2 } };
    const event = makeEvent({
      seq: 500,
      kind: 'runbook.step_checked',
      at: '2026-12-01T02:33:10.000Z',
      incidentId: incident.id,
      serviceId: incident.serviceId,
      actor: { type: 'person', name: 'Marcus Webb' },
      data: { runId: run.id, runbookId: pool.id, title: pool.title, stepId: COUNT, step: 'Count the open connections on the primary', section: 'Diagnosis', checked: true, progress },
    });
    const requests = vi.fn();
    server.events.on('request:start', requests);
    FakeEventSource.latest().emit(event);
    await waitFor(() => expect(box).toBeChecked());
    expect(box.closest('li')).toHaveTextContent(/Marcus · \d\d:\d\d/);
    expect(within(runbooks).getByText('Diagnosis 1/2')).toBeInTheDocument();
    // Written from the event itself: the runs are not fetched again for a tick.
    expect(requests.mock.calls.map(([{ request }]) => new URL(request.url).pathname)).not.toContain(`/api/v1/incidents/${incident.id}/runbooks`);
    server.events.removeAllListeners();
  });

  it('counts a time box down from its first tick and then says plainly how far over it is', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { incident, pool } = seedIncident();
    const startedAt = minutesAgo(1);
    db.runbookRuns = [makeRun(pool, incident.id, { sections: [{ sectionId: DIAGNOSIS, startedAt, deadline: null, overrunPostedAt: null }] })];
    renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const timer = await screen.findByRole('timer', { name: 'Diagnosis time box' });
    expect(timer).toHaveTextContent(/^(1:00|0:59|0:5\d) left$/);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2 * 60_000 + 12_000);
    });
    // The clock also runs on by itself (a busy machine renders slowly): the box says how far over
    // the two minutes it is now, to the second it last drew.
    const [, minutes, seconds] = /Over by (\d+):(\d\d)/.exec(timer.textContent ?? '') ?? [];
    const shownMs = (Number(minutes) * 60 + Number(seconds)) * 1000;
    const overMs = Date.now() - (Date.parse(startedAt) + 2 * 60_000);
    expect(shownMs).toBeGreaterThan(overMs - 2_000);
    expect(shownMs).toBeLessThanOrEqual(overMs);
    expect(shownMs).toBeGreaterThanOrEqual(72_000);
    expect(screen.getByRole('button', { name: 'Start Quick fix' })).toBeInTheDocument();
  });

  it('starts a time box by hand, records a copied command, escalates from a criterion and takes the feedback', async () => {
    const { incident, pool } = seedIncident();
    db.runbookRuns = [makeRun(pool, incident.id)];
    const { user } = renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const runbooks = await panel();
    await user.click(await within(runbooks).findByRole('button', { name: 'Start Quick fix' }));
    expect(await within(runbooks).findByRole('timer', { name: 'Quick fix time box' })).toHaveTextContent(/^(5:00|4:59) left$/);
    vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    await user.click(within(runbooks).getByRole('button', { name: 'Copy command' }));
    await user.click(within(runbooks).getByRole('button', { name: /^Escalate now/ }));
    expect(await within(runbooks).findByText("Paged the Payments team's escalation policy.")).toBeInTheDocument();
    const feedback = within(runbooks).getByRole('group', { name: 'Did the runbook help?' });
    await user.click(within(feedback).getByRole('button', { name: 'Yes' }));
    expect(await within(runbooks).findByText('Answer recorded: the runbook helped.')).toBeInTheDocument();
    await waitFor(() =>
      expect(db.timelines.get(incident.id)!.map((e) => e.kind)).toEqual(['runbook.section_started', 'runbook.command_copied', 'runbook.escalation_requested', 'runbook.feedback']),
    );
    expect(db.runbookRuns[0]!.helped).toBe(true);
  });

  it("shows a resolved incident's closed run read-only", async () => {
    const { incident, pool } = seedIncident({ state: 'resolved', resolvedAt: minutesAgo(1) });
    db.runbookRuns = [makeRun(pool, incident.id, { closedAt: minutesAgo(1), steps: [{ stepId: COUNT, checked: true, by: { id: 'p-diego', name: 'Diego Alvarez' }, at: minutesAgo(5) }] })];
    renderApp('/incidents/INC-2026-0042', { as: 'responder' });
    const runbooks = await panel();
    const box = await within(runbooks).findByRole('checkbox', { name: 'Count the open connections on the primary' });
    expect(box).toBeChecked();
    expect(box).toBeDisabled();
    expect(within(runbooks).getByRole('note')).toHaveTextContent('This run closed when the incident resolved');
    expect(within(runbooks).queryByRole('button', { name: /^Escalate now/ })).not.toBeInTheDocument();
    expect(within(runbooks).queryByRole('button', { name: /^Start / })).not.toBeInTheDocument();
  });
});
