import { describe, expect, it } from 'vitest';
import { EVENT_SAMPLES } from '../testing/timeline-event-samples';
import { liveEventSchema } from './live';
import type { RecordedEventBody } from './timeline-events';
import { EVENT_KINDS, readEventBody, recordedEventBodySchema, timelineEventBodySchema, timelineEventSchema } from './timeline-events';

const envelope = { seq: 7, at: '2026-01-15T12:00:00.000Z', incidentId: 'INC-2026-0001', serviceId: 'svc-1', actor: { type: 'person', name: 'Priya Raman' } } as const;
const kinds = timelineEventBodySchema.options.map((option) => option.shape.kind.value);

describe('timeline events', () => {
  it('lists every kind of the union once', () => {
    expect(new Set(EVENT_KINDS).size).toBe(EVENT_KINDS.length);
    expect([...EVENT_KINDS].sort()).toEqual([...kinds].sort());
  });

  it.each(kinds)('%s survives the wire unchanged, on the timeline and on the live stream', (kind) => {
    const event = { ...envelope, kind, data: EVENT_SAMPLES[kind] };
    const overTheWire: unknown = JSON.parse(JSON.stringify(event));
    expect(timelineEventSchema.parse(overTheWire)).toEqual(event);
    expect(liveEventSchema.parse(overTheWire)).toEqual(event);
  });

  it.each([
    ['a severity that does not exist', { kind: 'incident.severity_changed', data: { from: 'P3', to: 'P9' } }],
    ['a missing field', { kind: 'incident.status_update', data: { text: 'Investigating' } }],
    ['a field of the wrong type', { kind: 'alert.firing', data: { count: '2', alertCount: 3, alerts: [], more: 0 } }],
    ['another kind’s data', { kind: 'incident.title_changed', data: { name: 'Checkout API' } }],
    ['a kind that does not exist', { kind: 'incident.exploded', data: {} }],
    ['no data', { kind: 'incident.acknowledged' }],
  ])('refuses an event with %s', (_case, body) => {
    expect(timelineEventSchema.safeParse({ ...envelope, ...body }).success).toBe(false);
    expect(recordedEventBodySchema.safeParse(body).success).toBe(false);
  });

  it('refuses an event without its envelope', () => {
    const { seq: _seq, ...withoutSeq } = envelope;
    expect(timelineEventSchema.safeParse({ ...withoutSeq, kind: 'incident.acknowledged', data: {} }).success).toBe(false);
  });

  it('makes a writer with a wrong shape a type error (tsc checks each line below), and the schema refuses it too', () => {
    const wrong: RecordedEventBody[] = [
      // @ts-expect-error P9 is not a severity
      { kind: 'incident.severity_changed', data: { from: 'P3', to: 'P9' } },
      // @ts-expect-error a status update has a phase
      { kind: 'incident.status_update', data: { text: 'Investigating' } },
      // @ts-expect-error a note's text is a string
      { kind: 'incident.note', data: { text: 42 } },
      // @ts-expect-error the reader-only kind cannot be written
      { kind: 'unrecognised', data: { storedKind: 'x', stored: null } },
    ];
    expect(wrong.filter((body) => recordedEventBodySchema.safeParse(body).success)).toEqual([]);
  });

  it('lets no writer append the reader-only unrecognised kind', () => {
    expect(recordedEventBodySchema.safeParse({ kind: 'unrecognised', data: EVENT_SAMPLES.unrecognised }).success).toBe(false);
  });
});

describe('reading stored events', () => {
  it('reads rows written before the shapes were typed: demo notes without a phase, demo incidents without a dedup key', () => {
    expect(readEventBody('incident.note', { text: 'Export job paused.' })).toEqual({ kind: 'incident.note', data: { text: 'Export job paused.' } });
    const demoTriggered = { title: 'Disk full', severity: 'P2', source: 'alertmanager', alertCount: 1, firing: 1, alerts: ['Disk full'], more: 0 };
    expect(readEventBody('incident.triggered', demoTriggered)).toEqual({ kind: 'incident.triggered', data: demoTriggered });
  });

  it('reads a row with a field added by a newer version as its kind, without the field', () => {
    expect(readEventBody('incident.acknowledged', { how: 'web', by: null, acknowledgedFrom: 'watch app' })).toEqual({ kind: 'incident.acknowledged', data: { how: 'web', by: null } });
  });

  it('reads a kind this version does not know as unrecognised, keeping what was stored', () => {
    expect(readEventBody('incident.escalated', { level: 2 })).toEqual({ kind: 'unrecognised', data: { storedKind: 'incident.escalated', stored: { level: 2 } } });
  });

  it('reads a known kind with damaged data as unrecognised rather than failing', () => {
    expect(readEventBody('incident.severity_changed', { from: 'P3' })).toEqual({ kind: 'unrecognised', data: { storedKind: 'incident.severity_changed', stored: { from: 'P3' } } });
    expect(readEventBody('incident.note', 'not json')).toEqual({ kind: 'unrecognised', data: { storedKind: 'incident.note', stored: 'not json' } });
  });

  it('never takes a stored row for the unrecognised kind itself', () => {
    const forged = { storedKind: 'incident.resolved', stored: {} };
    expect(readEventBody('unrecognised', forged)).toEqual({ kind: 'unrecognised', data: { storedKind: 'unrecognised', stored: forged } });
  });
});
