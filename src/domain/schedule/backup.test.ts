import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../time/instant';
import { backupLayer, backupSchedule } from './backup';
import { onCallAt } from './resolve';
import type { Layer, Schedule } from './schedule';

const Z = (iso: string) => Date.parse(iso) as EpochMs;
const WEEK = 7 * 86_400_000;

describe('backup rotation', () => {
  const primaryLayer: Layer = { id: 'p', participants: ['alice', 'bob', 'charlie'], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-01-05' };
  const primary: Schedule = { zone: 'Europe/Berlin', layers: [primaryLayer], overrides: [{ id: 'o', userId: 'zed', start: Z('2026-01-06T00:00:00Z'), end: Z('2026-01-07T00:00:00Z') }] };
  const backup = backupSchedule(primary);
  // Tuesday noon of weeks 1..4 (winter, Berlin is UTC+1).
  const weeks = [0, 1, 2, 3].map((w) => (Z('2026-01-06T11:00:00Z') + w * WEEK + 86_400_000) as EpochMs);

  it('follows the primary by one person: a week of primary, then a week of backup', () => {
    expect(weeks.map((t) => onCallAt(primary, t))).toEqual(['alice', 'bob', 'charlie', 'alice']);
    expect(weeks.map((t) => onCallAt(backup, t))).toEqual(['charlie', 'alice', 'bob', 'charlie']);
  });

  it('keeps rotation, handoff, start and restrictions, drops the primary’s overrides, and renames the layer', () => {
    expect(backup.layers[0]).toEqual({ ...primaryLayer, id: 'p:backup', participants: ['charlie', 'alice', 'bob'] });
    expect(backup.overrides).toEqual([]);
    expect(backup.zone).toBe('Europe/Berlin');
  });

  it('a negative lag makes the backup the next primary instead', () => {
    expect(backupLayer(primaryLayer, -1).participants).toEqual(['bob', 'charlie', 'alice']);
    expect(backupLayer({ ...primaryLayer, participants: ['solo'] }).participants).toEqual(['solo']);
    expect(backupLayer({ ...primaryLayer, participants: [] }).participants).toEqual([]);
  });
});
