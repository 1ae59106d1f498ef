import type { LiveStatus } from '../../lib/live-stream';
import { useLiveStatusStore } from '../../lib/live-stream';

const LABELS: Record<LiveStatus, { text: string; dot: string; hint: string }> = {
  connecting: { text: 'Connecting…', dot: 'bg-slate-400', hint: 'Opening the live update stream' },
  live: { text: 'Live', dot: 'bg-green-500', hint: 'Changes appear as they happen' },
  reconnecting: { text: 'Reconnecting…', dot: 'bg-amber-400', hint: 'Lost the live stream; catching up when it is back' },
  offline: { text: 'Offline', dot: 'bg-red-500', hint: 'No live updates: what you see may be out of date' },
};

export function LiveIndicator() {
  const status = useLiveStatusStore((s) => s.status);
  const label = LABELS[status];
  return (
    <span role="status" title={label.hint} className="inline-flex items-center gap-1.5 rounded-full bg-slate-800 px-2.5 py-1 text-xs font-medium text-slate-100">
      <span aria-hidden="true" className={`size-2 rounded-full ${label.dot} ${status === 'live' ? 'motion-safe:animate-pulse' : ''}`} />
      <span className="sr-only">Live updates: </span>
      {label.text}
    </span>
  );
}
