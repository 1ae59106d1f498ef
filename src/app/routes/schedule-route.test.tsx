import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { ScheduleDto } from '../../contracts/schedules';
import { db, seed } from '../../testing/db';
import { TEAM_PAYMENTS, USERS } from '../../testing/fixtures';
import { server } from '../../testing/msw-server';
import { renderApp } from '../../testing/render-app';

const DIEGO = USERS.responder.id;
const MARCUS = USERS.manager.id;

/**
 * Weekly Monday 09:00 in Los Angeles from 2026-01-12: Diego has the weeks of 12 January and
 * 23 March, Marcus the others; the backup is last week's primary.
 */
function schedule(overrides: Partial<ScheduleDto> = {}): ScheduleDto {
  return {
    id: 'sch-payments',
    name: 'Payments primary',
    teamId: TEAM_PAYMENTS,
    zone: 'America/Los_Angeles',
    version: 1,
    layers: [{ id: 'primary', name: 'Weekly', participants: [DIEGO, MARCUS], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-01-12', restrictions: [] }],
    overrides: [],
    backupLag: 1,
    ...overrides,
  };
}

function seedSchedule(overrides: Partial<ScheduleDto> = {}) {
  // Diego lives in Los Angeles and sleeps 02:00–07:00 there.
  const users = db.users.map((u) => (u.id === DIEGO ? { ...u, timeZone: 'America/Los_Angeles', quietHours: { start: '02:00', end: '07:00' } } : u));
  seed({ users, schedules: [schedule(overrides)] });
}

const lane = (name: string) => screen.findByRole('group', { name });

describe('on-call calendar', () => {
  it('shows the final and backup lanes labelled in the chosen zone, and relabels when the zone changes', async () => {
    seedSchedule();
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC');
    const final = await lane('Final schedule');
    // 09:00 PDT is 16:00 UTC; the shift keeps its true end although the view stops at midnight.
    expect(within(final).getByRole('button', { name: /^Diego Alvarez on call Mon 23 Mar 16:00 – Mon 30 Mar 16:00/ })).toBeInTheDocument();
    expect(within(await lane('Backup')).getByRole('img', { name: /^Marcus Webb on call Mon 23 Mar 16:00 – Mon 30 Mar 16:00/ })).toBeInTheDocument();
    expect(within(await lane('Weekly')).getAllByRole('img', { name: /Diego Alvarez on call/ }).length).toBeGreaterThan(0);

    await user.selectOptions(screen.getByLabelText('Show times in'), "Schedule's zone (America/Los_Angeles)");
    expect(within(await lane('Final schedule')).getByRole('button', { name: /^Diego Alvarez on call Mon 23 Mar 09:00 – Mon 30 Mar 09:00/ })).toBeInTheDocument();
    expect(screen.getByText(/America\/Los_Angeles \(UTC−07:00\)/)).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Show times in'), 'Another zone…');
    await user.type(screen.getByLabelText('Time zone'), 'GMT+2');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByText(/not an offset/)).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Time zone'));
    await user.type(screen.getByLabelText('Time zone'), 'Asia/Tokyo');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(within(await lane('Final schedule')).getByRole('button', { name: /^Diego Alvarez on call Tue 24 Mar 01:00 – Tue 31 Mar 01:00/ })).toBeInTheDocument();
  });

  it('marks the days on which the viewer zone changes its clocks, with their true length', async () => {
    seedSchedule();
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-02&zone=America/Los_Angeles');
    const day = (await screen.findByText('DST: 23 h')).closest('[data-day]');
    expect(day).toHaveAttribute('data-day', '2026-03-08');
    expect(screen.getAllByText(/^DST:/)).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Month' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect((await screen.findByText('DST: 25 h')).closest('[data-day]')).toHaveAttribute('data-day', '2026-11-01');
  });

  it.each([
    ['2026-03-23', '2026-03-25T09:00:00.000Z', '2026-03-25T14:00:00.000Z'],
    ['2026-01-12', '2026-01-14T10:00:00.000Z', '2026-01-14T15:00:00.000Z'],
  ])('hatches the on-call person’s quiet hours in their own zone (week of %s)', async (at, start, end) => {
    seedSchedule();
    renderApp(`/schedules/sch-payments?at=${at}&zone=UTC`);
    const final = await lane('Final schedule');
    const shaded = within(final).getAllByTitle("Diego Alvarez's quiet hours 02:00–07:00 America/Los_Angeles — pages go to the backup");
    expect(shaded.map((el) => [el.dataset['start'], el.dataset['end']])).toContainEqual([start, end]);
  });

  it('adds a lane per person with their quiet hours on request', async () => {
    seedSchedule();
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC');
    await lane('Final schedule');
    expect(screen.queryByRole('group', { name: 'Diego Alvarez quiet' })).not.toBeInTheDocument();
    await user.click(screen.getByLabelText("Show everyone's quiet hours"));
    expect(within(await lane('Diego Alvarez quiet')).getAllByRole('img')).toHaveLength(7);
  });

  it('creates an override from the keyboard: Enter on a shift, times typed in the viewer zone', async () => {
    seedSchedule();
    let posted: unknown;
    server.use(
      http.post('*/api/v1/schedules/:id/overrides', async ({ request }) => {
        posted = await request.clone().json();
      }),
    );
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=Europe/Berlin', { as: 'manager' });
    const shift = within(await lane('Final schedule')).getByRole('button', { name: /^Diego Alvarez on call Mon 23 Mar 17:00/ });
    shift.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Override' });
    expect(within(dialog).getByLabelText('Start time')).toHaveValue('17:00');
    await user.selectOptions(within(dialog).getByLabelText('Person on call'), 'Marcus Webb');
    fireEvent.change(within(dialog).getByLabelText('End date'), { target: { value: '2026-03-24' } });
    fireEvent.change(within(dialog).getByLabelText('End time'), { target: { value: '08:30' } });
    await user.click(within(dialog).getByRole('button', { name: 'Create override' }));

    // 08:30 in Berlin (CET, UTC+1 until 29 March) is 07:30 UTC.
    await waitFor(() => expect(posted).toEqual({ version: 1, userId: MARCUS, start: '2026-03-23T16:00:00.000Z', end: '2026-03-24T07:30:00.000Z' }));
    expect(within(await lane('Overrides')).getByRole('button', { name: 'Override: Marcus Webb Mon 23 Mar 17:00 – Tue 24 Mar 08:30' })).toBeInTheDocument();
    expect(within(await lane('Final schedule')).getByRole('button', { name: /^Marcus Webb on call Mon 16 Mar 17:00 – Tue 24 Mar 08:30/ })).toBeInTheDocument();
    expect(screen.getByText(/^Saved: Marcus Webb on call/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(db.schedules[0]!.overrides).toHaveLength(0));
  });

  it('refuses the dialog’s end before its start', async () => {
    seedSchedule();
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'manager' });
    await user.click(within(await lane('Final schedule')).getByRole('button', { name: /^Diego Alvarez on call Mon 23 Mar 16:00/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Override' });
    fireEvent.change(within(dialog).getByLabelText('End date'), { target: { value: '2026-03-20' } });
    await user.click(within(dialog).getByRole('button', { name: 'Create override' }));
    expect(within(dialog).getByLabelText('End time')).toHaveAccessibleDescription('must be after start');
  });

  it('refuses in the dialog an override longer than the server allows, in the server’s words', async () => {
    seedSchedule();
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'manager' });
    await user.click(within(await lane('Final schedule')).getByRole('button', { name: /^Diego Alvarez on call Mon 23 Mar 16:00/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Override' });
    fireEvent.change(within(dialog).getByLabelText('End date'), { target: { value: '2027-06-01' } });
    await user.click(within(dialog).getByRole('button', { name: 'Create override' }));
    expect(within(dialog).getByLabelText('End time')).toHaveAccessibleDescription('must be at most 366 days after start');
  });

  it('on a stale version says nothing was saved and shows the schedule as it is now', async () => {
    seedSchedule();
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'manager' });
    const shift = within(await lane('Final schedule')).getByRole('button', { name: /^Diego Alvarez on call Mon 23 Mar 16:00/ });
    // Someone else covers Tuesday meanwhile.
    db.schedules[0] = { ...db.schedules[0]!, version: 2, overrides: [{ id: 'ovr-other', userId: USERS.admin.id, start: '2026-03-24T00:00:00.000Z', end: '2026-03-25T00:00:00.000Z', createdBy: USERS.admin.id }] };
    await user.click(shift);
    await user.click(within(await screen.findByRole('dialog', { name: 'Override' })).getByRole('button', { name: 'Create override' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Someone changed this schedule — you're seeing the latest; your change was not saved");
    expect(within(await lane('Overrides')).getByRole('button', { name: 'Override: Priya Raman Tue 24 Mar 00:00 – Wed 25 Mar 00:00' })).toBeInTheDocument();
    expect(screen.getByText(/version 2/)).toBeInTheDocument();
    expect(db.schedules[0]!.overrides).toHaveLength(1);
  });

  it('moves a selected override by 15 minutes with the arrow keys and saves it', async () => {
    seedSchedule({ overrides: [{ id: 'ovr-1', userId: MARCUS, start: '2026-03-24T00:00:00.000Z', end: '2026-03-25T00:00:00.000Z', createdBy: MARCUS }] });
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'manager' });
    const bar = within(await lane('Overrides')).getByRole('button', { name: /^Override: Marcus Webb/ });
    bar.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}{Shift>}{ArrowRight}{/Shift}');
    await waitFor(() => expect(db.schedules[0]!.overrides[0]).toMatchObject({ start: '2026-03-24T00:30:00.000Z', end: '2026-03-25T00:45:00.000Z' }), { timeout: 2000 });
    expect(db.schedules[0]!.version).toBe(2);
  });

  it('gives viewers no roster and nothing to drag', async () => {
    seedSchedule({ overrides: [{ id: 'ovr-1', userId: MARCUS, start: '2026-03-24T00:00:00.000Z', end: '2026-03-25T00:00:00.000Z', createdBy: MARCUS }] });
    renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'viewer' });
    await lane('Final schedule');
    expect(screen.queryByRole('list', { name: 'Roster' })).not.toBeInTheDocument();
    expect(document.querySelector('[aria-roledescription^="draggable"], [data-drag-handle], [data-override-id], [data-person-id]')).toBeNull();
    expect(within(await lane('Final schedule')).queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Edit layers' })).not.toBeInTheDocument();
  });

  it('offers responders only themselves in the roster, and managers the whole team', async () => {
    seedSchedule();
    renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'responder' });
    const roster = await screen.findByRole('list', { name: 'Roster' });
    expect(within(roster).getAllByRole('button').map((b) => b.textContent)).toEqual(['Diego Alvarez']);
  });

  it('lists the whole team in a manager’s roster', async () => {
    seedSchedule();
    renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'manager' });
    const roster = await screen.findByRole('list', { name: 'Roster' });
    expect(within(roster).getAllByRole('button').map((b) => b.textContent)).toEqual(['Priya Raman', 'Marcus Webb', 'Diego Alvarez']);
  });

  it('leaves viewers in the team out of the roster and the layer editor: they cannot acknowledge a page', async () => {
    seedSchedule();
    db.teams = db.teams.map((team) => (team.id === TEAM_PAYMENTS ? { ...team, members: [...team.members, { userId: USERS.viewer.id, manager: false }] } : team));
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'manager' });
    const roster = await screen.findByRole('list', { name: 'Roster' });
    expect(within(roster).getAllByRole('button').map((b) => b.textContent)).toEqual(['Priya Raman', 'Marcus Webb', 'Diego Alvarez']);
    await user.click(screen.getByRole('button', { name: 'Edit layers' }));
    const dialog = await screen.findByRole('dialog');
    const offered = within(within(dialog).getByLabelText('Add person')).getAllByRole('option').map((option) => option.textContent);
    expect(offered).toEqual(['Choose…', 'Priya Raman']);
  });
});

