import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { IncidentDto } from '../../../contracts/incidents';
import { liveIncidentEvent, makeEvent, makeIncident } from '../../../testing/fixtures';
import { applyIncidentLiveEvent } from './cache-updates';
import type { IncidentList } from './get-incidents';
import type { Timeline } from './get-timeline';
import { incidentKeys } from './incident-keys';

/**
 * A stand-in for the server whose answers can be held back: each request reads the state at the
 * moment it arrives (as the real server does), and the answer is released later.
 */
function slowServer<T>(read: () => T) {
  const pending: Array<() => void> = [];
  let calls = 0;
  return {
    queryFn: () =>
      new Promise<T>((resolve) => {
        calls += 1;
        const answer = read();
        pending.push(() => resolve(answer));
      }),
    releaseAll: () => pending.splice(0).forEach((release) => release()),
    calls: () => calls,
  };
}

async function settled(queryClient: QueryClient, release: () => void): Promise<void> {
  for (let round = 0; round < 10 && queryClient.isFetching() > 0; round += 1) {
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('live events arriving while a query is loading', () => {
  it('an incident that fires while the dashboard list is still loading is not lost when the older answer lands', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const stored: IncidentDto[] = [];
    const server = slowServer<IncidentList>(() => ({ items: [...stored] }));
    const observer = new QueryObserver(queryClient, { queryKey: incidentKeys.list({ state: 'open' }), queryFn: server.queryFn });
    const unsubscribe = observer.subscribe(() => {});
    expect(server.calls()).toBe(1);

    // The list request was answered (empty) before the alert committed; the event comes first.
    const fired = makeIncident({ title: 'Before the restart' });
    stored.push(fired);
    applyIncidentLiveEvent(queryClient, liveIncidentEvent(1, 'incident.triggered', fired));
    await settled(queryClient, server.releaseAll);

    expect(queryClient.getQueryData<IncidentList>(incidentKeys.list({ state: 'open' }))?.items.map((item) => item.title)).toEqual(['Before the restart']);
    expect(server.calls()).toBe(2);
    unsubscribe();
  });

  it('a burst of incidents during one slow load costs one more request, not one per event, and all of them show', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const stored: IncidentDto[] = [];
    const server = slowServer<IncidentList>(() => ({ items: [...stored] }));
    const observer = new QueryObserver(queryClient, { queryKey: incidentKeys.list({ state: 'open' }), queryFn: server.queryFn });
    const unsubscribe = observer.subscribe(() => {});

    for (let i = 1; i <= 10; i += 1) {
      const fired = makeIncident({ title: `Storm ${i}` });
      stored.push(fired);
      applyIncidentLiveEvent(queryClient, liveIncidentEvent(i, 'incident.triggered', fired));
    }
    expect(server.calls()).toBe(1);
    await settled(queryClient, server.releaseAll);

    expect(queryClient.getQueryData<IncidentList>(incidentKeys.list({ state: 'open' }))?.items).toHaveLength(10);
    expect(server.calls()).toBe(2);
    unsubscribe();
  });

  it('a note posted while the timeline is loading is shown once the timeline arrives', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const incident = makeIncident();
    const events = [makeEvent({ seq: 1, kind: 'incident.triggered', incidentId: incident.id })];
    const server = slowServer<Timeline>(() => ({ items: [...events] }));
    const observer = new QueryObserver(queryClient, { queryKey: incidentKeys.timeline(incident.id), queryFn: server.queryFn });
    const unsubscribe = observer.subscribe(() => {});

    const note = liveIncidentEvent(2, 'incident.note', incident, { data: { text: 'Rolled back the deploy' } });
    events.push(note);
    applyIncidentLiveEvent(queryClient, note);
    await settled(queryClient, server.releaseAll);

    expect(queryClient.getQueryData<Timeline>(incidentKeys.timeline(incident.id))?.items.map((item) => item.seq)).toEqual([1, 2]);
    unsubscribe();
  });

  it('an event for a list that has finished loading is applied in place, without asking the server again', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const server = slowServer<IncidentList>(() => ({ items: [] }));
    const observer = new QueryObserver(queryClient, { queryKey: incidentKeys.list({ state: 'open' }), queryFn: server.queryFn, staleTime: 60_000 });
    const unsubscribe = observer.subscribe(() => {});
    await settled(queryClient, server.releaseAll);

    const fired = makeIncident({ title: 'Disk almost full' });
    applyIncidentLiveEvent(queryClient, liveIncidentEvent(3, 'incident.triggered', fired));

    expect(queryClient.getQueryData<IncidentList>(incidentKeys.list({ state: 'open' }))?.items.map((item) => item.title)).toEqual(['Disk almost full']);
    expect(server.calls()).toBe(1);
    unsubscribe();
  });
});

describe('runbook progress on incident rows', () => {
  it('keeps the row’s "Quick fix 2/4" when a later event’s snapshot does not mention runbooks', () => {
    const queryClient = new QueryClient();
    const progress = { runId: 'run-1', runbookId: 'rb-1', title: 'Pool exhausted', progress: { done: 2, total: 9, section: { id: 'section-16', title: 'Quick fix', done: 2, total: 4 } } };
    const incident = makeIncident({ title: 'Pool exhausted', runbookProgress: progress });
    queryClient.setQueryData<IncidentList>(incidentKeys.list({ state: 'open' }), { items: [incident] });
    const { runbookProgress: _omitted, ...withoutProgress } = incident;
    applyIncidentLiveEvent(queryClient, liveIncidentEvent(2, 'alert.firing', { ...withoutProgress, alertCount: 2 }));
    expect(queryClient.getQueryData<IncidentList>(incidentKeys.list({ state: 'open' }))?.items[0]).toMatchObject({ alertCount: 2, runbookProgress: progress });
    applyIncidentLiveEvent(queryClient, liveIncidentEvent(3, 'alert.firing', { ...withoutProgress, runbookProgress: null }));
    expect(queryClient.getQueryData<IncidentList>(incidentKeys.list({ state: 'open' }))?.items[0]?.runbookProgress).toBeNull();
  });
});
