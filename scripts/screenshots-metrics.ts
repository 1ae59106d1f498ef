// Screenshots of the metrics page at 1280 px and 375 px into docs/screenshots/ (charts, the table
// view and a before/after comparison). The app, the session, services and teams come from the real
// server with the example organisation; GET /api/v1/metrics is answered through route interception
// with numbers computed by the domain's functions over a year of synthetic history
// (scripts/metrics-synthetic.ts), so the page can be looked at whatever history the branch's demo
// holds. Needs a build (npx vite build) and Chromium: `node --import tsx scripts/screenshots-metrics.ts`.
import fs from 'node:fs';
import path from 'node:path';
import { zonedDateTime } from '../src/domain/time/zoned';
import { presetRange, previousRange } from '../src/features/metrics/model/view-state';
import { startMetricsStage } from './metrics-synthetic';

const outDir = path.resolve('docs/screenshots');
fs.mkdirSync(outDir, { recursive: true });
const ZONE = 'America/Los_Angeles';

const stage = await startMetricsStage({});
const { server } = stage;
try {
  const today = zonedDateTime(ZONE, Date.now()).day;
  const year = presetRange('last12Months', today);
  const quarter = presetRange('last3Months', today);
  const before = previousRange(quarter)!;
  const shots = [
    { name: 'metrics', url: `/metrics?from=${year.from}&to=${year.to}&bucket=week&groupBy=service` },
    { name: 'metrics-table', url: `/metrics?from=${quarter.from}&to=${quarter.to}&bucket=month&groupBy=team&view=table` },
    { name: 'metrics-compare', url: `/metrics?from=${quarter.from}&to=${quarter.to}&bucket=week&compareFrom=${before.from}&compareTo=${before.to}` },
  ];
  for (const width of [1280, 375]) {
    const context = await stage.newContext(width, width > 800 ? 800 : 812, ZONE);
    const page = await context.newPage();
    for (const { name, url } of shots) {
      await page.goto(`${server.url}${url}`);
      await page.getByRole('list', { name: 'Summary' }).waitFor();
      await page.waitForLoadState('networkidle');
      // Charts below the fold draw as they come near the viewport: scroll through the page once.
      await page.evaluate(`(async () => { for (let y = 0; y < document.body.scrollHeight; y += 400) { scrollTo(0, y); await new Promise((done) => setTimeout(done, 80)); } scrollTo(0, 0); })()`);
      await page.waitForTimeout(500);
      const file = path.join(outDir, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.goto(`${server.url}${shots[0]!.url}`);
    await page.getByRole('button', { name: 'MTTA median' }).focus();
    await page.getByRole('tooltip').waitFor();
    await page.screenshot({ path: path.join(outDir, `metrics-definition-${width}.png`) });
    await context.close();
  }
} finally {
  await stage.close();
}
