import { describe, expect, it } from 'vitest';
import { MINUTE_MS, toIsoUtc } from '../time/instant';
import type { EpochMs } from '../time/instant';
import { zonedDateTime } from '../time/zoned';
import type { Weekday } from '../time/zoned';
import { resolveSegments, onCallAt } from './resolve';
import { compileLayer, handoffAt, layerUserAt, shiftIndexAt } from './rotation';
import type { Layer, Rotation, Schedule } from './schedule';

const Z = (iso: string) => Date.parse(iso) as EpochMs;
const HOUR = 3_600_000;
const PEOPLE = ['ana', 'ben', 'cho'];

type Case = {
  name: string;
  zone: string;
  rotation: Rotation;
  time: string;
  weekday?: Weekday;
  start: string;
  /** The first handoffs (shift 0, 1, …), computed by hand from the zone's rules. */
  handoffs: string[];
  /** Hours between consecutive handoffs, to make the 23/25 and 167/169 explicit. */
  hours: number[];
};

/*
 * 2026 transitions: Los Angeles 03-08 02:00 PST → 03:00 PDT (10:00Z), 11-01 02:00 PDT → 01:00 PST
 * (09:00Z); London 03-29 01:00 GMT → 02:00 BST (01:00Z), 10-25 02:00 BST → 01:00 GMT (01:00Z);
 * Lord Howe 04-05 02:00 +11 → 01:30 +10:30 (04-04T15:00Z), 10-04 02:00 +10:30 → 02:30 +11
 * (10-03T15:30Z); Chatham 04-05 03:45 +13:45 → 02:45 +12:45 (04-04T14:00Z), 09-27 02:45 +12:45 →
 * 03:45 +13:45 (09-26T14:00Z); Kolkata +05:30 all year.
 */
