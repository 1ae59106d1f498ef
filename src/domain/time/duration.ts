import { DAY_MS, HOUR_MS, MINUTE_MS } from './instant';

/**
 * A compact human duration for "open for …" and "last update … ago": the two largest non-zero
 * units, never negative (a clock a little behind the server must not show "-3s").
 */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor((total * 1000) / DAY_MS);
  const hours = Math.floor(((total * 1000) % DAY_MS) / HOUR_MS);
  const minutes = Math.floor(((total * 1000) % HOUR_MS) / MINUTE_MS);
  const seconds = total % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return seconds > 0 ? `${minutes}m ${seconds}s` : `${minutes}m`;
  return `${seconds}s`;
}
