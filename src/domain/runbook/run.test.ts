import { describe, expect, it } from 'vitest';
import { epochMs } from '../time/instant';
import { analyseRunbook } from './document';
import { runProgress, timeBoxDeadline } from './run';

const outline = analyseRunbook(
  [
    '- [ ] a step before any heading', // 1
    '## Diagnosis (< 2 minutes)', //      2
    '- [ ] look at the pool', //          3
    '- [ ] find the job', //              4
    '## Notes', //                        5
    'Nothing to tick here.', //           6
    '## Quick fix (5 minutes)', //        7
    '1. pause the job', //                8
    '2. restart the api', //              9
    '3. watch the pool', //              10
    '4. tell the channel', //            11
  ].join('\n'),
);

describe('runProgress', () => {
  it('counts every ticked step and names the first section that is not finished', () => {
    expect(runProgress(outline, new Set())).toEqual({ done: 0, total: 7, section: { id: 'section-2', title: 'Diagnosis', done: 0, total: 2 } });
    expect(runProgress(outline, new Set(['step-3']))).toEqual({ done: 1, total: 7, section: { id: 'section-2', title: 'Diagnosis', done: 1, total: 2 } });
  });

  it('moves on to "Quick fix 2/4" once Diagnosis is done, skipping sections without steps', () => {
    expect(runProgress(outline, new Set(['step-3', 'step-4', 'step-8', 'step-10']))).toEqual({ done: 4, total: 7, section: { id: 'section-7', title: 'Quick fix', done: 2, total: 4 } });
  });

  it('ignores unknown ids and has no section when everything is ticked or there are no steps', () => {
    const all = new Set(['step-1', 'step-3', 'step-4', 'step-8', 'step-9', 'step-10', 'step-11', 'step-99', 'section-2']);
    expect(runProgress(outline, all)).toEqual({ done: 7, total: 7, section: null });
    expect(runProgress(analyseRunbook('# Just prose'), new Set(['step-1']))).toEqual({ done: 0, total: 0, section: null });
  });

  it('counts a ticked step outside any section overall only', () => {
    expect(runProgress(outline, new Set(['step-1', 'step-3', 'step-4']))).toEqual({ done: 3, total: 7, section: { id: 'section-7', title: 'Quick fix', done: 0, total: 4 } });
  });
});

describe('timeBoxDeadline', () => {
  it('is the start plus the minutes, whatever the host zone', () => {
    const start = epochMs(Date.UTC(2026, 2, 8, 6, 59)); // one minute before New York's spring-forward
    expect(timeBoxDeadline(start, 2)).toBe(Date.UTC(2026, 2, 8, 7, 1));
    expect(timeBoxDeadline(start, 60)).toBe(Date.UTC(2026, 2, 8, 7, 59));
  });
});
