#!/usr/bin/env node
// The dashboard's initial JavaScript must stay within 170 KB gzipped: the entry script plus
// every script it preloads (what the browser fetches before the first screen). Lazy chunks
// (calendar, charts, markdown) are excluded because they load on demand.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BUDGET_BYTES = 170 * 1024;
const dist = path.resolve('dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const scripts = new Set();
for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) scripts.add(match[1]);
for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) scripts.add(match[1]);
if (scripts.size === 0) {
  console.error('No entry scripts found in dist/index.html');
  process.exit(1);
}
let total = 0;
for (const src of scripts) {
  const bytes = zlib.gzipSync(fs.readFileSync(path.join(dist, src.replace(/^\//, ''))), { level: 9 }).length;
  total += bytes;
  console.log(`${(bytes / 1024).toFixed(1).padStart(7)} KB  ${src}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(7)} KB  initial JavaScript (gzipped), budget ${BUDGET_BYTES / 1024} KB`);
if (total > BUDGET_BYTES) {
  console.error(`Over budget by ${((total - BUDGET_BYTES) / 1024).toFixed(1)} KB`);
  process.exit(1);
}
