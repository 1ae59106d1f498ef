/**
 * Schedule engine benchmark (a benchmark, not a test: it measures and reports, it never fails on a
 * missed goal). `node --import tsx scripts/bench-schedule.ts [--runs N]`.
 *
 * 1. Resolve a year of a 3-layer schedule with 500 overrides in America/Los_Angeles (two DST
 *    changes): weekly base layer, a daily business-hours layer (Mon–Fri 09:00–17:00), a 12-hour
 *    weekend layer; goal ≤ 20 ms per resolution.
 * 2. "Who is on call now" for 1,000 different schedules in 8 zones; goal ≤ 50 ms for all 1,000.
 *
 * Inputs are generated from a fixed seed and `now` is a fixed instant, so every run does the same
 * work. The first ("cold") run of each part includes filling the zone-rule memo; the median and p95
 * are over the warm runs. Prints the machine and a markdown block on stdout; writes no file.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { epochMs } from '../src/domain/time/instant';
import type { EpochMs } from '../src/domain/time/instant';
import { onCallAt, resolveSegments } from '../src/domain/schedule/resolve';
import type { Layer, Override, Schedule } from '../src/domain/schedule/schedule';
import { seededRandom } from '../src/domain/random/seeded';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 50;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;


const people = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

function threeLayers(start: string, rand: () => number): Layer[] {
  return [
    { id: 'base', participants: people(6, 'eng'), rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start },
    {
      id: 'business', participants: people(4, 'day'), rotation: { kind: 'daily' }, handoff: { time: '08:00' }, start,
      restrictions: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }],
    },
    {
      id: 'weekend', participants: people(3, 'wkd'), rotation: { kind: 'hours', every: 12 }, handoff: { time: String(Math.floor(rand() * 12)).padStart(2, '0') + ':00' }, start,
      restrictions: [{ days: [6, 0], start: '00:00', end: '00:00' }],
    },
  ];
}

function overrides(count: number, from: number, to: number, rand: () => number): Override[] {
  return Array.from({ length: count }, (_, i) => {
    const start = from + Math.floor((rand() * (to - from)) / (15 * 60_000)) * 15 * 60_000;
    const hours = 1 + Math.floor(rand() * 72);
    return { id: `o${i}`, userId: `sub${1 + Math.floor(rand() * 20)}`, start: epochMs(start), end: epochMs(start + hours * HOUR) };
  });
}

function stats(samples: number[]): { median: number; p95: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

const fmt = (ms: number) => ms.toFixed(2);

// ---------------------------------------------------------------------------------------------
// 1. A year of one schedule

const yearStart = Date.UTC(2026, 0, 1, 8); // 2026-01-01 00:00 PST
const yearEnd = Date.UTC(2027, 0, 1, 8);
const rand = seededRandom(42);
const yearSchedule: Schedule = {
  zone: 'America/Los_Angeles',
  layers: threeLayers('2025-12-29', rand),
  overrides: overrides(500, yearStart, yearEnd, rand),
};
const yearWindow = { start: epochMs(yearStart), end: epochMs(yearEnd) };

let t0 = performance.now();
const first = resolveSegments(yearSchedule, yearWindow);
const resolveCold = performance.now() - t0;
const resolveSamples: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t0 = performance.now();
  resolveSegments(yearSchedule, yearWindow);
  resolveSamples.push(performance.now() - t0);
}
const resolveStats = stats(resolveSamples);
const laneCount = first.layers.reduce((n, l) => n + l.segments.length, 0);

// ---------------------------------------------------------------------------------------------
// 2. Who is on call now, for 1,000 schedules

const ZONES = ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo'];
const now: EpochMs = epochMs(Date.UTC(2026, 10, 15, 12, 34)); // a fixed "now": the domain never reads the clock
const manyRand = seededRandom(7);
const schedules: Schedule[] = Array.from({ length: 1000 }, (_, i) => {
  const startDay = 1 + Math.floor(manyRand() * 28);
  const start = `2025-${String(1 + Math.floor(manyRand() * 12)).padStart(2, '0')}-${String(startDay).padStart(2, '0')}`;
  return {
    zone: ZONES[i % ZONES.length]!,
    layers: threeLayers(start, manyRand),
    overrides: overrides(50, now - 30 * DAY, now + 30 * DAY, manyRand),
  };
});

t0 = performance.now();
let covered = 0;
for (const s of schedules) if (onCallAt(s, now) !== null) covered++;
const nowCold = performance.now() - t0;
const nowSamples: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t0 = performance.now();
  for (const s of schedules) onCallAt(s, now);
  nowSamples.push(performance.now() - t0);
}
const nowStats = stats(nowSamples);

// ---------------------------------------------------------------------------------------------
// Report

const cpus = os.cpus();
const verdict = (value: number, goal: number) => (value <= goal ? `meets ≤ ${goal} ms` : `MISSES ≤ ${goal} ms`);
const lines = [
  '```',
  `schedule engine benchmark — ${RUNS} warm runs per part`,
  `machine: ${os.availableParallelism()} CPUs (nproc), ${cpus[0]?.model ?? 'unknown CPU'}, node ${process.version}, ${os.platform()} ${os.arch()}`,
  '',
  '| part | cold (1st run) | median | p95 | min–max | goal |',
  '|---|---|---|---|---|---|',
  `| resolve 1 year, 3 layers, 500 overrides (America/Los_Angeles) | ${fmt(resolveCold)} ms | ${fmt(resolveStats.median)} ms | ${fmt(resolveStats.p95)} ms | ${fmt(resolveStats.min)}–${fmt(resolveStats.max)} ms | ${verdict(resolveStats.p95, 20)} (p95) |`,
  `| onCallAt for 1,000 schedules (8 zones, 3 layers + 50 overrides each), total | ${fmt(nowCold)} ms | ${fmt(nowStats.median)} ms | ${fmt(nowStats.p95)} ms | ${fmt(nowStats.min)}–${fmt(nowStats.max)} ms | ${verdict(nowStats.p95, 50)} (p95) |`,
  '',
  `year resolution: ${first.segments.length} final segments, ${first.gaps.length} gaps, ${laneCount} lane segments, ${first.overrides.length} effective override parts`,
  `1,000 schedules: ${covered} have someone on call at ${new Date(now).toISOString()}`,
  '```',
];
console.log(lines.join('\n'));
