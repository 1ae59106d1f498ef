import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free TCP port on loopback, chosen by the OS. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/**
 * The real Firewatch server (`node --import tsx src/server/main.ts`) on a temporary SQLite
 * database, serving the built SPA from dist/. It can be stopped and started again on the same
 * port and data, which is how the e2e tests prove that a reconnecting browser misses nothing.
 */
export class FirewatchServer {
  private child: ChildProcess | undefined;
  private output = '';
  /** Session cookie that `api` sends (set by `signInAsAdmin`). */
  cookie: string | undefined;

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private env: Record<string, string>,
  ) {}

  /** `env` may be a function of the server's URL, for settings that name it (FIREWATCH_PUBLIC_URL). */
  static async start(env: Record<string, string> | ((url: string) => Record<string, string>) = {}): Promise<FirewatchServer> {
    if (!fs.existsSync(path.resolve('dist/index.html'))) {
      throw new Error('dist/ is missing: run `npx vite build` (npm test does) before the e2e tests');
    }
    const port = await freePort();
    const server = new FirewatchServer(port, fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-e2e-')), typeof env === 'function' ? env(`http://127.0.0.1:${port}`) : env);
    await server.boot();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process; resolves when /readyz answers 200, with the wall-clock instant it did (polled every `pollMs`). */
  private async boot(pollMs = 100): Promise<number> {
    this.output = '';
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', FIREWATCH_DATA_DIR: this.dataDir, LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`server exited during start:\n${this.output}`);
      try {
        const response = await fetch(`${this.url}/readyz`);
        if (response.ok) return Date.now();
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    throw new Error(`server did not become ready:\n${this.output}`);
  }

  /** SIGTERM, then wait for a clean exit. */
  async stop(): Promise<void> {
    const child = this.child;
    // A process ended by a signal has no exit code, only the signal: it is gone all the same.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** `kill -9`: no shutdown hooks run, whatever was in flight is cut off. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /**
   * Starts the process again on the same port and data, with `env` changed (a later
   * FIREWATCH_TEST_CLOCK_START, say). Resolves with the wall-clock instant /readyz first answered
   * 200, polled every `pollMs`.
   */
  async startAgain(env: Record<string, string> = {}, pollMs = 100): Promise<number> {
    this.env = { ...this.env, ...env };
    return this.boot(pollMs);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.boot();
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Creates the first admin (the installation is new) and makes `api` act as them. */
  async createFirstAdmin(admin = { name: 'Priya Raman', email: 'priya@example.com', timeZone: 'America/Los_Angeles', password: 'correct horse battery' }): Promise<string> {
    const response = await fetch(`${this.url}/api/v1/setup/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
    if (response.status !== 201) throw new Error(`creating the first admin failed: ${response.status} ${await response.text()}`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    this.cookie = cookie;
    return cookie;
  }

  /** Signs in over the API and returns the session cookie's value. */
  async signIn(email: string, password: string): Promise<string> {
    const response = await fetch(`${this.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
    return (response.headers.get('set-cookie') ?? '').split(';')[0]!.replace(/^fw_session=/, '');
  }

  /** JSON API helper for arranging state the way monitoring or another person would. */
  async api<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (this.cookie) headers['cookie'] = this.cookie;
    const response = await fetch(`${this.url}${urlPath}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
