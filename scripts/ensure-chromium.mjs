#!/usr/bin/env node
// Finds a Chromium for Playwright. Playwright's own browser download is not reachable on the
// machines we run on, so we use the distribution's package: found, or installed when we are
// root on Debian/Ubuntu, or an exact instruction.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
const found = () => candidates.find((file) => fs.existsSync(file));

if (found()) {
  console.log(`Chromium: ${found()}`);
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
  console.log('Chromium not found; installing Debian\'s chromium package (apt-get install -y chromium)…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  if (found()) process.exit(0);
}
console.error(
  'No Chromium found for the e2e tests. Install one and run again:\n' +
    '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
    '  or point CHROMIUM_PATH at a Chromium or Chrome binary.',
);
process.exit(1);
