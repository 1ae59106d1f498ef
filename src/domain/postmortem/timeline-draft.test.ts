import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../time/instant';
import type { DraftEvent } from './timeline-draft';
import { timelineEntries, timelineMarkdown, timelineSentence } from './timeline-draft';

const at = (iso: string) => parseIsoInstant(iso)!;
let seq = 0;
const event = (iso: string, kind: string, data: unknown, name = 'Firewatch'): DraftEvent => ({ seq: ++seq, at: at(iso), kind, data, actor: { type: 'person', name } });

describe('the timeline draft', () => {
  const events: DraftEvent[] = [
    event('2026-03-02T23:58:00Z', 'incident.triggered', { title: 'Pool exhausted', severity: 'P2', source: 'alertmanager', alertCount: 2, firing: 2, alerts: ['DBPoolExhausted', 'CheckoutLatencyHigh'], more: 0 }, 'Alertmanager'),
    event('2026-03-02T23:58:00Z', 'escalation.escalated', { level: 1, pass: 0, round: 0, reason: 'triggered' }),
    event('2026-03-02T23:58:01Z', 'page.skipped', { userId: 'u1', name: 'Mei Tanaka', level: 1, reason: 'quiet-hours', detail: 'quiet 23:00–07:00 Asia/Tokyo', until: null, escalatedAtOnce: true }),
    event('2026-03-02T23:58:01Z', 'escalation.escalated', { level: 2, pass: 0, round: 0, reason: 'everyone-skipped' }),
    event('2026-03-03T00:01:00Z', 'page.notified', { userId: 'u2', name: 'Diego Alvarez', channel: 'in-app', address: null, level: 2, lateByMs: 180_000 }),
    event('2026-03-03T00:01:00Z', 'page.notified', { userId: 'u2', name: 'Diego Alvarez', channel: 'sms', address: '+1•••0123', level: 2, lateByMs: 180_000 }),
    event('2026-03-03T00:01:02Z', 'page.delivered', { userId: 'u2', name: 'Diego Alvarez', channel: 'sms', address: null }),
    event('2026-03-03T00:01:03Z', 'page.bundled', { userId: 'u2', name: 'Diego Alvarez', channel: 'sms', sendAt: '2026-03-03T00:02:00Z' }),
    event('2026-03-03T00:04:00Z', 'incident.acknowledged', { how: 'sms', by: 'u2' }, 'Diego Alvarez'),
    event('2026-03-03T00:05:00Z', 'runbook.run_started', { runId: 'r', runbookId: 'b', title: 'Database pool', version: 1 }, 'Diego Alvarez'),
    event('2026-03-03T00:06:00Z', 'runbook.command_copied', { runId: 'r', runbookId: 'b', title: 'Database pool', command: 'psql -c "select 1"' }, 'Diego Alvarez'),
    event('2026-03-03T00:07:00Z', 'runbook.step_checked', { runId: 'r', runbookId: 'b', title: 'Database pool', stepId: 's', step: 'Check pool usage', section: null, checked: true, progress: { done: 1, total: 4, section: null } }, 'Diego Alvarez'),
    event('2026-03-03T00:10:00Z', 'incident.status_update', { text: 'Checkout is slow.\nWe are looking at the database.', phase: 'investigating' }, 'Diego Alvarez'),
    event('2026-03-03T00:12:00Z', 'postmortem.created', { postmortemId: 'p', title: 'x' }),
    event('2026-03-03T00:13:00Z', 'mystery.kind', { whatever: true }),
    event('2026-03-03T00:20:00Z', 'incident.severity_changed', { from: 'P2', to: 'P1' }, 'Diego Alvarez'),
    event('2026-03-03T00:40:00Z', 'incident.resolved', { previousState: 'acknowledged', previousPhase: 'monitoring' }, 'Diego Alvarez'),
  ];

  it('says who was paged when and how, in UTC, with the date on the first line and when it changes', () => {
    const lines = timelineEntries(events).map((entry) => entry.line);
    expect(lines).toEqual([
      '- **2026-03-02 23:58 UTC** — Alertmanager opened the incident (P2) with 2 alerts firing: “DBPoolExhausted”, “CheckoutLatencyHigh”',
      '- **23:58 UTC** — Escalation started at level 1',
      '- **23:58 UTC** — Mei Tanaka was not paged: in quiet hours (quiet 23:00–07:00 Asia/Tokyo); the next level was paged at once',
      '- **23:58 UTC** — Escalated to level 2 (nobody on the previous level could be paged)',
      '- **2026-03-03 00:01 UTC** — Diego Alvarez was paged by SMS (level 2, late by 3 min)',
      '- **00:04 UTC** — Diego Alvarez acknowledged by replying to an SMS',
      '- **00:05 UTC** — Diego Alvarez started the runbook “Database pool”',
      '- **00:07 UTC** — Diego Alvarez ticked “Check pool usage” (1/4)',
      '- **00:10 UTC** — Diego Alvarez posted a status update (Investigating): “Checkout is slow. We are looking at the database.”',
      '- **00:20 UTC** — Diego Alvarez changed the severity from P2 to P1',
      '- **00:40 UTC** — Diego Alvarez resolved the incident',
    ]);
  });

  it('leaves out deliveries, bundling, command copies, post-mortem events and kinds it does not know', () => {
    const kinds = new Set(timelineEntries(events).map((entry) => events.find((e) => e.seq === entry.seq)!.kind));
    for (const left of ['page.delivered', 'page.bundled', 'runbook.command_copied', 'postmortem.created', 'mystery.kind']) expect(kinds.has(left)).toBe(false);
    expect(timelineSentence(event('2026-03-03T00:00:00Z', 'unrecognised', { storedKind: 'x', stored: {} }))).toBeUndefined();
    expect(timelineSentence(event('2026-03-03T00:00:00Z', 'action_item.changed', { title: 'x' }))).toBeUndefined();
  });

  it('offers only events after a sequence, and repeats the date only when it differs from the last line', () => {
    const afterAck = events.find((e) => e.kind === 'incident.acknowledged')!;
    const fresh = timelineEntries(events, { afterSeq: afterAck.seq, previousAt: afterAck.at });
    expect(fresh[0]!.line).toBe('- **00:05 UTC** — Diego Alvarez started the runbook “Database pool”');
    expect(fresh.every((entry) => entry.seq > afterAck.seq)).toBe(true);
    const noContext = timelineEntries(events, { afterSeq: afterAck.seq });
    expect(noContext[0]!.line.startsWith('- **2026-03-03 00:05 UTC**')).toBe(true);
  });

  it('orders by sequence, not by the order given', () => {
    const reversed = timelineEntries([...events].reverse());
    expect(reversed.map((entry) => entry.seq)).toEqual(timelineEntries(events).map((entry) => entry.seq));
  });

  it('tells acknowledgements, escalations, exhaustion, overrides, runbook escalation, notes and roles apart', () => {
    const sentence = (kind: string, data: unknown, who = 'Ana Lima') => timelineSentence(event('2026-03-03T00:00:00Z', kind, data, who));
    expect(sentence('incident.acknowledged', { how: 'link', by: 'u' })).toBe('Ana Lima acknowledged with the link in a page');
    expect(sentence('incident.acknowledged', {})).toBe('Ana Lima acknowledged');
    expect(sentence('escalation.escalated', { level: 2, pass: 1, round: 0, reason: 'timeout', lateByMs: 45_000 }, 'Firewatch')).toBe('Escalated to level 2, round 2 (the previous level did not acknowledge in time), late by 45 s');
    expect(sentence('escalation.exhausted', { levels: 3, passes: 2 })).toBe('Nobody acknowledged after 3 levels × 2: the escalation policy ran out');
    expect(sentence('escalation.not_started', { reason: 'maintenance', until: null })).toBe('Nobody was paged: the service was in a maintenance window');
    expect(sentence('escalation.not_started', { reason: 'no-policy', until: null })).toBe('Nobody was paged: the service had no escalation policy');
    expect(sentence('page.quiet_hours_overridden', { userId: 'u', name: 'Mei Tanaka', level: 3, why: 'last-level', detail: '' })).toBe('Mei Tanaka was paged during quiet hours: the last level is always paged');
    expect(sentence('page.failed', { userId: 'u', name: 'Mei Tanaka', channel: 'voice', address: null, error: 'busy', retrying: true })).toBeUndefined();
    expect(sentence('page.failed', { userId: 'u', name: 'Mei Tanaka', channel: 'voice', address: null, error: 'busy', retrying: false })).toBe('Phone call to Mei Tanaka failed: busy');
    expect(sentence('runbook.time_box_overrun', { section: 'Mitigate', timeBoxMinutes: 15 })).toBe('Mitigate ran over its time box of 15 minutes');
    expect(sentence('status.published', { publicIncidentId: 'p', title: 'Partial outage of Checkout', phase: 'investigating', components: [] })).toBe('Ana Lima published the incident to the status page (Investigating): “Partial outage of Checkout”');
    expect(sentence('status.public_update', { publicIncidentId: 'p', updateId: 'u', phase: 'monitoring', text: 'A fix is in place.' })).toBe('Ana Lima posted a public update (Monitoring): “A fix is in place.”');
    expect(sentence('runbook.escalation_requested', { target: 'team', teamName: 'Databases', teamId: 't', criterion: 'Replication lag over 5 min' })).toBe('Ana Lima escalated to Databases from the runbook: “Replication lag over 5 min”');
    expect(sentence('incident.note', { text: 'Rolled back 4.2.1' })).toBe('Ana Lima noted: “Rolled back 4.2.1”');
    expect(sentence('incident.phase_changed', { from: 'investigating', to: 'identified' })).toBe('Ana Lima moved the public phase from Investigating to Identified');
    expect(sentence('incident.role_changed', { role: 'commander', from: null, to: 'Ana Lima' })).toBe('Ana Lima became incident commander');
    expect(sentence('incident.role_changed', { role: 'scribe', from: 'Bo Chen', to: null })).toBe('Ana Lima removed Bo Chen as scribe');
    expect(sentence('alert.resolved', { count: 1, alertCount: 2, alerts: ['DBPoolExhausted'], more: 0 }, 'Alertmanager')).toBe('1 alert resolved: “DBPoolExhausted”');
    expect(sentence('incident.declared', { title: 't', severity: 'P1', commander: 'Ana Lima' })).toBe('Ana Lima declared the incident as P1, with Ana Lima as incident commander');
  });

  it('reads damaged data without throwing', () => {
    expect(timelineSentence(event('2026-03-03T00:00:00Z', 'page.notified', null))).toBe('Someone was paged by an unknown channel (level 1)');
    expect(timelineSentence(event('2026-03-03T00:00:00Z', 'runbook.step_checked', { step: 7 }))).toBe('Firewatch ticked “”');
  });

  it('keeps the in-app page only when nothing else reached that person at that level', () => {
    const inApp = (userId: string, level: number) => event('2026-03-03T00:00:00Z', 'page.notified', { userId, name: userId, channel: 'in-app', address: null, level });
    const lines = timelineEntries([inApp('Ana', 1), event('2026-03-03T00:00:00Z', 'page.notified', { userId: 'Ana', name: 'Ana', channel: 'voice', address: null, level: 1 }), inApp('Ana', 2), inApp('Bo', 1)]).map((entry) => entry.line.split(' — ')[1]);
    expect(lines).toEqual(['Ana was paged by phone call (level 1)', 'Ana was paged in Firewatch (level 2)', 'Bo was paged in Firewatch (level 1)']);
  });

  it('joins the entries into one list, and is empty for no entries', () => {
    const entries = timelineEntries(events.slice(0, 2));
    expect(timelineMarkdown(entries)).toBe(`${entries[0]!.line}\n${entries[1]!.line}`);
    expect(timelineMarkdown([])).toBe('');
  });
});
