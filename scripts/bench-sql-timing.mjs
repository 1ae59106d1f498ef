// Loaded into the server by `npm run bench:escalation -- --sql-profile` (node --import): times
// every better-sqlite3 statement by its SQL text and writes the totals to FIREWATCH_BENCH_SQL_TIMING
// when the process exits. Benchmarks only: the server itself knows nothing of it.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const probe = new Database(':memory:');
const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1'));
probe.close();
const totals = new Map();

for (const method of ['all', 'get', 'run']) {
  const original = statementPrototype[method];
  statementPrototype[method] = function timed(...args) {
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const entry = totals.get(this.source) ?? { calls: 0, ms: 0, maxMs: 0 };
      const ms = performance.now() - started;
      entry.calls += 1;
      entry.ms += ms;
      entry.maxMs = Math.max(entry.maxMs, ms);
      totals.set(this.source, entry);
    }
  };
}

process.on('exit', () => {
  const file = process.env['FIREWATCH_BENCH_SQL_TIMING'];
  if (!file) return;
  const rows = [...totals].map(([sql, entry]) => ({ sql, ...entry })).sort((a, b) => b.ms - a.ms);
  fs.writeFileSync(file, JSON.stringify(rows));
});
