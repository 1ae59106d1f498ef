import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricIncident } from '../../../domain/metrics/incident-metrics';
import type { PageChannel } from '../../../domain/metrics/interruptions';
import { epochMs } from '../../../domain/time/instant';
import { db, seed } from '../../../testing/db';
import { TEAM_PAYMENTS, TEAM_SEARCH, USERS, makeService } from '../../../testing/fixtures';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { METRIC_DEFINITIONS } from '../model/definitions';

/**
 * The metrics page against the msw server, which aggregates with the domain's functions. The
 * admin (Priya) reads in Europe/London (UTC in November), so the weeks below start on Monday
 * 00:00 UTC: 2 Nov and 9 Nov 2026. Expected numbers are worked out by hand beside each seed.
 */

const MIN = 60_000;
const at = (iso: string) => epochMs(Date.parse(iso));
let counter = 0;

function incident(triggered: string, { ack, resolve, escalate, serviceId = 'svc-checkout', teamId = TEAM_PAYMENTS, severity = 'P2' }: { ack?: number; resolve?: number; escalate?: number; serviceId?: string; teamId?: string; severity?: MetricIncident['severity'] }): MetricIncident {
  const t = at(triggered);
  return {
    id: `INC-M-${(counter += 1)}`,
    severity,
    serviceId,
    teamId,
    triggeredAt: t,
    acknowledgedAt: ack === undefined ? null : epochMs(t + ack * MIN),
    resolvedAt: resolve === undefined ? null : epochMs(t + resolve * MIN),
    firstEscalatedAt: escalate === undefined ? null : epochMs(t + escalate * MIN),
  };
}

function page(user: keyof typeof USERS, iso: string, channel: PageChannel = 'sms') {
  const person = USERS[user];
  return { userId: person.id, name: person.name, zone: person.timeZone, channel, at: at(iso) };
}

/**
 * Week of 2 Nov: acknowledged after 2, 4 and 9 min (median 4 min, p90 4 + 0.8 × 5 = 8 min),
 * resolved after 10, 20, 60 min (median 20 min, p90 20 + 0.8 × 40 = 52 min), one escalated after 5 min.
 * Week of 9 Nov: one on Search, acknowledged after 30 min, still open.
 * Range: acknowledgements 2, 4, 9, 30 → median 6.5 min; 1 of 4 escalated (25 %).
 * Pages: Diego (America/Chicago, UTC−6) at 23:00 Tuesday (night; a second SMS 30 s later is the
 * same interruption, an e-mail at night does not count), 10:00 Wednesday (business hours) and 12:00
 * Saturday (weekend); Priya (Europe/London) at 02:00 Tuesday 10 Nov (night).
 */
function seedTwoWeeks() {
  seed({
    services: [makeService({ id: 'svc-checkout', name: 'Checkout API', teamId: TEAM_PAYMENTS }), makeService({ id: 'svc-search', name: 'Search API', teamId: TEAM_SEARCH })],
  });
  db.metricIncidents = [
    incident('2026-11-02T09:00:00Z', { ack: 2, resolve: 10 }),
    incident('2026-11-03T14:00:00Z', { ack: 4, resolve: 20, escalate: 5, severity: 'P1' }),
    incident('2026-11-06T20:00:00Z', { ack: 9, resolve: 60 }),
    incident('2026-11-10T08:00:00Z', { ack: 30, serviceId: 'svc-search', teamId: TEAM_SEARCH, severity: 'P3' }),
  ];
  db.metricPages = [
    page('responder', '2026-11-04T05:00:00Z'),
    page('responder', '2026-11-04T05:00:30Z', 'voice'),
    page('responder', '2026-11-04T06:00:00Z', 'email'),
    page('responder', '2026-11-04T16:00:00Z', 'in-app'),
    page('responder', '2026-11-07T18:00:00Z'),
    page('admin', '2026-11-10T02:00:00Z', 'voice'),
  ];
}

const TWO_WEEKS = '/metrics?from=2026-11-02&to=2026-11-15&bucket=week';

function metricsRequests() {
  const urls: URL[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname === '/api/v1/metrics') urls.push(url);
  });
  return urls;
}

afterEach(() => {
  server.events.removeAllListeners();
});

/** The body rows of a table as arrays of cell texts (row header first). */
function rowsOf(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...within(row).queryAllByRole('rowheader'), ...within(row).queryAllByRole('cell')].map((cell) => cell.textContent ?? ''));
}

