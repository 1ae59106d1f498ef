import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EscalationPolicyDto } from '../../contracts/escalation';
import type { ScheduleDto } from '../../contracts/schedules';
import { db, seed } from '../../testing/db';
import type { TestProfileExtras } from '../../testing/db';
import { TEAM_PAYMENTS, USERS, makeService } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

const DIEGO = USERS.responder.id;
const MARCUS = USERS.manager.id;
const PRIYA = USERS.admin.id;
const SERVICE = 'svc-payments';
const PAGE = `/services/${SERVICE}/escalation?zone=UTC`;

/** Weekly Monday 09:00 Los Angeles from 2026-01-12: in the week of 23 March Diego is primary and Marcus backup. */
const schedule: ScheduleDto = {
  id: 'sch-payments',
  name: 'Payments primary',
  teamId: TEAM_PAYMENTS,
  zone: 'America/Los_Angeles',
  version: 1,
  layers: [{ id: 'primary', name: 'Weekly', participants: [DIEGO, MARCUS], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-01-12', restrictions: [] }],
  overrides: [],
  backupLag: 1,
};

/** The guide's policy: primary, backup after 5 minutes, the manager after 10. */
function guidePolicy(overrides: Partial<EscalationPolicyDto> = {}): EscalationPolicyDto {
  return {
    serviceId: SERVICE,
    version: 1,
    levels: [
      { id: 'l-primary', escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId: schedule.id, role: 'primary' }] },
      { id: 'l-backup', escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId: schedule.id, role: 'backup' }] },
      { id: 'l-manager', escalateAfterMinutes: 10, targets: [{ type: 'user', userId: PRIYA }] },
    ],
    repeat: 0,
    ackTimeoutMinutes: null,
    urgencyBySeverity: { P1: 'high', P2: 'high', P3: 'low', P4: 'low' },
    lowUrgency: 'waking-hours',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

/** SMS at once, a call a minute later, both verified. */
function smsThenVoice(id: string): TestProfileExtras {
  return {
    p1BreaksQuietHours: false,
    contactMethods: [
      { id: `${id}-sms`, kind: 'sms', address: '+15550100123', verified: true },
      { id: `${id}-voice`, kind: 'voice', address: '+15550100123', verified: true },
    ],
    notificationRules: [
      { id: `${id}-r1`, urgency: 'high', contactMethodId: `${id}-sms`, delayMinutes: 0 },
      { id: `${id}-r2`, urgency: 'high', contactMethodId: `${id}-voice`, delayMinutes: 1 },
      { id: `${id}-r3`, urgency: 'low', contactMethodId: `${id}-sms`, delayMinutes: 0 },
    ],
  };
}

function seedPayments({ policy = guidePolicy() as EscalationPolicyDto | null, priyaReachable = true } = {}) {
  // Diego lives in Los Angeles and sleeps 02:00–07:00 there.
  const users = db.users.map((u) => (u.id === DIEGO ? { ...u, timeZone: 'America/Los_Angeles', quietHours: { start: '02:00', end: '07:00' } } : u));
  seed({
    users,
    services: [makeService({ id: SERVICE, name: 'Payments API', teamId: TEAM_PAYMENTS })],
    schedules: [schedule],
    policies: policy ? [policy] : [],
    profiles: { [DIEGO]: smsThenVoice('diego'), [MARCUS]: smsThenVoice('marcus'), ...(priyaReachable ? { [PRIYA]: smsThenVoice('priya') } : {}) },
  });
}

const levels = () => screen.findByRole('list', { name: 'Levels' });
const level = (n: number) => screen.getByRole('group', { name: `Level ${n}` });
const previewLines = () => within(screen.getByRole('list', { name: 'What would happen' })).getAllByRole('listitem').map((li) => li.textContent ?? '');

async function previewAt(user: ReturnType<typeof renderApp>['user'], local: string, severity = 'P1') {
  fireEvent.change(screen.getByLabelText('If an alert fired at'), { target: { value: local } });
  await user.selectOptions(screen.getByLabelText('with severity'), severity);
}

