import fs from 'node:fs';

/** The Chromium binary the e2e tests and screenshots use (see ensure-chromium.mjs). */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
  return candidates.find((file) => fs.existsSync(file));
}

/** Flags every bench and screenshot script starts Chromium with: headless, quiet, no first-run work. */
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
