import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most this many hashes run at once. argon2 runs on libuv's thread pool (off the event loop);
 * bounding it leaves threads for the file system, so a burst of sign-ins cannot stall ingestion.
 */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function bounded<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

export function hashPassword(password: string): Promise<string> {
  return bounded(() => argon2.hash(password, OPTIONS));
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return bounded(async () => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  });
}

let decoy: Promise<string> | undefined;

/**
 * Verifies against a hash of a random password, so an unknown e-mail costs the same time as a
 * wrong password and the two cannot be told apart.
 */
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(`decoy-${randomBytes(16).toString('hex')}`);
  await verifyPassword(await decoy, password);
  return false;
}
