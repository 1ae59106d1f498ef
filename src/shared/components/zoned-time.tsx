import { useMemo } from 'react';

type Style = 'time' | 'datetime';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The viewer's zone as the browser resolves it: display only, never used for rules. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function formatter(style: Style, zone: string): Intl.DateTimeFormat {
  const key = `${style}|${zone}`;
  let found = formatters.get(key);
  if (!found) {
    found =
      style === 'time'
        ? new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' })
        : new Intl.DateTimeFormat(undefined, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' });
    formatters.set(key, found);
  }
  return found;
}

/**
 * An instant shown in the viewer's time zone, with the exact UTC instant on hover and in the
 * machine-readable `dateTime`, so a screenshot pasted into chat still says when it happened.
 */
export function ZonedTime({ iso, style = 'datetime', zone, className }: { iso: string; style?: Style; zone?: string; className?: string }) {
  const text = useMemo(() => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return formatter(style, zone ?? viewerZone()).format(date);
  }, [iso, style, zone]);
  const utc = useMemo(() => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')}`;
  }, [iso]);
  return (
    <time dateTime={iso} title={utc} className={className}>
      {text}
    </time>
  );
}
