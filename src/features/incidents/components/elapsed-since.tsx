import { formatElapsed } from '../../../domain/time/duration';
import { useNow } from '../../../shared/hooks/use-now';

function Ticking({ since }: { since: string }) {
  const now = useNow();
  return <span className="tabular-nums">{formatElapsed(now - Date.parse(since))}</span>;
}

/** "3m 20s" since an instant, ticking every second; `until` freezes it (a resolved incident). */
export function ElapsedSince({ since, until }: { since: string; until?: string | null | undefined }) {
  if (until) return <span className="tabular-nums">{formatElapsed(Date.parse(until) - Date.parse(since))}</span>;
  return <Ticking since={since} />;
}