describe('layer editor', () => {
  /** A manager opens the layer editor; `sent` is the body of the PUT that saved it, if any. */
  async function openLayerEditor() {
    seedSchedule();
    let body: unknown;
    server.use(
      http.put('*/api/v1/schedules/:id', async ({ request }) => {
        body = await request.clone().json();
      }),
    );
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'manager' });
    await user.click(await screen.findByRole('button', { name: 'Edit layers' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit layers' });
    return { user, dialog, sent: () => body };
  }

  it('names the bad handoff time and the empty participant list, and saves nothing', async () => {
    seedSchedule();
    let puts = 0;
    server.use(
      http.put('*/api/v1/schedules/:id', () => {
        puts += 1;
      }),
    );
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'manager' });
    await user.click(await screen.findByRole('button', { name: 'Edit layers' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit layers' });
    await user.clear(within(dialog).getByLabelText('Handoff time'));
    await user.type(within(dialog).getByLabelText('Handoff time'), '25:00');
    await user.click(within(dialog).getByRole('button', { name: 'Remove Diego Alvarez' }));
    await user.click(within(dialog).getByRole('button', { name: 'Remove Marcus Webb' }));
    expect(within(dialog).getByText('Fix the problems above to see a preview.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save layers' }));
    expect(within(dialog).getByLabelText('Handoff time')).toHaveAccessibleDescription(/must be a time HH:MM \(24-hour\), such as 09:00/);
    expect(within(dialog).getByText('must list at least one person')).toBeInTheDocument();
    expect(puts).toBe(0);
  });

  it('reorders participants with Move up, previews the next weeks, and saves with the version', async () => {
    const { user, dialog, sent } = await openLayerEditor();
    expect(within(within(dialog).getByRole('region', { name: 'Preview of the next 4 weeks' })).getAllByRole('listitem').length).toBeGreaterThanOrEqual(4);
    await user.click(within(dialog).getByRole('button', { name: 'Move Marcus Webb up' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save layers' }));
    await waitFor(() => expect(sent()).toMatchObject({ version: 1, backupLag: 1, layers: [{ id: 'primary', participants: [MARCUS, DIEGO] }] }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.schedules[0]!.version).toBe(2);
  });

  it('sets a fortnightly rotation (every 2 weeks on Wednesday), refusing 0 weeks first', async () => {
    const { user, dialog, sent } = await openLayerEditor();
    await user.selectOptions(within(dialog).getByLabelText('Rotation'), 'Every N weeks');
    const every = within(dialog).getByLabelText('Every (weeks)');
    await user.clear(every);
    await user.type(every, '0');
    await user.click(within(dialog).getByRole('button', { name: 'Save layers' }));
    expect(await within(dialog).findByText('must be a whole number of weeks from 1 to 52')).toBeInTheDocument();
    expect(sent()).toBeUndefined();

    await user.clear(every);
    await user.type(every, '2');
    await user.selectOptions(within(dialog).getByLabelText('Handoff day'), 'Wednesday');
    await user.click(within(dialog).getByRole('button', { name: 'Save layers' }));
    await waitFor(() => expect(sent()).toMatchObject({ layers: [{ id: 'primary', rotation: { kind: 'weeks', every: 2 }, handoff: { weekday: 3 } }] }));
  });
});

describe('a schedule the rules refuse', () => {
  // Stored before dates were checked: the API answered 201 for a layer starting on 2026-02-30.
  const broken = () => schedule({ layers: [{ ...schedule().layers[0]!, start: '2026-02-30' }] });

  it('refuses a rotation longer than the limit in the editor with the words the server uses', async () => {
    seedSchedule();
    let puts = 0;
    server.use(
      http.put('*/api/v1/schedules/:id', () => {
        puts += 1;
      }),
    );
    const { user } = renderApp('/schedules/sch-payments?at=2026-03-23&zone=UTC', { as: 'manager' });
    await user.click(await screen.findByRole('button', { name: 'Edit layers' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit layers' });
    await user.selectOptions(within(dialog).getByLabelText('Rotation'), 'Every N hours');
    const every = within(dialog).getByLabelText('Every (hours)');
    await user.clear(every);
    await user.type(every, '721');
    await user.click(within(dialog).getByRole('button', { name: 'Save layers' }));
    expect(every).toHaveAccessibleDescription('must be a whole number of hours from 1 to 720');
    expect(puts).toBe(0);
  });

  it('shows what is wrong instead of the calendar, and lets a manager repair the date', async () => {
    seed({ schedules: [broken()] });
    let body: unknown;
    server.use(
      http.put('*/api/v1/schedules/:id', async ({ request }) => {
        body = await request.clone().json();
      }),
    );
    const { user } = renderApp('/schedules/sch-payments?zone=UTC', { as: 'manager' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This schedule cannot be shown or page anyone until it is repaired.');
    expect(alert).toHaveTextContent('layers[0].start must be a date that exists (2026-02-30 does not)');
    await user.click(screen.getByRole('button', { name: 'Edit layers' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit layers' });
    await user.click(within(dialog).getByRole('button', { name: 'Save layers' }));
    const start = within(dialog).getByLabelText('Start date');
    expect(start).toHaveAccessibleDescription('must be a date that exists (2026-02-30 does not)');
    expect(body).toBeUndefined();
    fireEvent.change(start, { target: { value: '2026-02-28' } });
    await user.click(within(dialog).getByRole('button', { name: 'Save layers' }));
    await waitFor(() => expect(body).toMatchObject({ layers: [{ id: 'primary', start: '2026-02-28' }] }));
    expect(await screen.findByRole('region', { name: 'On-call lanes' })).toBeInTheDocument();
  });

  it('tells a viewer who can repair it', async () => {
    seed({ schedules: [broken()] });
    renderApp('/schedules/sch-payments?zone=UTC', { as: 'viewer' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Ask a manager of');
    expect(screen.queryByRole('button', { name: 'Edit layers' })).not.toBeInTheDocument();
  });

  it('leaves the other schedules in the dashboard panel intact', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-25T12:00:00Z') });
    seed({ schedules: [schedule(), { ...broken(), id: 'sch-ledger', name: 'Ledger' }] });
    renderApp('/');
    const panel = await screen.findByRole('region', { name: 'Who is on call now' });
    const items = await within(panel).findAllByRole('listitem');
    const payments = items.find((i) => i.textContent?.includes('Payments primary'))!;
    const ledger = items.find((i) => i.textContent?.includes('Ledger'))!;
    expect(payments).toHaveTextContent(/Primary\s*Diego Alvarez/);
    expect(ledger).toHaveTextContent('Cannot tell who is on call: this schedule needs repair (layers[0].start must be a date that exists (2026-02-30 does not)).');
  });
});

describe('fairness', () => {
  it('flags people far from the mean, counted over the chosen window', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-25T12:00:00Z') });
    seedSchedule();
    const { user } = renderApp('/schedules/sch-payments?zone=UTC', { as: 'manager' });
    await screen.findByRole('table');
    const row = (name: RegExp) => within(screen.getByRole('table')).getByRole('rowheader', { name }).closest('tr')!;
    // Diego and Marcus alternate as primary and backup; Priya never serves.
    expect(row(/Priya Raman/)).toHaveTextContent('Flagged: carries less');
    expect(row(/Diego Alvarez/)).toHaveTextContent('672');
    expect(row(/Diego Alvarez/)).toHaveTextContent('Flagged: carries more');
    await user.selectOptions(screen.getByLabelText('Window'), 'Next 12 weeks');
    await waitFor(() => expect(row(/Diego Alvarez/)).toHaveTextContent('2,016'));
  });
});

describe('who is on call now (dashboard)', () => {
  it('shows primary and backup per schedule, until when, and quiet hours', async () => {
    // 05:00 in Los Angeles: Diego is on call and asleep.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-25T12:00:00Z') });
    seedSchedule();
    renderApp('/');
    const panel = await screen.findByRole('region', { name: 'Who is on call now' });
    const item = await within(panel).findByRole('listitem');
    expect(within(item).getByRole('link', { name: 'Payments primary' })).toHaveAttribute('href', '/schedules/sch-payments');
    expect(item).toHaveTextContent(/Primary\s*Diego Alvarez\s*until/);
    expect(item).toHaveTextContent(/Backup\s*Marcus Webb/);
    expect(within(item).getByText('quiet hours')).toBeInTheDocument();
    expect(within(item).getAllByRole('time')[0]).toHaveAttribute('dateTime', '2026-03-30T16:00:00.000Z');
  });
});

describe('schedules list', () => {
  it('links each schedule to its calendar from the On-call nav', async () => {
    seedSchedule();
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('link', { name: 'On-call' }));
    await user.click(await screen.findByRole('link', { name: 'Payments primary' }));
    expect(await lane('Final schedule')).toBeInTheDocument();
  });
});
