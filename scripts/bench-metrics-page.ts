// `npm run bench:metrics-page`: how soon the metrics page has drawn its charts once the metrics
// answer has arrived. Real server (the example organisation, FIREWATCH_DEMO=1, NODE_ENV=production)
// for the app, the session, the services and teams; real Chromium. The answer of GET /api/v1/metrics
// itself is served through Playwright's route interception: a year of weekly buckets grouped by
// service over synthetic history (scripts/metrics-synthetic.ts: 8 services, 20 people, ~2,100
// incidents, computed with the domain's own functions), so the page meets a realistically large
// answer whatever the demo's own history holds. Timed in the page with the Performance API:
// - the resource timing's responseEnd of the metrics request (the answer has arrived),
// - the `metrics:data` mark (the answer parsed, set by the page's fetcher),
// - the `metrics:charts` mark (the charts' React commit),
// - `metrics:drawn`, set by this script in the first animation frame in which every chart's SVG
//   holds its series (lines or bars) — what a person sees.
// Prints a markdown block and writes it between the markers in docs/benchmarks.md (`--no-docs`
// to skip). Needs a build (npx vite build) and Chromium.
import os from 'node:os';
import { zonedDateTime } from '../src/domain/time/zoned';
import { presetRange } from '../src/features/metrics/model/view-state';
import { machineTable, writeBenchmarkBlock } from './bench-docs';
import { startMetricsStage } from './metrics-synthetic';

