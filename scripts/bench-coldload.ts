// `npm run bench:coldload`: the dashboard opened cold (empty cache, new browser context) in real
// Chromium against the real server with the example organisation, once with compression off
// (FIREWATCH_COMPRESSION=off: what Firewatch sent before it served pre-compressed files and
// compressed JSON) and once as shipped, on a throttled "slow 3G" link and unthrottled. It
// measures Largest Contentful Paint (PerformanceObserver 'largest-contentful-paint'), the time
// until the open incidents are on screen, and the bytes on the wire (the DevTools protocol's
// encodedDataLength of every finished response, headers included; the live stream never
// finishes and is not counted). Prints a markdown block and writes it between the markers in
// docs/benchmarks.md (`--no-docs` to skip). Needs a build (npx vite build) and Chromium.
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { FirewatchServer } from '../e2e/support/server';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.mjs';
import { machineTable, writeBenchmarkBlock } from './bench-docs';

type Profile = { name: string; description: string; conditions: { latency: number; downloadThroughput: number; uploadThroughput: number } | undefined; runs: number };

/** 400 ms round trip added to every request, 400 kbit/s down and up (DevTools protocol throttling). */
const SLOW_3G: Profile = { name: 'slow 3G', description: '400 ms RTT, 400 kbit/s down, 400 kbit/s up', conditions: { latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 }, runs: 3 };
const UNTHROTTLED: Profile = { name: 'unthrottled', description: 'loopback, no throttling', conditions: undefined, runs: 5 };
const PROFILES = [SLOW_3G, UNTHROTTLED];

type Mode = 'before' | 'after';
type Sample = { lcpMs: number; shownMs: number; bytes: number; appBytes: number; apiBytes: number; requests: number; encodings: string };

const DEMO_INCIDENT = 'connection pool exhausted';

