import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { resetLiveStream } from '../lib/live-stream';
import { resetDb } from './db';
import { FakeEventSource } from './fake-event-source';
import { server } from './msw-server';

// The default 1 s for findBy… is too short on a busy 2-core CI machine, where the first render of
// a lazily loaded route (the calendar resolves weeks of shifts) can take longer; a real failure
// still fails, only later.
configure({ asyncUtilTimeout: 5_000 });

// jsdom has no EventSource; the app's one live stream talks to this stand-in instead.
globalThis.EventSource = FakeEventSource as unknown as typeof EventSource;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));

afterEach(() => {
  // Unmount first, so the live stream's last listener leaves before the stores are reset.
  cleanup();
  server.resetHandlers();
  resetDb();
  resetLiveStream();
  localStorage.clear();
  FakeEventSource.reset();
  vi.useRealTimers();
});

afterAll(() => server.close());
