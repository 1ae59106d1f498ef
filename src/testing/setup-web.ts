import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { resetLiveStream } from '../lib/live-stream';
import { resetDb } from './db';
import { FakeEventSource } from './fake-event-source';
import { server } from './msw-server';

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
