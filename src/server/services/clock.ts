import type { EpochMs } from '../../domain/time/instant';
import { epochMs } from '../../domain/time/instant';

/** The only place the server reads the time; tests pass their own. */
export type Clock = { now(): EpochMs };

export const systemClock: Clock = { now: () => epochMs(Date.now()) };