describe('escalation policy page', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows each level with its targets and delay, and previews the guide’s sequence computed in the browser', async () => {
    seedPayments();
    const { user } = renderApp(PAGE, { as: 'manager' });
    await levels();
    expect(within(level(1)).getByRole('list', { name: 'Targets of Level 1' })).toHaveTextContent('Payments primary — primary on call');
    expect(within(level(2)).getByRole('list', { name: 'Targets of Level 2' })).toHaveTextContent('Payments primary — backup on call');
    expect(within(level(3)).getByRole('list', { name: 'Targets of Level 3' })).toHaveTextContent('Priya Raman');
    expect(within(level(1)).getByLabelText('Level 1: escalate after (minutes) if not acknowledged')).toHaveValue(5);

    // 18:00 UTC is 11:00 in Los Angeles: Diego is awake.
    await previewAt(user, '2026-03-25T18:00');
    const lines = previewLines();
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const sms = at(/^\+0:00Paged Diego Alvarez by SMS/);
    const call = at(/^\+1:00Paged Diego Alvarez by phone call/);
    const backup = at(/^\+5:00Paged Marcus Webb by SMS/);
    const manager = at(/^\+10:00Paged Priya Raman by SMS/);
    expect([sms, call, backup, manager].every((i) => i >= 0)).toBe(true);
    expect(sms < call && call < backup && backup < manager).toBe(true);
    expect(lines.some((line) => /^\+5:00Not acknowledged in time: Level 2 starts/.test(line))).toBe(true);
  });

  it('shows a quiet-hours skip in the preview, with the reason, and the backup paged at once', async () => {
    seedPayments();
    const { user } = renderApp(PAGE, { as: 'manager' });
    await levels();
    // 12:00 UTC is 05:00 in Los Angeles: Diego is in his quiet hours.
    await previewAt(user, '2026-03-25T12:00');
    const lines = previewLines();
    expect(lines.some((line) => /^\+0:00Skipped Diego Alvarez: in quiet hours 02:00–07:00 America\/Los_Angeles.*quiet hours$/.test(line))).toBe(true);
    expect(lines.some((line) => /^\+0:00Paged Marcus Webb by SMS/.test(line))).toBe(true);
    expect(lines.some((line) => /Paged Diego Alvarez by SMS/.test(line))).toBe(false);
  });

  it('reorders levels with Move up and Move down, previews the draft, saves with the version and shows the new one', async () => {
    seedPayments();
    const { user } = renderApp(PAGE, { as: 'manager' });
    await levels();
    await user.click(within(level(3)).getByRole('button', { name: 'Move Level 3 up' }));
    expect(within(level(2)).getByRole('list', { name: 'Targets of Level 2' })).toHaveTextContent('Priya Raman');
    await user.click(within(level(1)).getByRole('button', { name: 'Move Level 1 down' }));
    expect(within(level(1)).getByRole('list', { name: 'Targets of Level 1' })).toHaveTextContent('Priya Raman');

    // The preview follows the unsaved draft: Priya is paged first now.
    await previewAt(user, '2026-03-25T18:00');
    expect(previewLines().find((line) => /Paged .* by SMS/.test(line))).toMatch(/^\+0:00Paged Priya Raman by SMS/);

    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('Saved as version 2.')).toBeInTheDocument();
    expect(screen.getByText('Version 2')).toBeInTheDocument();
    expect(db.policies.get(SERVICE)!.levels.map((l) => l.id)).toEqual(['l-manager', 'l-primary', 'l-backup']);
  });

  it('reorders a level by dragging it with the keyboard (Space, arrow down, Space)', async () => {
    seedPayments();
    // jsdom lays nothing out; each level gets a 200 px slot so the drag has somewhere to go.
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const slot = this.closest<HTMLElement>('[data-level-index]');
      const index = slot ? Number(slot.dataset['levelIndex']) : 0;
      const top = index * 200;
      const height = this === slot ? 180 : 20;
      return { x: 0, y: top, top, left: 0, width: 600, height, bottom: top + height, right: 600, toJSON: () => ({}) } as DOMRect;
    });
    const { user } = renderApp(PAGE, { as: 'manager' });
    await levels();
    within(level(1)).getByRole('button', { name: /^Drag Level 1 to reorder/ }).focus();
    await user.keyboard('[Space]');
    await user.keyboard('[ArrowDown]');
    await user.keyboard('[Space]');
    await waitFor(() => expect(within(level(2)).getByRole('list', { name: 'Targets of Level 2' })).toHaveTextContent('Payments primary — primary on call'));
    expect(within(level(1)).getByRole('list', { name: 'Targets of Level 1' })).toHaveTextContent('Payments primary — backup on call');
  });

  it('refuses a delay the rules refuse before sending, at its field, in the rules’ words', async () => {
    seedPayments();
    const { user } = renderApp(PAGE, { as: 'manager' });
    await levels();
    const delay = within(level(2)).getByLabelText('Level 2: escalate after (minutes) if not acknowledged');
    await user.clear(delay);
    await user.type(delay, '0');
    expect(screen.getByText('Fix the problems above to see the preview.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(delay).toHaveAccessibleDescription('must be at least 1');
    expect(db.policies.get(SERVICE)!.version).toBe(1);
  });

  it('shows the server’s 400 at the target it names (a schedule deleted meanwhile)', async () => {
    seedPayments();
    const { user } = renderApp(PAGE, { as: 'manager' });
    await levels();
    await user.click(within(level(3)).getByRole('button', { name: 'Move Level 3 up' }));
    db.schedules = [];
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await within(level(1)).findByText('Payments primary — primary on call names no schedule')).toBeInTheDocument();
    expect(within(level(3)).getByText('Payments primary — backup on call names no schedule')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Nothing was saved');
    expect(db.policies.get(SERVICE)!.version).toBe(1);
  });

  it('on a stale version says someone changed it, then loads theirs or keeps editing and saves over it', async () => {
    seedPayments();
    const { user } = renderApp(PAGE, { as: 'manager' });
    await levels();
    // Someone else drops the manager level meanwhile.
    db.policies.set(SERVICE, guidePolicy({ version: 2, levels: guidePolicy().levels.slice(0, 2) }));
    await user.click(within(level(3)).getByRole('button', { name: 'Move Level 3 up' }));
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Someone changed this policy while you were editing.');
    expect(alert).toHaveTextContent('It is now version 2');

    await user.click(within(alert).getByRole('button', { name: 'Keep editing mine' }));
    expect(within(level(2)).getByRole('list', { name: 'Targets of Level 2' })).toHaveTextContent('Priya Raman');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('Saved as version 3.')).toBeInTheDocument();
    expect(db.policies.get(SERVICE)!.levels).toHaveLength(3);
  });

  it('loads the other person’s version after a conflict when asked', async () => {
    seedPayments();
    const { user } = renderApp(PAGE, { as: 'manager' });
    await levels();
    db.policies.set(SERVICE, guidePolicy({ version: 2, levels: guidePolicy().levels.slice(0, 2) }));
    await user.click(within(level(3)).getByRole('button', { name: 'Move Level 3 up' }));
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    await user.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'Load their version' }));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Level 3' })).not.toBeInTheDocument());
    expect(within(level(2)).getByRole('list', { name: 'Targets of Level 2' })).toHaveTextContent('Payments primary — backup on call');
    expect(screen.getByText('Version 2')).toBeInTheDocument();
  });

  it('shows a viewer the policy read-only: sentences, no controls', async () => {
    seedPayments();
    renderApp(PAGE, { as: 'viewer' });
    const list = await levels();
    expect(within(list).getByRole('heading', { name: 'Level 2' })).toBeInTheDocument();
    expect(list).toHaveTextContent('Escalate after 5 minutes if not acknowledged.');
    expect(screen.queryByRole('form', { name: 'Escalation policy' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Save|Move|Remove|Drag|Start maintenance/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('spinbutton')).not.toBeInTheDocument();
  });

  it('explains that nobody is paged without a policy, and creates the starter policy (primary, then backup after 5 minutes)', async () => {
    seedPayments({ policy: null });
    const { user } = renderApp(PAGE, { as: 'manager' });
    expect(await screen.findByText('nobody is paged')).toBeInTheDocument();
    expect(screen.getByText('This service has no escalation policy, so its incidents page nobody.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create a policy' }));
    expect(within(level(1)).getByRole('list', { name: 'Targets of Level 1' })).toHaveTextContent('Payments primary — primary on call');
    expect(within(level(2)).getByRole('list', { name: 'Targets of Level 2' })).toHaveTextContent('Payments primary — backup on call');
    await user.click(screen.getByRole('button', { name: 'Create policy' }));
    expect(await screen.findByText('Saved as version 1.')).toBeInTheDocument();
    expect(db.policies.get(SERVICE)).toMatchObject({
      version: 1,
      levels: [
        { escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId: schedule.id, role: 'primary' }] },
        { escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId: schedule.id, role: 'backup' }] },
      ],
    });
  });

  it('adds a person to a level from the labelled picker, which offers only people who can acknowledge', async () => {
    seedPayments();
    db.teams = db.teams.map((team) => (team.id === TEAM_PAYMENTS ? { ...team, members: [...team.members, { userId: USERS.viewer.id, manager: false }] } : team));
    const { user } = renderApp(PAGE, { as: 'manager' });
    await levels();
    const picker = within(level(3)).getByLabelText('Add a person or schedule to Level 3');
    const offered = within(picker).getAllByRole('option').map((o) => o.textContent);
    expect(offered).not.toContain('Tomás Ferreira');
    await user.selectOptions(picker, 'Diego Alvarez');
    expect(within(level(3)).getByRole('list', { name: 'Targets of Level 3' })).toHaveTextContent('Diego Alvarez');
    await user.click(within(level(3)).getByRole('button', { name: 'Remove Priya Raman from Level 3' }));
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    await screen.findByText('Saved as version 2.');
    expect(db.policies.get(SERVICE)!.levels[2]!.targets).toEqual([{ type: 'user', userId: DIEGO }]);
  });

  it('lists the lint findings grouped by level', async () => {
    seedPayments({ priyaReachable: false });
    renderApp(PAGE, { as: 'viewer' });
    const check = await screen.findByRole('region', { name: /Policy check/ });
    expect(within(check).getByRole('heading', { name: 'Level 3' })).toBeInTheDocument();
    expect(within(check).getByText(/Priya Raman has no verified contact method/)).toBeInTheDocument();
  });

  it('starts a maintenance window until a time in the viewer zone, shows the banner, and ends it now', async () => {
    seedPayments();
    const { user } = renderApp(PAGE, { as: 'manager' });
    await levels();
    await user.click(screen.getByRole('button', { name: 'Start maintenance' }));
    const until = new Date(Date.now() + 2 * 3_600_000).toISOString().slice(0, 16);
    fireEvent.change(screen.getByLabelText('Hold pages until (UTC)'), { target: { value: until } });
    await user.type(screen.getByLabelText('Reason'), 'Database upgrade');
    await user.click(screen.getByRole('button', { name: 'Start maintenance' }));
    await waitFor(() => expect(db.maintenanceWindows).toHaveLength(1));
    expect(db.maintenanceWindows[0]).toMatchObject({ end: `${until}:00.000Z`, reason: 'Database upgrade' });
    expect(await screen.findByText(/pages are held until/)).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'End maintenance now (Database upgrade)' }));
    await waitFor(() => expect(db.maintenanceWindows[0]!.endedEarlyAt).not.toBeNull());
    await waitFor(() => expect(screen.queryByText(/pages are held until/)).not.toBeInTheDocument());
  });

  it('shows the banner while a window holds pages', async () => {
    seedPayments();
    seed({ maintenanceWindows: [{ id: 'mw-1', serviceId: SERVICE, start: new Date(Date.now() - 60_000).toISOString(), end: '2099-01-01T03:00:00.000Z', reason: 'Failover test', createdBy: MARCUS, endedEarlyAt: null }] });
    renderApp(PAGE, { as: 'viewer' });
    const banner = await screen.findByText(/pages are held until/);
    expect(within(banner).getByRole('time')).toHaveAttribute('dateTime', '2099-01-01T03:00:00.000Z');
    expect(screen.queryByRole('button', { name: /End maintenance now/ })).not.toBeInTheDocument();
  });
});

describe('services page', () => {
  it('flags a service without a policy and one with findings, and links each to its policy', async () => {
    seedPayments({ priyaReachable: false });
    seed({ services: [...db.services, makeService({ id: 'svc-ledger', name: 'Ledger', teamId: TEAM_PAYMENTS })] });
    const { user } = renderApp('/services', { as: 'manager' });
    const ledger = await screen.findByRole('article', { name: 'Ledger' });
    expect(await within(ledger).findByText('No escalation policy: nobody is paged')).toBeInTheDocument();
    const payments = screen.getByRole('article', { name: 'Payments API' });
    expect(await within(payments).findByText(/^\d+ policy findings?$/)).toBeInTheDocument();
    await user.click(within(payments).getByRole('link', { name: 'Escalation policy of Payments API' }));
    expect(await screen.findByRole('heading', { name: 'Escalation policy: Payments API' })).toBeInTheDocument();
  });
});