const CASES: Case[] = [
  {
    name: 'LA daily 02:30, inside the spring-forward gap',
    zone: 'America/Los_Angeles', rotation: { kind: 'daily' }, time: '02:30', start: '2026-03-06',
    handoffs: ['2026-03-06T10:30:00.000Z', '2026-03-07T10:30:00.000Z', '2026-03-08T10:00:00.000Z', '2026-03-09T09:30:00.000Z', '2026-03-10T09:30:00.000Z'],
    hours: [24, 23.5, 23.5, 24],
  },
  {
    name: 'LA daily 01:30, inside the repeated hour',
    zone: 'America/Los_Angeles', rotation: { kind: 'daily' }, time: '01:30', start: '2026-10-30',
    handoffs: ['2026-10-30T08:30:00.000Z', '2026-10-31T08:30:00.000Z', '2026-11-01T08:30:00.000Z', '2026-11-02T09:30:00.000Z', '2026-11-03T09:30:00.000Z'],
    hours: [24, 24, 25, 24],
  },
  {
    name: 'LA daily 09:00 across spring forward (23 h)',
    zone: 'America/Los_Angeles', rotation: { kind: 'daily' }, time: '09:00', start: '2026-03-07',
    handoffs: ['2026-03-07T17:00:00.000Z', '2026-03-08T16:00:00.000Z', '2026-03-09T16:00:00.000Z'],
    hours: [23, 24],
  },
  {
    name: 'LA weekly Monday 09:00 across spring forward (167 h)',
    zone: 'America/Los_Angeles', rotation: { kind: 'weekly' }, weekday: 1, time: '09:00', start: '2026-02-23',
    handoffs: ['2026-02-23T17:00:00.000Z', '2026-03-02T17:00:00.000Z', '2026-03-09T16:00:00.000Z', '2026-03-16T16:00:00.000Z'],
    hours: [168, 167, 168],
  },
  {
    name: 'LA weekly Monday 09:00 across fall back (169 h)',
    zone: 'America/Los_Angeles', rotation: { kind: 'weekly' }, weekday: 1, time: '09:00', start: '2026-10-19',
    handoffs: ['2026-10-19T16:00:00.000Z', '2026-10-26T16:00:00.000Z', '2026-11-02T17:00:00.000Z', '2026-11-09T17:00:00.000Z'],
    hours: [168, 169, 168],
  },
  {
    name: 'LA weekly Sunday 02:30 (gap on handoff day), start date a Wednesday',
    zone: 'America/Los_Angeles', rotation: { kind: 'weekly' }, weekday: 0, time: '02:30', start: '2026-02-25',
    handoffs: ['2026-03-01T10:30:00.000Z', '2026-03-08T10:00:00.000Z', '2026-03-15T09:30:00.000Z', '2026-03-22T09:30:00.000Z'],
    hours: [167.5, 167.5, 168],
  },
  {
    name: 'LA weekly Sunday 01:30 (repeated hour on handoff day)',
    zone: 'America/Los_Angeles', rotation: { kind: 'weekly' }, weekday: 0, time: '01:30', start: '2026-10-25',
    handoffs: ['2026-10-25T08:30:00.000Z', '2026-11-01T08:30:00.000Z', '2026-11-08T09:30:00.000Z'],
    hours: [168, 169],
  },
  {
    name: 'LA every 12 real hours from 08:00 (fixed durations: wall time moves to 09:00/21:00)',
    zone: 'America/Los_Angeles', rotation: { kind: 'hours', every: 12 }, time: '08:00', start: '2026-03-07',
    handoffs: ['2026-03-07T16:00:00.000Z', '2026-03-08T04:00:00.000Z', '2026-03-08T16:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    hours: [12, 12, 12],
  },
  {
    name: 'LA every 2 local days at 09:00',
    zone: 'America/Los_Angeles', rotation: { kind: 'days', every: 2 }, time: '09:00', start: '2026-03-06',
    handoffs: ['2026-03-06T17:00:00.000Z', '2026-03-08T16:00:00.000Z', '2026-03-10T16:00:00.000Z'],
    hours: [47, 48],
  },
  {
    name: 'London daily 01:30, inside the spring-forward gap',
    zone: 'Europe/London', rotation: { kind: 'daily' }, time: '01:30', start: '2026-03-27',
    handoffs: ['2026-03-27T01:30:00.000Z', '2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z'],
    hours: [24, 23.5, 23.5],
  },
  {
    name: 'London daily 01:30, inside the repeated hour',
    zone: 'Europe/London', rotation: { kind: 'daily' }, time: '01:30', start: '2026-10-23',
    handoffs: ['2026-10-23T00:30:00.000Z', '2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
    hours: [24, 24, 25],
  },
  {
    name: 'London weekly Monday 09:00 across spring forward',
    zone: 'Europe/London', rotation: { kind: 'weekly' }, weekday: 1, time: '09:00', start: '2026-03-23',
    handoffs: ['2026-03-23T09:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-04-06T08:00:00.000Z'],
    hours: [167, 168],
  },
  {
    name: 'London weekly Monday 09:00 across fall back',
    zone: 'Europe/London', rotation: { kind: 'weekly' }, weekday: 1, time: '09:00', start: '2026-10-19',
    handoffs: ['2026-10-19T08:00:00.000Z', '2026-10-26T09:00:00.000Z', '2026-11-02T09:00:00.000Z'],
    hours: [169, 168],
  },
  {
    name: 'Lord Howe daily 01:45, inside the repeated half hour',
    zone: 'Australia/Lord_Howe', rotation: { kind: 'daily' }, time: '01:45', start: '2026-04-03',
    handoffs: ['2026-04-02T14:45:00.000Z', '2026-04-03T14:45:00.000Z', '2026-04-04T14:45:00.000Z', '2026-04-05T15:15:00.000Z'],
    hours: [24, 24, 24.5],
  },
  {
    name: 'Lord Howe daily 02:15, inside the 30-minute gap',
    zone: 'Australia/Lord_Howe', rotation: { kind: 'daily' }, time: '02:15', start: '2026-10-02',
    handoffs: ['2026-10-01T15:45:00.000Z', '2026-10-02T15:45:00.000Z', '2026-10-03T15:30:00.000Z', '2026-10-04T15:15:00.000Z'],
    hours: [24, 23.75, 23.75],
  },
  {
    name: 'Lord Howe weekly Monday 09:00 across DST end (168.5 h)',
    zone: 'Australia/Lord_Howe', rotation: { kind: 'weekly' }, weekday: 1, time: '09:00', start: '2026-03-30',
    handoffs: ['2026-03-29T22:00:00.000Z', '2026-04-05T22:30:00.000Z', '2026-04-12T22:30:00.000Z'],
    hours: [168.5, 168],
  },
  {
    name: 'Lord Howe weekly Monday 09:00 across DST start (167.5 h)',
    zone: 'Australia/Lord_Howe', rotation: { kind: 'weekly' }, weekday: 1, time: '09:00', start: '2026-09-28',
    handoffs: ['2026-09-27T22:30:00.000Z', '2026-10-04T22:00:00.000Z', '2026-10-11T22:00:00.000Z'],
    hours: [167.5, 168],
  },
  {
    name: 'Kolkata daily 02:30 (no DST: always 24 h)',
    zone: 'Asia/Kolkata', rotation: { kind: 'daily' }, time: '02:30', start: '2026-03-07',
    handoffs: ['2026-03-06T21:00:00.000Z', '2026-03-07T21:00:00.000Z', '2026-03-08T21:00:00.000Z'],
    hours: [24, 24],
  },
  {
    name: 'London every 2 weeks on Monday 09:00, from a Wednesday, across spring forward (335 h)',
    zone: 'Europe/London', rotation: { kind: 'weeks', every: 2 }, weekday: 1, time: '09:00', start: '2026-03-11',
    handoffs: ['2026-03-16T09:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-04-13T08:00:00.000Z', '2026-04-27T08:00:00.000Z'],
    hours: [335, 336, 336],
  },
  {
    name: 'Kolkata weekly Monday 09:00',
    zone: 'Asia/Kolkata', rotation: { kind: 'weekly' }, weekday: 1, time: '09:00', start: '2026-03-02',
    handoffs: ['2026-03-02T03:30:00.000Z', '2026-03-09T03:30:00.000Z', '2026-03-16T03:30:00.000Z'],
    hours: [168, 168],
  },
  {
    name: 'Chatham daily 03:00, inside the spring-forward gap',
    zone: 'Pacific/Chatham', rotation: { kind: 'daily' }, time: '03:00', start: '2026-09-25',
    handoffs: ['2026-09-24T14:15:00.000Z', '2026-09-25T14:15:00.000Z', '2026-09-26T14:00:00.000Z', '2026-09-27T13:15:00.000Z'],
    hours: [24, 23.75, 23.25],
  },
  {
    name: 'Chatham daily 03:00, inside the repeated hour',
    zone: 'Pacific/Chatham', rotation: { kind: 'daily' }, time: '03:00', start: '2026-04-03',
    handoffs: ['2026-04-02T13:15:00.000Z', '2026-04-03T13:15:00.000Z', '2026-04-04T13:15:00.000Z', '2026-04-05T14:15:00.000Z'],
    hours: [24, 24, 25],
  },
  {
    name: 'Chatham weekly Monday 09:00 across spring forward (167 h)',
    zone: 'Pacific/Chatham', rotation: { kind: 'weekly' }, weekday: 1, time: '09:00', start: '2026-09-21',
    handoffs: ['2026-09-20T20:15:00.000Z', '2026-09-27T19:15:00.000Z', '2026-10-04T19:15:00.000Z'],
    hours: [167, 168],
  },
];

function layerOf(c: Case, id = 'primary'): Layer {
  return { id, participants: PEOPLE, rotation: c.rotation, handoff: c.weekday === undefined ? { time: c.time } : { weekday: c.weekday, time: c.time }, start: c.start };
}

describe.each(CASES)('$name', (c) => {
  const layer = compileLayer(layerOf(c), c.zone);
  const schedule: Schedule = { zone: c.zone, layers: [layerOf(c)], overrides: [] };
  const handoffs = c.handoffs.map(Z);

  it('hands off at exactly the expected instants', () => {
    expect(handoffs.map((_, k) => toIsoUtc(handoffAt(layer, k)))).toEqual(c.handoffs);
    expect(handoffs.slice(1).map((h, k) => (h - handoffs[k]!) / HOUR)).toEqual(c.hours);
    // Wall-clock rotations keep their local time (or the first instant after a gap); sanity check on the first.
    if (c.rotation.kind !== 'hours') expect(zonedDateTime(c.zone, handoffs[0]!).time).toBe(c.time);
  });

  it('puts the expected person on call at every minute across the transition', () => {
    const first = handoffs[0]!;
    const last = handoffs[handoffs.length - 1]!;
    const expected = (at: number) => {
      let k = -1;
      while (k + 1 < handoffs.length && handoffs[k + 1]! <= at) k++;
      return k < 0 ? null : PEOPLE[k % PEOPLE.length]!;
    };
    const { segments } = resolveSegments(schedule, { start: (first - 2 * HOUR) as EpochMs, end: (last + HOUR) as EpochMs });
    const wrong: string[] = [];
    let s = 0;
    let minutes = 0;
    for (let at = first - 2 * HOUR; at <= last; at += MINUTE_MS, minutes++) {
      const t = at as EpochMs;
      const who = expected(at);
      while (s < segments.length && segments[s]!.end <= at) s++;
      const seg = segments[s];
      const fromSegments = seg && seg.start <= at ? seg.userId : null;
      const got = [onCallAt(schedule, t), layerUserAt(layer, t), fromSegments];
      if (got.some((g) => g !== who)) wrong.push(`${toIsoUtc(t)}: expected ${who}, got ${got.join('/')}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(minutes).toBe((last - first) / MINUTE_MS + 121);
  });

  it('finds the running shift right at and just before each handoff', () => {
    handoffs.forEach((h, k) => {
      expect(shiftIndexAt(layer, h)).toBe(k);
      expect(shiftIndexAt(layer, (h - 1) as EpochMs)).toBe(k - 1);
    });
  });
});

describe('layer start', () => {
  const base: Layer = { id: 'l', participants: PEOPLE, rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-03-04' };

  it('starts at the first handoff on or after the start date; nobody before', () => {
    const layer = compileLayer(base, 'Europe/London');
    expect(toIsoUtc(handoffAt(layer, 0))).toBe('2026-03-09T09:00:00.000Z');
    expect(layerUserAt(layer, Z('2026-03-09T08:59:00Z'))).toBeNull();
    expect(layerUserAt(layer, Z('2026-03-09T09:00:00Z'))).toBe('ana');
  });

  it('a weekly handoff without weekday uses the weekday of the start date', () => {
    const layer = compileLayer({ ...base, handoff: { time: '09:00' } }, 'Europe/London');
    expect(toIsoUtc(handoffAt(layer, 0))).toBe('2026-03-04T09:00:00.000Z');
    expect(toIsoUtc(handoffAt(layer, 1))).toBe('2026-03-11T09:00:00.000Z');
  });

  it('a layer with no participants has nobody', () => {
    const schedule: Schedule = { zone: 'Europe/London', layers: [{ ...base, participants: [] }], overrides: [] };
    expect(onCallAt(schedule, Z('2026-04-01T12:00:00Z'))).toBeNull();
    const window = { start: Z('2026-04-01T00:00:00Z'), end: Z('2026-04-02T00:00:00Z') };
    expect(resolveSegments(schedule, window).gaps).toEqual([window]);
  });

  it('finds shifts years after the start without walking every shift', () => {
    const layer = compileLayer({ ...base, rotation: { kind: 'hours', every: 8 } }, 'Asia/Kolkata');
    const at = Z('2036-03-09T09:00:00Z');
    const k = shiftIndexAt(layer, at);
    expect(handoffAt(layer, k)).toBeLessThanOrEqual(at);
    expect(handoffAt(layer, k + 1)).toBeGreaterThan(at);
  });
});
