import { describe, expect, it } from 'vitest';
import { MAX_OVERRIDE_MS, layerProblems, localDateProblem, overrideProblems, rotationEveryProblem, spanProblems } from './rules';

const layer = { name: 'Primary', participants: ['u1'], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-03-02', restrictions: [] };

describe('schedule rules', () => {
  it('refuses a date that does not exist and accepts a real leap day', () => {
    expect(localDateProblem('2026-02-30')).toBe('must be a date that exists (2026-02-30 does not)');
    expect(localDateProblem('2027-02-29')).toBe('must be a date that exists (2027-02-29 does not)');
    expect(localDateProblem('2026-13-01')).toBeDefined();
    expect(localDateProblem('2028-02-29')).toBeUndefined();
    expect(localDateProblem('2026-3-2')).toBe('must be a date YYYY-MM-DD');
  });

  it('keeps layer start dates within 1970..2099', () => {
    expect(localDateProblem('1969-12-31')).toBe('must be between 1970-01-01 and 2099-12-31');
    expect(localDateProblem('9999-12-31')).toBe('must be between 1970-01-01 and 2099-12-31');
    expect(localDateProblem('2099-12-31')).toBeUndefined();
  });

  it('bounds rotation lengths per unit: 720 hours, 365 days, 52 weeks, at least 1', () => {
    expect(rotationEveryProblem('hours', 720)).toBeUndefined();
    expect(rotationEveryProblem('hours', 721)).toBe('must be a whole number of hours from 1 to 720');
    expect(rotationEveryProblem('days', 366)).toBe('must be a whole number of days from 1 to 365');
    expect(rotationEveryProblem('weeks', 53)).toBe('must be a whole number of weeks from 1 to 52');
    expect(rotationEveryProblem('weeks', 0)).toBeDefined();
    expect(rotationEveryProblem('days', 1.5)).toBeDefined();
    expect(rotationEveryProblem('days', Number.NaN)).toBeDefined();
  });

  it('names every problem of a layer relative to it, in form order', () => {
    expect(layerProblems(layer)).toEqual([]);
    const bad = { ...layer, name: ' ', participants: [], start: '2026-02-30', handoff: { time: '24:00' }, restrictions: [{ days: [], start: '09:00', end: '09:00' }] };
    expect(layerProblems(bad).map((p) => p.field)).toEqual(['name', 'participants', 'start', 'handoff.time', 'restrictions[0].days', 'restrictions[0].end']);
  });

  it('bounds overrides to the years 1970..2099 and to a year and a day', () => {
    const start = Date.UTC(2026, 0, 1);
    expect(overrideProblems(start, start + MAX_OVERRIDE_MS)).toEqual([]);
    expect(overrideProblems(start, start + MAX_OVERRIDE_MS + 1)).toEqual([{ field: 'end', message: 'must be at most 366 days after start' }]);
    expect(overrideProblems(Date.parse('0000-01-01T00:00:00Z'), start).map((p) => p.field)).toEqual(['start']);
    expect(overrideProblems(start, Date.UTC(9999, 11, 31)).map((p) => p.field)).toEqual(['end']);
    expect(overrideProblems(start, start)).toEqual([{ field: 'end', message: 'must be after start' }]);
  });

  it('names query window fields as the query does', () => {
    expect(spanProblems(Date.UTC(1960, 0, 1), Date.UTC(2026, 0, 1), 400 * 86_400_000, { start: 'from', end: 'to' })).toEqual([{ field: 'from', message: 'must be between 1970-01-01T00:00:00Z and 2100-01-01T00:00:00Z' }]);
  });
});