describe('metrics page', () => {
  it('shows the summary, and the table toggle shows the numbers the domain computes for the seed', async () => {
    seedTwoWeeks();
    const { user } = renderApp(TWO_WEEKS, { as: 'admin' });
    const summary = await screen.findByRole('list', { name: 'Summary' });
    const card = (name: string) => within(summary).getByRole('button', { name }).closest('li')!;
    expect(card('Incidents')).toHaveTextContent('4');
    expect(card('MTTA median')).toHaveTextContent('6 min 30 s');
    expect(card('MTTA median')).toHaveTextContent('4 acknowledged');
    expect(card('MTTR median')).toHaveTextContent('20 min');
    expect(card('MTTR p90')).toHaveTextContent('52 min');
    expect(card('Escalation rate')).toHaveTextContent('25 %');

    await user.click(screen.getByRole('button', { name: 'Show as table' }));
    expect(screen.getByRole('button', { name: 'Show as table' })).toHaveAttribute('aria-pressed', 'true');
    const mtta = screen.getByRole('table', { name: 'MTTA per week (median and p90)' });
    expect(within(mtta).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Week of', 'Acknowledged', 'Median', 'p90']);
    expect(rowsOf(mtta)).toEqual([
      ['2 Nov 2026', '3', '4 min', '8 min'],
      ['9 Nov 2026', '1', '30 min', '30 min'],
    ]);
    expect(rowsOf(screen.getByRole('table', { name: 'MTTR per week (median and p90)' }))).toEqual([
      ['2 Nov 2026', '3', '20 min', '52 min'],
      ['9 Nov 2026', '0', '—', '—'],
    ]);
    expect(rowsOf(screen.getByRole('table', { name: 'Incidents per week' }))).toEqual([
      ['2 Nov 2026', '3'],
      ['9 Nov 2026', '1'],
    ]);
    expect(rowsOf(screen.getByRole('table', { name: 'Time to first escalation per week (median and p90)' }))[0]).toEqual(['2 Nov 2026', '1', '5 min', '5 min']);
    // The toggle is in the URL: the charts come back with it.
    await user.click(screen.getByRole('button', { name: 'Show as table' }));
    expect(screen.queryByRole('table', { name: 'Incidents per week' })).not.toBeInTheDocument();
  });

  it('draws the charts, each named by its heading, with a line per measure', async () => {
    seedTwoWeeks();
    renderApp(`${TWO_WEEKS}&groupBy=service`, { as: 'admin' });
    const mtta = await screen.findByRole('figure', { name: 'MTTA per week (median and p90)' });
    await waitFor(() => expect(mtta.querySelectorAll('.recharts-line')).toHaveLength(2));
    expect(within(mtta).getByText('Median')).toBeInTheDocument();
    expect(within(mtta).getByText('p90')).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'MTTR per week (median and p90)' })).toBeInTheDocument();
    const bars = screen.getByRole('figure', { name: 'Incidents per week' });
    await waitFor(() => expect(bars.querySelectorAll('.recharts-bar-rectangle').length).toBeGreaterThan(0));
    const grouped = screen.getByRole('figure', { name: 'Incidents per week by service' });
    await waitFor(() => expect(within(grouped).getByText('Checkout API')).toBeInTheDocument());
    expect(within(grouped).getByText('Search API')).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: /^Interruptions per person/ })).toBeInTheDocument();
    const totals = screen.getByRole('table', { name: 'Totals by service' });
    expect(rowsOf(totals)).toEqual([
      ['Checkout API', '3', '4 min', '8 min', '20 min', '52 min', '5 min'],
      ['Search API', '1', '30 min', '30 min', '—', '—', '—'],
    ]);
  });

  it('counts night, weekend and business-hours interruptions in each person’s own zone, and names the zone', async () => {
    seedTwoWeeks();
    const { user } = renderApp(`${TWO_WEEKS}&view=table`, { as: 'admin' });
    const table = await screen.findByRole('table', { name: /^Interruptions per person/ });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Person', 'Time zone', 'Interruptions', 'Night', 'Weekend', 'Business hours']);
    expect(rowsOf(table)).toEqual([
      ['Diego Alvarez', 'America/Chicago', '3', '1', '1', '1'],
      ['Priya Raman', 'Europe/London', '1', '1', '0', '0'],
    ]);
    expect(screen.getByText(/e-mail and webhooks do not count/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show as table' }));
    const chart = await screen.findByRole('figure', { name: /^Interruptions per person/ });
    await waitFor(() => expect(within(chart).getByText('America/Chicago')).toBeInTheDocument());
  });

  it('refetches when the bucket or the range changes, and keeps them in the URL', async () => {
    seedTwoWeeks();
    const requests = metricsRequests();
    const { user, router } = renderApp(`${TWO_WEEKS}&view=table`, { as: 'admin' });
    await screen.findByRole('table', { name: 'Incidents per week' });
    expect(requests.at(-1)?.searchParams.get('bucket')).toBe('week');
    expect(requests.at(-1)?.searchParams.get('from')).toBe('2026-11-02T00:00:00.000Z');
    expect(requests.at(-1)?.searchParams.get('to')).toBe('2026-11-16T00:00:00.000Z');
    expect(requests.at(-1)?.searchParams.get('zone')).toBe('Europe/London');

    await user.selectOptions(screen.getByLabelText('Bucket'), 'Month');
    const months = await screen.findByRole('table', { name: 'Incidents per month' });
    expect(rowsOf(months)).toEqual([['Nov 2026', '4']]);
    expect(requests.at(-1)?.searchParams.get('bucket')).toBe('month');
    expect(router.state.location.search).toContain('bucket=month');

    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-09' } });
    await user.click(screen.getByRole('button', { name: 'Apply dates' }));
    await waitFor(() => expect(requests.at(-1)?.searchParams.get('from')).toBe('2026-11-09T00:00:00.000Z'));
    await waitFor(() => expect(rowsOf(screen.getByRole('table', { name: 'Incidents per month' }))).toEqual([['Nov 2026', '1']]));
    expect(router.state.location.search).toContain('from=2026-11-09');

    await user.click(screen.getByRole('button', { name: 'Last 4 weeks' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Last 4 weeks' })).toHaveAttribute('aria-pressed', 'true'));
    const last = requests.at(-1)!;
    expect(Date.parse(last.searchParams.get('to')!) - Date.parse(last.searchParams.get('from')!)).toBeGreaterThanOrEqual(28 * 24 * 60 * MIN - 60 * MIN);
  });

  it('filters by service and team from the lists the API gives', async () => {
    seedTwoWeeks();
    const requests = metricsRequests();
    const { user } = renderApp(`${TWO_WEEKS}&view=table`, { as: 'admin' });
    await screen.findByRole('table', { name: 'Incidents per week' });
    await user.selectOptions(screen.getByLabelText('Service'), 'Search API');
    await waitFor(() => expect(rowsOf(screen.getByRole('table', { name: 'Incidents per week' }))).toEqual([
      ['2 Nov 2026', '0'],
      ['9 Nov 2026', '1'],
    ]));
    expect(requests.at(-1)?.searchParams.get('serviceId')).toBe('svc-search');
    await user.selectOptions(screen.getByLabelText('Service'), 'All');
    await user.selectOptions(screen.getByLabelText('Team'), 'Payments');
    await waitFor(() => expect(requests.at(-1)?.searchParams.get('teamId')).toBe(TEAM_PAYMENTS));
    await user.selectOptions(screen.getByLabelText('Severity'), 'P1');
    await waitFor(() => expect(within(within(screen.getByRole('list', { name: 'Summary' })).getByRole('button', { name: 'Incidents' }).closest('li')!).getByText('1')).toBeInTheDocument());
    expect(requests.at(-1)?.searchParams.get('severity')).toBe('P1');
  });

  it('compares with an earlier range: before and after for each metric, with the change', async () => {
    seed({ services: [makeService({ id: 'svc-checkout', name: 'Checkout API' })] });
    db.metricIncidents = [
      incident('2026-10-20T10:00:00Z', { ack: 30, resolve: 45 }),
      incident('2026-10-27T10:00:00Z', { ack: 30, resolve: 45 }),
      incident('2026-11-03T10:00:00Z', { ack: 2, resolve: 12 }),
      incident('2026-11-10T10:00:00Z', { ack: 2, resolve: 12 }),
    ];
    const requests = metricsRequests();
    const { user } = renderApp(TWO_WEEKS, { as: 'admin' });
    await screen.findByRole('list', { name: 'Summary' });
    await user.click(screen.getByRole('checkbox', { name: 'Compare with an earlier range' }));
    // The natural "before" is the fortnight just before the range.
    expect(screen.getByLabelText('Before: from')).toHaveValue('2026-10-19');
    expect(screen.getByLabelText('Before: to')).toHaveValue('2026-11-01');
    const changes = await screen.findByRole('list', { name: 'Changes' });
    expect(within(changes).getByText(/^MTTA median/).closest('li')).toHaveTextContent('MTTA median — before: 30 min, after: 2 min (−93 %)');
    expect(within(changes).getByText(/^MTTR median/).closest('li')).toHaveTextContent('MTTR median — before: 45 min, after: 12 min (−73 %)');
    expect(within(changes).getByText(/^Incidents/).closest('li')).toHaveTextContent('Incidents — before: 2, after: 2 (0 %)');
    // 19 Oct is still summer time in London (BST ends on 25 Oct): its midnight is 23:00 UTC the day before.
    expect(requests.at(-1)?.searchParams.get('compareFrom')).toBe('2026-10-18T23:00:00.000Z');
    expect(requests.at(-1)?.searchParams.get('compareTo')).toBe('2026-11-02T00:00:00.000Z');
  });

  it('explains each metric on keyboard focus and on hover, through a tooltip that describes it', async () => {
    seedTwoWeeks();
    const { user } = renderApp(TWO_WEEKS, { as: 'admin' });
    const summary = await screen.findByRole('list', { name: 'Summary' });
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    const mtta = within(summary).getByRole('button', { name: 'MTTA median' });
    expect(mtta).toHaveAccessibleDescription(METRIC_DEFINITIONS.mttaMedian);
    mtta.focus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(/first acknowledgement/);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    await user.tab();
    expect(within(summary).getByRole('button', { name: 'MTTA p90' })).toHaveFocus();
    expect(screen.getByRole('tooltip')).toHaveTextContent(METRIC_DEFINITIONS.mttaP90);
    await user.hover(within(summary).getByRole('button', { name: 'Escalation rate' }));
    expect(screen.getAllByRole('tooltip').map((t) => t.textContent)).toContain(METRIC_DEFINITIONS.escalationRate);
  });

  it('links the CSV export with the same parameters as the charts', async () => {
    seedTwoWeeks();
    renderApp(`${TWO_WEEKS}&groupBy=team&severity=P1`, { as: 'admin' });
    const link = await screen.findByRole('link', { name: 'Download CSV' });
    expect(link).toHaveAttribute('download');
    const url = new URL(link.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe('/api/v1/metrics.csv');
    expect(Object.fromEntries(url.searchParams)).toEqual({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z', zone: 'Europe/London', bucket: 'week', groupBy: 'team', severity: 'P1' });
    const csv = await fetch(url).then((r) => r.text());
    expect(csv.split('\r\n')[0]).toMatch(/^group,bucket_start,bucket_end,incidents,/);
  });

  it('shows the server’s refusal of a range that ends before it starts, on the field it names', async () => {
    seedTwoWeeks();
    const { user } = renderApp(TWO_WEEKS, { as: 'admin' });
    await screen.findByRole('list', { name: 'Summary' });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-10-01' } });
    await user.click(screen.getByRole('button', { name: 'Apply dates' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('To: must be after from');
    const to = screen.getByLabelText('To');
    expect(to).toHaveAttribute('aria-invalid', 'true');
    expect(to).toHaveAccessibleDescription('must be after from');
    expect(screen.getByLabelText('From')).toHaveAttribute('aria-invalid', 'false');
  });

  it('says so when the range holds no incidents, and waits with a loading state', async () => {
    renderApp(TWO_WEEKS, { as: 'viewer' });
    expect(screen.getByRole('status')).toHaveTextContent(/Loading/);
    expect(await screen.findByText('No incidents in this range')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Summary' })).not.toBeInTheDocument();
  });

  it('cuts weeks in the viewer’s profile zone', async () => {
    const requests = metricsRequests();
    renderApp(TWO_WEEKS, { as: 'manager' });
    await screen.findByText('No incidents in this range');
    // Marcus reads in America/New_York: 2 Nov 00:00 there is 05:00 UTC (EST).
    expect(requests.at(-1)?.searchParams.get('zone')).toBe('America/New_York');
    expect(requests.at(-1)?.searchParams.get('from')).toBe('2026-11-02T05:00:00.000Z');
  });

  it('is in the main navigation', async () => {
    renderApp('/', { as: 'viewer' });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Metrics' })).toHaveAttribute('href', '/metrics');
  });
});
