import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS, toIsoUtc } from '../time/instant';
import type { EpochMs } from '../time/instant';
import type { Interval } from '../time/interval';
import { addLocalDays, instantOfLocal, localDayOfWall, parseLocalDate, parseTimeOfDay, wallOf, weekdayOf } from '../time/zoned';
import type { LocalDay, Weekday } from '../time/zoned';
import { onCallAt, resolveSegments } from './resolve';
import type { Layer, Override, Restriction, Rotation, Schedule } from './schedule';
import { validateSchedule } from './schedule';

const Z = (iso: string) => Date.parse(iso) as EpochMs;
const HOUR = 3_600_000;
const win = (start: string, end: string): Interval => ({ start: Z(start), end: Z(end) });
const show = (segments: ReadonlyArray<{ start: number; end: number; userId?: string }>) =>
  segments.map((s) => `${toIsoUtc(s.start as EpochMs).slice(5, 16)}–${toIsoUtc(s.end as EpochMs).slice(5, 16)}${s.userId ? ` ${s.userId}` : ''}`);

// ---------------------------------------------------------------------------------------------
// Hand-written examples

describe('resolving a schedule', () => {
  // London in January is UTC+0, so local times read as UTC below. 2026-01-05 is a Monday.
  const weekdays: Layer = {
    id: 'business', participants: ['ana', 'ben'], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-01-05',
    restrictions: [{ days: [1, 2, 3, 4, 5], start: '00:00', end: '19:00' }],
  };
  const nights: Layer = { id: 'base', participants: ['zoe'], rotation: { kind: 'daily' }, handoff: { time: '09:00' }, start: '2026-01-01' };
  const schedule: Schedule = { zone: 'Europe/London', layers: [nights, weekdays], overrides: [] };

  it('lets lower layers show through outside a higher layer’s restrictions', () => {
    const r = resolveSegments(schedule, win('2026-01-05T00:00:00Z', '2026-01-07T00:00:00Z'));
    expect(show(r.segments)).toEqual([
      '01-05T00:00–01-05T09:00 zoe', // before the first weekly handoff (Mon 09:00) the business layer has nobody
      '01-05T09:00–01-05T19:00 ana',
      '01-05T19:00–01-06T00:00 zoe',
      '01-06T00:00–01-06T19:00 ana',
      '01-06T19:00–01-07T00:00 zoe',
    ]);
    expect(r.gaps).toEqual([]);
    expect(r.layers.map((l) => l.layerId)).toEqual(['base', 'business']);
    // The base lane keeps one segment per daily shift even though it is always zoe.
    expect(show(r.layers[0]!.segments)).toEqual(['01-05T00:00–01-05T09:00 zoe', '01-05T09:00–01-06T09:00 zoe', '01-06T09:00–01-07T00:00 zoe']);
  });

  it('reports gaps where no layer has anyone, and merges the same person across layers', () => {
    const only: Schedule = { ...schedule, layers: [weekdays] };
    const r = resolveSegments(only, win('2026-01-09T12:00:00Z', '2026-01-13T00:00:00Z'));
    expect(show(r.segments)).toEqual(['01-09T12:00–01-09T19:00 ana', '01-12T00:00–01-12T09:00 ana', '01-12T09:00–01-12T19:00 ben']);
    expect(show(r.gaps)).toEqual(['01-09T19:00–01-12T00:00', '01-12T19:00–01-13T00:00']);
    const both: Schedule = { ...schedule, layers: [{ ...nights, participants: ['ana'] }, weekdays] };
    expect(show(resolveSegments(both, win('2026-01-05T12:00:00Z', '2026-01-06T12:00:00Z')).segments)).toEqual(['01-05T12:00–01-06T12:00 ana']);
  });

  it('a restriction whose end is before its start wraps midnight and belongs to the day it starts', () => {
    const friNight: Layer = { ...nights, id: 'fri', participants: ['fay'], restrictions: [{ days: [5], start: '19:00', end: '09:00' }] };
    const r = resolveSegments({ ...schedule, layers: [friNight] }, win('2026-01-08T00:00:00Z', '2026-01-11T00:00:00Z'));
    expect(show(r.segments)).toEqual(['01-09T19:00–01-10T09:00 fay']);
  });

  it('overrides win over layers; a later override wins over an earlier one where they overlap', () => {
    const overrides: Override[] = [
      { id: 'o1', userId: 'olga', start: Z('2026-01-05T10:00:00Z'), end: Z('2026-01-05T14:00:00Z') },
      { id: 'o2', userId: 'piet', start: Z('2026-01-05T12:00:00Z'), end: Z('2026-01-05T13:00:00Z') },
      { id: 'o3', userId: 'ana', start: Z('2026-01-05T13:00:00Z'), end: Z('2026-01-05T15:00:00Z') },
      { id: 'bad', userId: 'nobody', start: Z('2026-01-05T16:00:00Z'), end: Z('2026-01-05T16:00:00Z') },
    ];
    const r = resolveSegments({ ...schedule, overrides }, win('2026-01-05T09:00:00Z', '2026-01-05T19:00:00Z'));
    expect(show(r.segments)).toEqual(['01-05T09:00–01-05T10:00 ana', '01-05T10:00–01-05T12:00 olga', '01-05T12:00–01-05T13:00 piet', '01-05T13:00–01-05T19:00 ana']);
    expect(r.overrides.map((o) => `${o.overrideId} ${show([o])[0]}`)).toEqual([
      'o1 01-05T10:00–01-05T12:00 olga',
      'o2 01-05T12:00–01-05T13:00 piet',
      'o3 01-05T13:00–01-05T15:00 ana',
    ]);
    expect(onCallAt({ ...schedule, overrides }, Z('2026-01-05T12:30:00Z'))).toBe('piet');
    expect(onCallAt({ ...schedule, overrides }, Z('2026-01-05T13:30:00Z'))).toBe('ana');
  });

  it('a later override hidden under an earlier one still splits the earlier one’s visible part', () => {
    const overrides: Override[] = [
      { id: 'long', userId: 'olga', start: Z('2026-01-05T10:00:00Z'), end: Z('2026-01-05T16:00:00Z') },
      { id: 'mid', userId: 'piet', start: Z('2026-01-05T12:00:00Z'), end: Z('2026-01-05T13:00:00Z') },
    ];
    const r = resolveSegments({ ...schedule, overrides }, win('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'));
    expect(r.overrides.map((o) => `${o.overrideId} ${show([o])[0]}`)).toEqual([
      'long 01-05T10:00–01-05T12:00 olga',
      'mid 01-05T12:00–01-05T13:00 piet',
      'long 01-05T13:00–01-05T16:00 olga',
    ]);
  });

  it('an empty window resolves to nothing', () => {
    const r = resolveSegments(schedule, win('2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z'));
    expect([r.segments, r.gaps, r.overrides]).toEqual([[], [], []]);
  });

  it('validates fields by name', () => {
    const bad: Schedule = {
      zone: 'UTC+2',
      layers: [{ ...nights, handoff: { time: '9:00' }, start: '2026-02-30', rotation: { kind: 'hours', every: 0 }, restrictions: [{ days: [7 as Weekday], start: '00:00', end: '25:00' }] }],
      overrides: [{ id: 'o', userId: 'u', start: Z('2026-01-02T00:00:00Z'), end: Z('2026-01-01T00:00:00Z') }],
    };
    expect(validateSchedule(bad).map((p) => p.field)).toEqual([
      'zone', 'layers[0].start', 'layers[0].handoff.time', 'layers[0].rotation.every', 'layers[0].restrictions[0].days', 'layers[0].restrictions[0].end', 'overrides[0].end',
    ]);
    expect(validateSchedule(schedule)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests against a naive oracle

const ZONES_AND_TRANSITIONS: Array<[string, string[]]> = [
  ['America/Los_Angeles', ['2026-03-08T10:00:00Z', '2026-11-01T09:00:00Z']],
  ['Europe/London', ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z']],
  ['Australia/Lord_Howe', ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z']],
  ['Asia/Kolkata', ['2026-03-08T00:00:00Z', '2026-07-01T00:00:00Z']],
  ['Pacific/Chatham', ['2026-04-04T14:00:00Z', '2026-09-26T14:00:00Z']],
];
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5'];
const QUARTER = 15 * MINUTE_MS;
const hhmm = (quarters: number) => `${String(Math.floor(quarters / 4)).padStart(2, '0')}:${String((quarters % 4) * 15).padStart(2, '0')}`;

const arbTime = fc.integer({ min: 0, max: 95 }).map(hhmm);
const arbWeekday = fc.integer({ min: 0, max: 6 }).map((d) => d as Weekday);
const arbRotation: fc.Arbitrary<Rotation> = fc.oneof(
  fc.constant<Rotation>({ kind: 'daily' }),
  fc.constant<Rotation>({ kind: 'weekly' }),
  fc.integer({ min: 1, max: 30 }).map((every): Rotation => ({ kind: 'hours', every })),
  fc.integer({ min: 1, max: 3 }).map((every): Rotation => ({ kind: 'days', every })),
);
const arbRestriction: fc.Arbitrary<Restriction> = fc.record({ days: fc.uniqueArray(arbWeekday, { maxLength: 7 }), start: arbTime, end: arbTime });

/** A scenario: a zone, a window of up to three days near one of its transitions, and a schedule. */
const arbScenario = fc
  .record({
    zoneIndex: fc.integer({ min: 0, max: ZONES_AND_TRANSITIONS.length - 1 }),
    transitionIndex: fc.integer({ min: 0, max: 1 }),
    windowShift: fc.integer({ min: -2 * 24 * 60, max: 24 * 60 }),
    windowMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
    layers: fc.array(
      fc.record({
        participants: fc.subarray(USERS, { minLength: 0 }),
        rotation: arbRotation,
        weekday: fc.option(arbWeekday, { nil: undefined }),
        time: arbTime,
        startOffsetDays: fc.integer({ min: -20, max: 3 }),
        restrictions: fc.option(fc.array(arbRestriction, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
      }),
      { maxLength: 3 },
    ),
    overrides: fc.array(
      fc.record({ user: fc.constantFrom(...USERS), startQuarter: fc.integer({ min: -8 * 4, max: 80 * 4 }), quarters: fc.integer({ min: 0, max: 48 * 4 }) }),
      { maxLength: 4 },
    ),
  })
  .map((raw) => {
    const [zone, transitions] = ZONES_AND_TRANSITIONS[raw.zoneIndex]!;
    const transition = Z(transitions[raw.transitionIndex]!);
    const window = { start: (transition + raw.windowShift * MINUTE_MS) as EpochMs, end: (transition + (raw.windowShift + raw.windowMinutes) * MINUTE_MS) as EpochMs };
    const baseDay = localDayOfWall(transition);
    const layers: Layer[] = raw.layers.map((l, i) => ({
      id: `L${i}`,
      participants: l.participants,
      rotation: l.rotation,
      handoff: l.weekday === undefined ? { time: l.time } : { weekday: l.weekday, time: l.time },
      start: new Date((baseDay + l.startOffsetDays) * DAY_MS).toISOString().slice(0, 10),
      ...(l.restrictions ? { restrictions: l.restrictions } : {}),
    }));
    const gridStart = Math.floor(window.start / QUARTER) * QUARTER;
    const overrides: Override[] = raw.overrides.map((o, i) => ({
      id: `O${i}`,
      userId: o.user,
      start: (gridStart + o.startQuarter * QUARTER - 2 * DAY_MS) as EpochMs,
      end: (gridStart + (o.startQuarter + o.quarters) * QUARTER - 2 * DAY_MS) as EpochMs,
    }));
    return { schedule: { zone, layers, overrides } satisfies Schedule, window };
  });

/**
 * The rules, evaluated for one instant as plainly as possible: the last covering override; else,
 * from the top layer down, the participant of the last handoff at or before the instant, if some
 * restriction window (starting yesterday, today or tomorrow, local) contains the instant.
 */
function oracle(schedule: Schedule, at: number): string | null {
  for (const o of [...schedule.overrides].reverse()) if (o.start <= at && at < o.end) return o.userId;
  const zone = schedule.zone;
  const today = localDayOfWall(wallOf(zone, at));
  for (const layer of [...schedule.layers].reverse()) {
    if (layer.participants.length === 0) continue;
    const minute = parseTimeOfDay(layer.handoff.time)!;
    let first = parseLocalDate(layer.start)!;
    if (layer.rotation.kind === 'weekly') {
      const weekday = layer.handoff.weekday ?? weekdayOf(first);
      while (weekdayOf(first) !== weekday) first = addLocalDays(first, 1);
    }
    let shift = -1;
    if (layer.rotation.kind === 'hours') {
      const start = instantOfLocal(zone, first, minute);
      if (at >= start) shift = Math.floor((at - start) / (layer.rotation.every * HOUR));
    } else {
      const step = layer.rotation.kind === 'weekly' ? 7 : layer.rotation.kind === 'days' ? layer.rotation.every : 1;
      // The last handoff day at or before tomorrow whose handoff instant is not after `at`.
      for (let k = Math.floor((today + 1 - first) / step); k >= 0; k--) {
        if (instantOfLocal(zone, (first + k * step) as LocalDay, minute) <= at) {
          shift = k;
          break;
        }
      }
    }
    if (shift < 0) continue;
    const active = !layer.restrictions?.length || layer.restrictions.some((r) => {
      const s = parseTimeOfDay(r.start)!;
      const e = parseTimeOfDay(r.end)!;
      return [today - 1, today, today + 1].some((d) => {
        if (!r.days.includes(weekdayOf(d as LocalDay))) return false;
        const open = instantOfLocal(zone, d as LocalDay, s);
        const close = instantOfLocal(zone, (e > s ? d : d + 1) as LocalDay, e);
        return open <= at && at < close;
      });
    });
    if (active) return layer.participants[shift % layer.participants.length]!;
  }
  return null;
}

describe('resolution properties (random schedules near DST transitions in five zones)', () => {
  it('segments and gaps tile the window exactly, sorted, without overlap, merged', () => {
    fc.assert(
      fc.property(arbScenario, ({ schedule, window }) => {
        const r = resolveSegments(schedule, window);
        const pieces = [...r.segments.map((s) => ({ ...s, gap: false })), ...r.gaps.map((g) => ({ ...g, userId: '', gap: true }))].sort((a, b) => a.start - b.start);
        expect(pieces[0]?.start).toBe(window.start);
        expect(pieces[pieces.length - 1]?.end).toBe(window.end);
        pieces.forEach((p, i) => {
          expect(p.end).toBeGreaterThan(p.start);
          const next = pieces[i + 1];
          if (!next) return;
          expect(next.start).toBe(p.end); // no hole, no overlap
          if (p.gap === next.gap) expect(p.gap || p.userId !== next.userId).toBe(true); // merged
        });
        for (const lane of r.layers) lane.segments.forEach((s, i) => {
          expect(s.start).toBeGreaterThanOrEqual(window.start);
          expect(s.end).toBeLessThanOrEqual(window.end);
          if (i > 0) expect(s.start).toBeGreaterThanOrEqual(lane.segments[i - 1]!.end);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with a minute-by-minute oracle of the rules, and with onCallAt', () => {
    fc.assert(
      fc.property(arbScenario, ({ schedule, window }) => {
        const { segments, overrides } = resolveSegments(schedule, window);
        const wrong: string[] = [];
        let s = 0;
        let o = 0;
        for (let at: number = window.start; at < window.end; at += MINUTE_MS) {
          while (s < segments.length && segments[s]!.end <= at) s++;
          const seg = segments[s];
          const resolved = seg && seg.start <= at ? seg.userId : null;
          const expected = oracle(schedule, at);
          const single = onCallAt(schedule, at as EpochMs);
          if (resolved !== expected || single !== expected) wrong.push(`${toIsoUtc(at as EpochMs)}: oracle ${expected}, segments ${resolved}, onCallAt ${single}`);
          // The effective override there is the last override covering the instant.
          while (o < overrides.length && overrides[o]!.end <= at) o++;
          const eff = overrides[o] && overrides[o]!.start <= at ? overrides[o]!.overrideId : null;
          const last = [...schedule.overrides].reverse().find((x) => x.start <= at && at < x.end)?.id ?? null;
          if (eff !== last) wrong.push(`${toIsoUtc(at as EpochMs)}: override ${eff}, expected ${last}`);
        }
        expect(wrong.slice(0, 3)).toEqual([]);
      }),
      { numRuns: 120 },
    );
  }, 60_000);
});
