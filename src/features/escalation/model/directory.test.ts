import { describe, expect, it } from 'vitest';
import type { EscalationPolicyViewDto } from '../../../contracts/escalation';
import type { ScheduleDto } from '../../../contracts/schedules';
import type { EpochMs } from '../../../domain/time/instant';
import { directoryFromView } from './directory';

const at = (iso: string) => Date.parse(iso) as EpochMs;

const weekly: ScheduleDto = {
  id: 'sch-1',
  name: 'Payments primary',
  teamId: 'team-payments',
  zone: 'America/Los_Angeles',
  version: 3,
  layers: [{ id: 'l', name: 'Weekly', participants: ['alice', 'bob'], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-01-12', restrictions: [] }],
  overrides: [{ id: 'o', userId: 'carol', start: '2026-03-25T00:00:00.000Z', end: '2026-03-26T00:00:00.000Z', createdBy: null }],
  backupLag: 1,
};

function view(overrides: Partial<EscalationPolicyViewDto> = {}): EscalationPolicyViewDto {
  return {
    policy: null,
    lint: [],
    people: [
      {
        id: 'alice',
        name: 'Alice Chen',
        zone: 'America/Los_Angeles',
        quietHours: { start: '02:00', end: '07:00' },
        p1BreaksQuietHours: false,
        canAcknowledge: true,
        contacts: [{ id: 'c1', kind: 'sms', address: '+1•••••0123', verified: true }],
        rules: [{ id: 'r1', urgency: 'high', contactMethodId: 'c1', delayMinutes: 0 }],
      },
    ],
    schedules: [weekly],
    channels: [
      { channel: 'sms', configured: true, detail: 'Twilio' },
      { channel: 'email', configured: false, detail: 'SMTP host missing' },
    ],
    ...overrides,
  };
}

describe('the browser directory', () => {
  it('answers who is primary and backup with the schedule engine, overrides included', () => {
    const directory = directoryFromView(view());
    // Week of 23 March (from Monday 09:00 Los Angeles): Alice primary, Bob backup.
    expect(directory.onCall('sch-1', 'primary', at('2026-03-24T18:00:00Z'))).toEqual({ exists: true, userId: 'alice', scheduleName: 'Payments primary' });
    expect(directory.onCall('sch-1', 'backup', at('2026-03-24T18:00:00Z'))).toEqual({ exists: true, userId: 'bob', scheduleName: 'Payments primary' });
    expect(directory.onCall('sch-1', 'primary', at('2026-03-25T12:00:00Z'))).toMatchObject({ userId: 'carol' });
    // The handoff is 09:00 in Los Angeles, 16:00 UTC in March (PDT).
    expect(directory.onCall('sch-1', 'primary', at('2026-03-30T15:59:00Z'))).toMatchObject({ userId: 'alice' });
    expect(directory.onCall('sch-1', 'primary', at('2026-03-30T16:00:00Z'))).toMatchObject({ userId: 'bob' });
  });

  it('says a schedule it was not given does not exist', () => {
    expect(directoryFromView(view()).onCall('sch-gone', 'primary', at('2026-03-24T18:00:00Z'))).toEqual({ exists: false });
  });

  it('has nobody on call, in either lane, for a schedule that breaks a rule', () => {
    const broken = { ...weekly, layers: [{ ...weekly.layers[0]!, start: '2026-02-30' }] };
    const directory = directoryFromView(view({ schedules: [broken] }));
    expect(directory.onCall('sch-1', 'primary', at('2026-03-24T18:00:00Z'))).toEqual({ exists: true, userId: null, scheduleName: 'Payments primary' });
    const window = { start: at('2026-03-24T00:00:00Z'), end: at('2026-03-25T00:00:00Z') };
    expect(directory.gaps('sch-1', 'primary', window)).toEqual([window]);
  });

  it('has no backup lane (nobody) for a schedule without one', () => {
    const directory = directoryFromView(view({ schedules: [{ ...weekly, backupLag: null }] }));
    expect(directory.onCall('sch-1', 'backup', at('2026-03-24T18:00:00Z'))).toEqual({ exists: true, userId: null, scheduleName: 'Payments primary' });
  });

  it('reads quiet hours as local minutes and channels as configured or not', () => {
    const directory = directoryFromView(view());
    expect(directory.person('alice')?.quietHours).toEqual({ start: 120, end: 420 });
    expect(directory.person('nobody')).toBeUndefined();
    expect(directory.channelConfigured('sms')).toBe(true);
    expect(directory.channelConfigured('email')).toBe(false);
    expect(directory.channelConfigured('voice')).toBe(false);
  });
});
