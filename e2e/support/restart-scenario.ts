import type { TimelineEventDto } from '../../src/contracts/timeline-events';
import type { RecordedTwilioRequest } from '../../src/server/test-support/twilio-recorder';
import type { OnCall, PagingStandIns } from './paging';
import { MINUTE, advanceServerClockTo, callsTo, eventually, fireAlert, paymentsOnCall, sendsSettled, serviceNamed, smsTo, timelineOf } from './paging';
import type { FirewatchServer } from './server';

/** What happened around a `kill -9` of the real server 10 s before the backup was due. */
export type RestartOutcome = {
  incidentId: string;
  onCall: OnCall;
  /** Server time the first level started (the alert). */
  levelOneAt: number;
  /** Twilio requests accepted before the process was killed. */
  beforeKill: { primarySms: number; primaryCalls: number; backupSms: number };
  /** Wall clock: when the second process was spawned, and when its /readyz first answered 200. */
  restartedAt: number;
  readyAt: number;
  /** The backup's SMS as the stand-in recorded it (its `at` is the stand-in's wall clock). */
  backupSms: RecordedTwilioRequest;
  timeline: TimelineEventDto[];
};

export type RestartScenarioOptions = {
  /** How long to watch for repeats after the backup's SMS arrived. */
  settleMs?: number;
  /** How often /readyz is polled after the restart (the bench polls often to time it closely). */
  readyPollMs?: number;
};

/**
 * The guide's policy on the demo organisation, on a steppable clock: an alert pages the primary
 * (SMS at once, call at +1 min, e-mail at +2); at +4:50 — 10 s before the backup is due — the
 * process is killed with SIGKILL; it is started again on the same data with its clock at +5:20,
 * i.e. 30 s later in server time. Returns what the stand-ins received and the timeline; the
 * caller judges it (the e2e test asserts order and counts, the benchmark measures lateness).
 * `server` is a fresh one from `startPagingServer(standIns)`; it is left running (the caller disposes it).
 */
export async function runRestartScenario(server: FirewatchServer, standIns: PagingStandIns, options: RestartScenarioOptions = {}): Promise<RestartOutcome> {
  const { twilio, inbox } = standIns;
  const onCall = await paymentsOnCall(server);
  const checkout = await serviceNamed(server, 'Checkout API');
  const incidentId = await fireAlert(server, checkout.integrationKey, `restart-${Date.now()}`, 'Checkout API: 5xx above 20%');

  await twilio.waitFor((request) => request.resource === 'Messages' && request.params['To'] === onCall.primary.phone);
  const levelOneAt = await eventually('level 1 on the timeline', async () => {
    const started = (await timelineOf(server, incidentId)).find((event) => event.kind === 'escalation.escalated' && event.data.level === 1);
    return started ? Date.parse(started.at) : undefined;
  });
  await sendsSettled();
  await advanceServerClockTo(server, levelOneAt + MINUTE);
  await twilio.waitFor((request) => request.resource === 'Calls' && request.params['To'] === onCall.primary.phone);
  await sendsSettled();
  await advanceServerClockTo(server, levelOneAt + 2 * MINUTE);
  await inbox.waitFor((mail) => mail.envelopeTo.includes(onCall.primary.email));
  await sendsSettled();
  await advanceServerClockTo(server, levelOneAt + 4 * MINUTE + 50_000);
  await server.kill();
  const beforeKill = { primarySms: smsTo(twilio, onCall.primary.phone).length, primaryCalls: callsTo(twilio, onCall.primary.phone).length, backupSms: smsTo(twilio, onCall.backup.phone).length };

  const restartedAt = Date.now();
  const readyAt = await server.startAgain({ FIREWATCH_TEST_CLOCK_START: new Date(levelOneAt + 5 * MINUTE + 20_000).toISOString() }, options.readyPollMs ?? 100);
  const backupSms = await twilio.waitFor((request) => request.resource === 'Messages' && request.params['To'] === onCall.backup.phone, 15_000);
  // Anything sent twice would arrive right behind the first: the runner fires all overdue steps at once.
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 2_000));
  const timeline = await timelineOf(server, incidentId);
  return { incidentId, onCall, levelOneAt, beforeKill, restartedAt, readyAt, backupSms, timeline };
}