async function coldLoad(browser: Browser, server: FirewatchServer, session: string, profile: Profile): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  try {
    await context.addCookies([{ name: 'fw_session', value: session, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    // A string, not a function: tsx would wrap named functions in a helper the page does not have.
    await context.addInitScript(`
      window.__lcp = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__lcp = entry.startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    `);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (profile.conditions) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.conditions });
    const types = new Map<string, string>();
    const encodings = new Set<string>();
    let bytes = 0;
    let appBytes = 0;
    let apiBytes = 0;
    let requests = 0;
    cdp.on('Network.responseReceived', (event) => {
      types.set(event.requestId, event.type);
      const encoding = Object.entries(event.response.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1];
      encodings.add(`${event.type === 'Fetch' || event.type === 'XHR' ? 'api' : 'app'}:${encoding ?? 'identity'}`);
    });
    cdp.on('Network.loadingFinished', (event) => {
      requests += 1;
      bytes += event.encodedDataLength;
      const type = types.get(event.requestId);
      if (type === 'Fetch' || type === 'XHR') apiBytes += event.encodedDataLength;
      else appBytes += event.encodedDataLength;
    });
    await page.goto(`${server.url}/`, { waitUntil: 'commit', timeout: 120_000 });
    // Page time (since navigation start) at the first frame that shows the demo's open incident.
    // An anonymous arrow (a string would be eval'd in the page, which its CSP refuses).
    const shown = await page.waitForFunction(
      (text) => (document.querySelector('[aria-label="Open incidents"]')?.textContent?.includes(text) ? performance.now() : 0),
      DEMO_INCIDENT,
      { polling: 'raf', timeout: 120_000 },
    );
    const shownMs = Number(await shown.jsonValue());
    // Let the last requests (and any later, larger paint) finish before reading the numbers.
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
    await page.waitForTimeout(300);
    const lcpMs = Number(await page.evaluate('window.__lcp'));
    return { lcpMs, shownMs, bytes, appBytes, apiBytes, requests, encodings: [...encodings].sort().join(' ') };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
const kb = (value: number) => `${(value / 1024).toFixed(1)} KB`;
const range = (values: number[], format: (value: number) => string) => `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
const change = (before: number, after: number) => `${after <= before ? '−' : '+'}${Math.abs(Math.round((1 - after / before) * 100))} %`;

async function main(): Promise<void> {
  const writeToDocs = !process.argv.includes('--no-docs');
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const servers: Record<Mode, FirewatchServer> = {
    before: await FirewatchServer.start({ FIREWATCH_DEMO: '1', FIREWATCH_COMPRESSION: 'off', NODE_ENV: 'production' }),
    after: await FirewatchServer.start({ FIREWATCH_DEMO: '1', FIREWATCH_COMPRESSION: '', NODE_ENV: 'production' }),
  };
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
  try {
    const sessions: Record<Mode, string> = {
      before: await servers.before.signIn('priya@example.com', 'firewatch-demo'),
      after: await servers.after.signIn('priya@example.com', 'firewatch-demo'),
    };
    const rows: string[] = [];
    const encodings: Record<Mode, Set<string>> = { before: new Set(), after: new Set() };
    for (const profile of PROFILES) {
      const samples: Record<Mode, Sample[]> = { before: [], after: [] };
      // One warm-up load per server (the server's first answers compile code paths), then the
      // modes alternate so that a busy moment of the shared machine hits both alike.
      for (const mode of ['before', 'after'] as const) await coldLoad(browser, servers[mode], sessions[mode], UNTHROTTLED);
      for (let run = 1; run <= profile.runs; run++) {
        for (const mode of ['before', 'after'] as const) {
          const sample = await coldLoad(browser, servers[mode], sessions[mode], profile);
          samples[mode].push(sample);
          for (const encoding of sample.encodings.split(' ')) encodings[mode].add(encoding);
          console.log(`${profile.name} run ${run} ${mode}: LCP ${ms(sample.lcpMs)}, incidents shown ${ms(sample.shownMs)}, ${kb(sample.bytes)} in ${sample.requests} responses (${sample.encodings})`);
        }
      }
      const line = (label: string, pick: (sample: Sample) => number, format: (value: number) => string) => {
        const before = samples.before.map(pick);
        const after = samples.after.map(pick);
        rows.push(`| ${profile.name} | ${label} | ${range(before, format)} | ${range(after, format)} | ${change(median(before), median(after))} |`);
      };
      line('LCP', (sample) => sample.lcpMs, ms);
      line('open incidents on screen', (sample) => sample.shownMs, ms);
      line('bytes on the wire, all', (sample) => sample.bytes, kb);
      line('↳ page, scripts, styles, icon', (sample) => sample.appBytes, kb);
      line('↳ API answers (JSON)', (sample) => sample.apiBytes, kb);
    }
    const block = [
      '## Cold dashboard load, before and after compression',
      '',
      `Generated by \`scripts/bench-coldload.ts\` on ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} (UTC).`,
      '',
      '```sh',
      'npx vite build && npm run bench:coldload',
      '```',
      '',
      machineTable(loadAtStart, [['Browser', `Chromium ${browser.version()} (headless)`]]),
      '',
      '### Results',
      '',
      `Median (min–max) of ${SLOW_3G.runs} runs on ${SLOW_3G.name} and ${UNTHROTTLED.runs} unthrottled, per mode.`,
      '',
      '| Network | Measure | Before (compression off) | After | Change |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `Encodings seen — before: ${[...encodings.before].sort().join(', ')}; after: ${[...encodings.after].sort().join(', ')}.`,
      '',
      '### Settings',
      '',
      '- Servers: two real servers (`node --import tsx src/server/main.ts`, `NODE_ENV=production`, `LOG_LEVEL=warn`), each on its own temporary SQLite database with the example organisation (`FIREWATCH_DEMO=1`), serving the same `dist/`. "Before" runs with `FIREWATCH_COMPRESSION=off`: every file and answer is sent uncompressed, as Firewatch did before (the cache headers differ too, which a cold load does not see). "After" is the default: the files\' brotli/gzip twins written by the build, JSON answers from 1 KB compressed (brotli quality 4).',
      '- Browser: Chromium headless, a new context per load (empty cache, the HTTP cache also disabled through the DevTools protocol), 1280 × 800, signed in as the demo admin by cookie, opening `/` (the dashboard). Chromium asks for `gzip, deflate, br, zstd`.',
      `- Networks: ${SLOW_3G.name} = ${SLOW_3G.description}, set with the DevTools protocol's \`Network.emulateNetworkConditions\`; ${UNTHROTTLED.name} = ${UNTHROTTLED.description}.`,
      '- LCP: the last `largest-contentful-paint` entry (PerformanceObserver, buffered) once the network is idle. "Open incidents on screen": page time of the first animation frame whose "Open incidents" list shows the demo\'s connection-pool incident. Both are measured from navigation start.',
      '- Bytes: the sum of `encodedDataLength` of `Network.loadingFinished` (body as sent plus response headers) over every response of the load; the live event stream stays open and is not counted.',
      '- One warm-up load per server and network before the measured runs; before and after alternate run by run. The server, the browser and the script share the machine (the unthrottled numbers are mostly CPU time on it).',
    ].join('\n');
    console.log(`\n${block}`);
    if (writeToDocs) console.log(`\nwrote ${path.relative(process.cwd(), writeBenchmarkBlock('bench-coldload', block))}`);
  } finally {
    await browser.close();
    await servers.before.dispose();
    await servers.after.dispose();
  }
}

main().catch((error: unknown) => {
  console.error('bench-coldload failed:', error);
  process.exit(1);
});
