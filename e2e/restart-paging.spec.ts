import { expect, test } from '@playwright/test';
import { MINUTE, callsTo, notifiedEvents, smsTo, startPagingServer, startPagingStandIns } from './support/paging';
import { runRestartScenario } from './support/restart-scenario';

// The real server process, no browser: what a team relies on when the host dies mid-escalation.
test('kill -9 ten seconds before the backup is due: after the restart the backup is paged once, marked late, and the primary is not paged again', async () => {
  const standIns = await startPagingStandIns();
  const server = await startPagingServer(standIns);
  try {
    const outcome = await runRestartScenario(server, standIns);
    const { twilio } = standIns;
    const { primary, backup } = outcome.onCall;

    // Before the kill the primary had their SMS and call, and the backup nothing yet.
    expect(outcome.beforeKill).toEqual({ primarySms: 1, primaryCalls: 1, backupSms: 0 });
    // After it: the backup's SMS exactly once, sent by the restarted process; nothing more to the primary.
    expect(smsTo(twilio, backup.phone)).toHaveLength(1);
    expect(outcome.backupSms.at).toBeGreaterThanOrEqual(outcome.restartedAt);
    expect(smsTo(twilio, primary.phone)).toHaveLength(1);
    expect(callsTo(twilio, primary.phone)).toHaveLength(1);

    // Every send went through at the first try: a retried send would be a second message to someone.
    expect(outcome.timeline.filter((event) => event.kind === 'page.failed')).toEqual([]);
    const notified = notifiedEvents(outcome.timeline);
    const toPrimary = notified.filter((event) => event.data.userId === primary.userId).map((event) => event.data.channel);
    expect(toPrimary.sort()).toEqual(['email', 'in-app', 'sms', 'voice']);
    const toBackup = notified.filter((event) => event.data.userId === backup.userId);
    expect(toBackup.map((event) => event.data.channel)).toEqual(['in-app', 'sms']);
    for (const event of toBackup) {
      expect(event.data.level).toBe(2);
      // Due at +5:00, the clock came back at +5:20: at least the 20 s the server was down, in server time.
      expect(event.data.lateByMs ?? 0).toBeGreaterThanOrEqual(20_000);
      expect(Date.parse(event.at)).toBeGreaterThanOrEqual(outcome.levelOneAt + 5 * MINUTE + 20_000);
    }
    // Order: level 2 starts after everything of level 1, and once.
    const escalated = outcome.timeline.filter((event) => event.kind === 'escalation.escalated');
    expect(escalated.map((event) => (event.kind === 'escalation.escalated' ? event.data.level : 0))).toEqual([1, 2]);
    const levelTwo = outcome.timeline.findIndex((event) => event.kind === 'escalation.escalated' && event.data.level === 2);
    const lastToPrimary = outcome.timeline.findLastIndex((event) => event.kind === 'page.notified' && event.data.userId === primary.userId);
    expect(levelTwo).toBeGreaterThan(lastToPrimary);
    const levelTwoEvent = outcome.timeline[levelTwo]!;
    expect(levelTwoEvent.kind === 'escalation.escalated' ? levelTwoEvent.data.lateByMs : undefined).toBeGreaterThanOrEqual(20_000);
  } finally {
    await server.dispose();
    await standIns.close();
  }
});