const RUNS = 20;
const ZONE = 'America/Los_Angeles';
/** MTTA, MTTR, incidents, first escalation, the grouped chart and the burnout chart. */
const CHARTS = 6;
/** The charts the page draws at once (its first screen); the others draw when scrolled near. */
const FIRST_SCREEN = ['metrics-mtta', 'metrics-mttr'];
/** The two at the end of the page, drawn after scrolling to it. */
const LAST = ['metrics-grouped', 'metrics-burnout'];
const GOAL_MS = 300;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')}`;
const summary = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))} / ${ms(Math.max(...values))}`;

type Timing = { responseEnd: number | null; data: number; charts: number; drawn: number; frame: number; frames: number; figures: number };

async function main(): Promise<void> {
  const writeToDocs = !process.argv.includes('--no-docs');
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const stage = await startMetricsStage({ NODE_ENV: 'production' });
  const { server, browser } = stage;
  try {
    const today = zonedDateTime(ZONE, Date.now()).day;
    const range = presetRange('last12Months', today);
    const path = `/metrics?from=${range.from}&to=${range.to}&bucket=week&groupBy=service`;

    let answerBytes = 0;
    let shape = '';
    const context = await stage.newContext(1280, 800, ZONE, (body, json) => {
      answerBytes = json.length;
      shape = `${body.buckets.length} weekly buckets × ${body.groups.length} services, ${body.interruptions.length} people, ${body.total.count.toLocaleString('en-US')} incidents`;
    });
    // As text, not a function: tsx compiles this file with esbuild's keepNames, whose `__name`
    // helper would be missing in the page. A MutationObserver sees the DOM as each batch of
    // changes lands (a microtask after React's commit), whatever the compositor's frame rate; the
    // frame after it is noted too.
    await context.addInitScript({
      content: `(() => {
        const has = (id) => document.querySelector('figure[aria-labelledby="' + id + '"] :is(.recharts-line-curve, .recharts-bar-rectangle)') !== null;
        window.__metricsHas = has;
        const drawn = () => {
          if (performance.getEntriesByName('metrics:data', 'mark').length === 0) return false;
          const figures = [...document.querySelectorAll('figure')];
          return figures.length >= ${CHARTS} && ${JSON.stringify(FIRST_SCREEN)}.every(has) && figures.every((figure) => figure.dataset.deferred === 'true' || has(figure.getAttribute('aria-labelledby')));
        };
        window.__metricsFrames = 0;
        let done = false;
        const count = () => {
          if (done) return;
          if (performance.getEntriesByName('metrics:data', 'mark').length > 0) window.__metricsFrames += 1;
          requestAnimationFrame(count);
        };
        requestAnimationFrame(count);
        const observer = new MutationObserver(() => {
          if (!drawn()) return;
          observer.disconnect();
          done = true;
          performance.mark('metrics:drawn');
          requestAnimationFrame(() => performance.mark('metrics:frame'));
        });
        observer.observe(document, { childList: true, subtree: true });
      })();`,
    });
    const page = await context.newPage();

    const drawnAtFirst = new Set<string>();
    const scrolls: number[] = [];
    const measure = async (): Promise<Timing> => {
      await page.goto(`${server.url}${path}`);
      try {
        await page.waitForFunction(() => performance.getEntriesByName('metrics:frame', 'mark').length > 0, undefined, { timeout: 30_000, polling: 100 });
      } catch (error) {
        const state = await page.evaluate(() => ({
          url: location.href,
          marks: performance.getEntriesByType('mark').map((m) => m.name),
          figures: [...document.querySelectorAll('figure')].map((f) => `${f.getAttribute('aria-labelledby')}: ${f.querySelectorAll('.recharts-line-curve, .recharts-bar-rectangle').length}`),
          text: document.body.innerText.slice(0, 500),
        }));
        console.error('the charts were not drawn:', JSON.stringify(state, null, 2));
        throw error;
      }
      const firstScreen = (await page.evaluate(`[...document.querySelectorAll('figure')].filter((f) => window.__metricsHas(f.getAttribute('aria-labelledby'))).map((f) => f.getAttribute('aria-labelledby'))`)) as string[];
      drawnAtFirst.add(firstScreen.join(', '));
      const scrolled = (await page.evaluate(`new Promise((resolve) => {
        const start = performance.now();
        scrollTo(0, document.body.scrollHeight);
        const check = () => (${JSON.stringify(LAST)}.every(window.__metricsHas) ? resolve(performance.now() - start) : requestAnimationFrame(check));
        check();
      })`)) as number;
      scrolls.push(scrolled);
      return page.evaluate(`(() => {
        const mark = (name) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime ?? Number.NaN;
        const resource = performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === '/api/v1/metrics').at(-1);
        return { responseEnd: resource && resource.responseEnd > 0 ? resource.responseEnd : null, data: mark('metrics:data'), charts: mark('metrics:charts'), drawn: mark('metrics:drawn'), frame: mark('metrics:frame'), frames: window.__metricsFrames, figures: document.querySelectorAll('figure').length };
      })()`) as Promise<Timing>;
    };

    const cold = await measure();
    const runs: Timing[] = [];
    for (let run = 1; run <= RUNS; run += 1) {
      const timing = await measure();
      runs.push(timing);
      console.log(
        `run ${run}: answer arrived → charts drawn ${ms(timing.drawn - (timing.responseEnd ?? timing.data))} ms (parsed → React commit ${ms(timing.charts - timing.data)} ms, → drawn ${ms(timing.drawn - timing.data)} ms, → next frame ${ms(timing.frame - timing.data)} ms; ${timing.frames} animation frames)`,
      );
    }
    const arrivedToDrawn = runs.map((t) => t.drawn - (t.responseEnd ?? t.data));
    const parsedToCommit = runs.map((t) => t.charts - t.data);
    const parsedToDrawn = runs.map((t) => t.drawn - t.data);
    const arrivedToParsed = runs.filter((t) => t.responseEnd !== null).map((t) => t.data - t.responseEnd!);
    const p95 = percentile(arrivedToDrawn, 95);
    const frames = runs.map((t) => t.frames);

    const block = [
      '## Metrics page: from the answer to the charts on screen',
      '',
      `Generated by \`scripts/bench-metrics-page.ts\` on ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} (UTC): \`npx vite build && npm run bench:metrics-page\`.`,
      '',
      machineTable(loadAtStart, [['Chromium', `${browser.version()} (headless)`]]),
      '',
      `A one-year weekly range grouped by service (\`${path.replace(/from=[^&]+&to=[^&]+/, 'from=…&to=…')}\`): ${shape}; the answer is ${(answerBytes / 1024).toFixed(0)} KB of JSON. ${CHARTS} charts: MTTA, MTTR and time to first escalation (median and p90 lines), incidents per week (bars), incidents per week by service (stacked bars, one series per service) and interruptions per person (stacked bars).`,
      '',
      '| What (warm browser cache) | Samples | p50 / p95 / max (ms) | Goal |',
      '| --- | --- | --- | --- |',
      `| Answer arrived (resource timing responseEnd) → the first screen's charts drawn (${[...drawnAtFirst].join('; ')}) | ${arrivedToDrawn.length} | ${summary(arrivedToDrawn)} | ≤ ${GOAL_MS} ms ${p95 <= GOAL_MS ? '(met at p95)' : '(NOT met at p95)'} |`,
      `| ↳ of which arrived → parsed (\`metrics:data\`) | ${arrivedToParsed.length} | ${arrivedToParsed.length > 0 ? summary(arrivedToParsed) : 'n/a'} | |`,
      `| Parsed → the charts' React commit (\`metrics:charts\`) | ${parsedToCommit.length} | ${summary(parsedToCommit)} | |`,
      `| Parsed → every chart drawn (\`metrics:drawn\`) | ${parsedToDrawn.length} | ${summary(parsedToDrawn)} | |`,
      `| Animation frames between the answer and every chart drawn | ${frames.length} | ${summary(frames)} frames | |`,
      `| Then: scrolled to the end → the grouped and the interruptions chart drawn | ${scrolls.length} | ${summary(scrolls)} | |`,
      `| The same on the first visit (empty cache: the charts' chunk loads too) | 1 | ${ms(cold.drawn - (cold.responseEnd ?? cold.data))} | |`,
      '',
      '- The server is the real one (SQLite, the example organisation) and serves the app, the session, services and teams; only `GET /api/v1/metrics` is answered by the benchmark through Playwright route interception, with an answer computed by the domain functions the server uses (`incidentMetrics`, `interruptionsByPerson`) over synthetic history (`scripts/metrics-synthetic.ts`, seeded, so every run draws the same). The time to compute the answer is not part of the measurement (it is the metrics endpoint benchmark\'s subject).',
      '- The page draws only MTTA and MTTR at once; the other four charts (incidents, first escalation, by service, interruptions) keep their height empty until they come within a screen of the viewport (IntersectionObserver). "Drawn" is set by a MutationObserver (from an init script) in the first batch of DOM changes after which MTTA, MTTR and every chart not waiting for the viewport hold their lines or bars; the charts listed in the first row are the ones drawn at that moment. The scroll row then jumps to the end of the page and times until its two charts are drawn. Recharts animations are off. Each sample is a fresh page load of the same URL; the charts\' chunk is usually loaded before the answer arrives (the page starts loading it on mount).',
      '- Recharts 3 keeps each chart in a Redux store whose change notifications wait for the next animation frame (`autoBatchEnhancer` with `requestAnimationFrame` in recharts/lib/state/store.js), and a chart needs several such rounds (register axes and series, measure, draw). So the time to draw is a number of animation frames plus the rendering work: on a machine where frames are late (the load average above, on 2 cores, comes from other test suites running at the same time) it grows with the frame delay, which is why the frame count is reported beside the milliseconds.',
    ].join('\n');
    console.log(`\n${block}\n`);
    if (writeToDocs) console.log(`written to ${writeBenchmarkBlock('bench-metrics-page', block)}`);
  } finally {
    await stage.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
