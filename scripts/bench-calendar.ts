// `npm run bench:calendar`: drag performance of the on-call calendar in real Chromium.
// A 20-person team on a 4-week (month) view with two layers and 60 overrides. Once the page has
// loaded and settled, a person is dragged from the roster across the final lane, then an override
// is moved by its middle, in small steps, while the page records script time (ScriptDuration,
// Chrome DevTools Protocol) and frames drawn, and every long task (> 50 ms, the Performance API)
// from the press on, so the drag start counts. Prints a markdown block; not a test.
import os from 'node:os';
import { chromium } from '@playwright/test';
import { FirewatchServer } from '../e2e/support/server';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.mjs';

const PEOPLE = 20;
const STEPS = 240;

const server = await FirewatchServer.start();
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: CHROMIUM_ARGS,
});
try {
  const cookie = await server.createFirstAdmin();
  const ids: string[] = [];
  const zones = ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata'];
  for (let i = 0; i < PEOPLE; i++) {
    const invited = await server.api<{ person: { id: string } }>('POST', '/api/v1/people', { name: `Engineer ${String(i + 1).padStart(2, '0')}`, email: `e${i}@example.com`, timeZone: zones[i % zones.length], role: 'responder' });
    ids.push(invited.body.person.id);
  }
  const team = (await server.api<{ items: Array<{ id: string; members: Array<{ userId: string; manager: boolean }> }> }>('GET', '/api/v1/teams')).body.items[0]!;
  await server.api('PUT', `/api/v1/teams/${team.id}`, { name: 'Operations', members: [...team.members, ...ids.map((userId) => ({ userId, manager: false }))] });
  const created = await server.api<{ id: string; version: number }>('POST', '/api/v1/schedules', {
    name: 'Big team',
    teamId: team.id,
    zone: 'Europe/Berlin',
    backupLag: 1,
    layers: [
      { id: 'daily', name: 'Daily', participants: ids, rotation: { kind: 'daily' }, handoff: { time: '09:00' }, start: '2026-10-01', restrictions: [] },
      { id: 'weekdays', name: 'Weekday days', participants: ids.slice(0, 10), rotation: { kind: 'days', every: 2 }, handoff: { time: '08:00' }, start: '2026-10-01', restrictions: [{ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }] },
    ],
  });
  let version = created.body.version;
  for (let i = 0; i < 60; i++) {
    const start = Date.UTC(2026, 10, 2) + i * 11 * 3_600_000;
    const answer = await server.api<{ version: number }>('POST', `/api/v1/schedules/${created.body.id}/overrides`, { version, userId: ids[i % PEOPLE], start: new Date(start).toISOString(), end: new Date(start + 4 * 3_600_000).toISOString() });
    version = answer.body.version;
  }

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin' });
  await context.addCookies([{ name: 'fw_session', value: cookie.replace(/^fw_session=/, ''), url: server.url, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/schedules/${created.body.id}?range=month&at=2026-11-16&zone=Europe%2FBerlin`);
  const lane = page.getByRole('group', { name: 'Final schedule' });
  await lane.waitFor();
  // The goal is about dragging: let the page finish loading (the fairness table is the last query
  // to arrive) and settle before anything is observed.
  await page.getByRole('table').waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  // A string, not a function: tsx would wrap named functions in a helper the page does not have.
  await page.evaluate(`
    window.longTasks = [];
    window.frames = 0;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => window.longTasks.push(entry.duration))).observe({ type: 'longtask', buffered: false });
    (function tick() { if (window.counting) window.frames += 1; requestAnimationFrame(tick); })();
  `);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name: string) => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0);

  type Point = { x: number; y: number };
  /** Presses at `press`, starts the drag, then moves along `path` in `steps` moves; the drop is not measured. */
  const measure = async (press: Point, path: (fraction: number) => Point, steps: number) => {
    await page.evaluate('window.longTasks = []; window.frames = 0');
    await page.mouse.move(press.x, press.y);
    await page.mouse.down();
    await page.mouse.move(press.x + 30, press.y + 20, { steps: 4 });
    await page.evaluate('window.counting = true');
    const scriptBefore = await metric('ScriptDuration');
    const taskBefore = await metric('TaskDuration');
    const started = Date.now();
    for (let i = 0; i <= steps; i++) {
      const at = path(i / steps);
      await page.mouse.move(at.x, at.y);
    }
    const elapsed = Date.now() - started;
    const scriptMs = ((await metric('ScriptDuration')) - scriptBefore) * 1000;
    const taskMs = ((await metric('TaskDuration')) - taskBefore) * 1000;
    const { frames, longTasks } = (await page.evaluate('window.counting = false, { frames: window.frames, longTasks: window.longTasks }')) as { frames: number; longTasks: number[] };
    await page.mouse.up();
    return { elapsed, scriptMs, taskMs, frames, longTasks };
  };
  const report = (what: string, steps: number, r: Awaited<ReturnType<typeof measure>>) => [
    `${what}: ${steps} pointer moves in ${r.elapsed} ms, ${r.frames} frames`,
    `  script time: ${r.scriptMs.toFixed(1)} ms in all, ${(r.scriptMs / Math.max(1, r.frames)).toFixed(2)} ms per frame (goal ≤ 8 ms); all main-thread tasks ${r.taskMs.toFixed(1)} ms`,
    `  long tasks (> 50 ms), drag start included: ${r.longTasks.length}${r.longTasks.length ? ` (longest ${Math.max(...r.longTasks).toFixed(0)} ms)` : ''} (goal: none)`,
  ];

  // 1. A roster person dragged across the whole final lane (the preview re-resolves the schedule).
  const chip = (await page.getByRole('button', { name: /^Engineer 07: drag onto the final schedule/ }).boundingBox())!;
  const box = (await lane.boundingBox())!;
  const person = await measure({ x: chip.x + chip.width / 2, y: chip.y + chip.height / 2 }, (f) => ({ x: box.x + 20 + (box.width - 40) * f, y: box.y + box.height / 2 }), STEPS);
  await page.getByRole('status').filter({ hasText: /^Saved: Engineer 07/ }).waitFor();
  await page.waitForTimeout(500);

  // 2. An override moved by its middle, a day to the right and back (the bar and the final lane preview).
  const bar = (await page.getByRole('group', { name: 'Overrides' }).getByRole('button', { name: /^Override: Engineer 05/ }).first().boundingBox())!;
  const moveSteps = STEPS / 2;
  const override = await measure({ x: bar.x + bar.width / 2, y: bar.y + bar.height / 2 }, (f) => ({ x: bar.x + bar.width / 2 + 48 * Math.sin(Math.PI * f), y: bar.y + bar.height / 2 }), moveSteps);
  // Both drags really happened: each ended in a save.
  await page.getByRole('status').filter({ hasText: /^Saved: Engineer 05/ }).waitFor();

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    [
      '```',
      `calendar drag benchmark — ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} CPUs, ${cpu}, node ${process.version}, Chromium (headless)`,
      `view: month (${PEOPLE} people, 2 layers + backup, 60 overrides)`,
      ...report('person from the roster across the final lane', STEPS, person),
      ...report('override moved by its middle', moveSteps, override),
      '```',
    ].join('\n'),
  );
  await context.close();
} finally {
  await browser.close();
  await server.dispose();
}
