// Server processes a benchmark starts: killed if the benchmark exits or is interrupted, so a
// failed run never leaves a server holding a port or the CPU.
import type { ChildProcess } from 'node:child_process';

const liveChildren = new Set<ChildProcess>();

export function killAllChildren(): void {
  for (const child of liveChildren) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

/** Remembers a started server so that it is killed with the benchmark. */
export function trackChild(child: ChildProcess): void {
  liveChildren.add(child);
}

/** SIGTERM, then SIGKILL after 15 s. Resolves with how the process ended. */
export async function stopChild(child: ChildProcess): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) return `already exited (${child.exitCode ?? child.signalCode})`;
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const how = await exited;
  clearTimeout(timer);
  liveChildren.delete(child);
  return how;
}
