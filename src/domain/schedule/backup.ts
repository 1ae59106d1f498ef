import type { Layer, Schedule } from './schedule';

/**
 * A backup lane for a primary layer: same rotation, handoff, start and restrictions, participants
 * rotated so that in every shift the backup is the person who was primary `lag` shifts before
 * (default 1). With participants [Alice, Bob, Charlie] weekly, Alice is primary in week 1 and backup
 * in week 2, while Bob is primary: "a week of primary, a week of backup". A negative lag makes the
 * backup the *next* primary instead (a week of backup, then a week of primary). With one participant
 * (or a lag that is a multiple of the count) the backup is the primary; callers should warn.
 * The id is `${layer.id}:backup` unless given.
 */
export function backupLayer(layer: Layer, lag = 1, id = `${layer.id}:backup`): Layer {
  const n = layer.participants.length;
  if (!Number.isInteger(lag)) throw new RangeError(`lag must be a whole number: ${lag}`);
  // backup[k] = primary[k - lag]  ⇔  rotated[i] = participants[(i - lag) mod n]
  const participants = layer.participants.map((_, i) => layer.participants[(((i - lag) % n) + n) % n]!);
  return { ...layer, id, participants };
}

/**
 * The backup schedule of a primary schedule: every layer replaced by its {@link backupLayer}, same
 * zone, and no overrides (an override of the primary says nothing about the backup; swaps of the
 * backup are overrides of this schedule).
 */
export function backupSchedule(primary: Schedule, lag = 1): Schedule {
  return { zone: primary.zone, layers: primary.layers.map((layer) => backupLayer(layer, lag)), overrides: [] };
}
