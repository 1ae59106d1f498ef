#!/usr/bin/env node
// Runs every suite the README promises (type-check, lint, domain, server, web, build, bundle
// budget, e2e), keeps going after a failure so one run shows everything, and ends with the
// plain line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const reports = path.resolve('.reports');
fs.rmSync(reports, { recursive: true, force: true });
fs.mkdirSync(reports, { recursive: true });

const only = process.argv.slice(2);
const results = [];

function run(label, command, args, env = {}) {
  console.log(`\n━━ ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const child = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { status: child.status ?? 1, seconds };
}

/** A step that is one check: it passes or fails as a whole. */
function step(label, command, args, env) {
  if (only.length && !only.some((name) => label.startsWith(name))) return;
  const { status, seconds } = run(label, command, args, env);
  results.push({ label, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, seconds });
}

/** A vitest project: counts come from its JSON report, and a crash counts as a failure. */
function vitest(label, project, env = {}) {
  if (only.length && !only.some((name) => label.startsWith(name))) return;
  const file = path.join(reports, `${label.replace(/[^a-z0-9]+/gi, '-')}.json`);
  const { status, seconds } = run(label, 'npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], env);
  let passed = 0;
  let failed = 0;
  try {
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests + (report.numFailedTestSuites ?? 0);
  } catch {
    failed = 1;
  }
  if (status !== 0 && failed === 0) failed = 1;
  if (passed + failed === 0) failed = 1; // a suite that ran nothing is not a pass
  results.push({ label, passed, failed, seconds });
}

function playwright(label) {
  if (only.length && !only.some((name) => label.startsWith(name))) return;
  const browser = run('chromium', 'node', ['scripts/ensure-chromium.mjs']);
  if (browser.status !== 0) {
    results.push({ label, passed: 0, failed: 1, seconds: browser.seconds });
    return;
  }
  const file = path.join(reports, 'e2e.json');
  const { status, seconds } = run(label, 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  let passed = 0;
  let failed = 0;
  try {
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed = report.stats.expected;
    failed = report.stats.unexpected + (report.stats.flaky ?? 0) + (report.errors?.length ?? 0);
  } catch {
    failed = 1;
  }
  if (status !== 0 && failed === 0) failed = 1;
  if (passed + failed === 0) failed = 1;
  results.push({ label, passed, failed, seconds });
}

step('typecheck domain', 'npx', ['tsc', '-p', 'tsconfig.domain.json']);
step('typecheck server', 'npx', ['tsc', '-p', 'tsconfig.server.json']);
step('typecheck web', 'npx', ['tsc', '-p', 'tsconfig.web.json']);
step('typecheck e2e and scripts', 'npx', ['tsc', '-p', 'tsconfig.e2e.json']);
step('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
vitest('domain (TZ=UTC)', 'domain', { TZ: 'UTC' });
// The domain must not depend on the host zone: run it again where the offset is odd and has DST.
vitest('domain (TZ=Pacific/Chatham)', 'domain', { TZ: 'Pacific/Chatham' });
if (!process.env.FIREWATCH_TEST_PG_URL) {
  console.log('\nFIREWATCH_TEST_PG_URL is not set: server tests run on SQLite only (CI sets it).');
}
vitest('server', 'server');
vitest('web', 'web');
step('build', 'npx', ['vite', 'build']);
step('bundle budget', 'node', ['scripts/check-bundle.mjs']);
playwright('e2e');

const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log('\n━━ summary');
for (const r of results) console.log(`${r.failed ? '✗' : '✓'} ${r.label.padEnd(30)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds}s`);
const line = `${passed} passed, ${failed} failed`;
fs.writeFileSync(path.join(reports, 'summary.txt'), `${line}\n`);
console.log(line);
process.exit(failed > 0 ? 1 : 0);
