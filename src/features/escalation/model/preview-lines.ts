import type { Channel, Directory, PreviewEntry, SkipReason } from '../../../domain/escalation/model';
import type { EpochMs } from '../../../domain/time/instant';

export type PreviewTone = 'page' | 'level' | 'quiet' | 'deferred' | 'unreachable' | 'warning';

export type PreviewLine = {
  /** "+0:00", "+1:00", "+1:05:00": how long after the alert. */
  offset: string;
  at: EpochMs;
  sentence: string;
  tone: PreviewTone;
  /** A short word for the kind of line, shown beside it ("quiet hours", "unreachable"). */
  tag: string | null;
};

const CHANNEL_PHRASE: Record<Channel, string> = { 'in-app': 'in Firewatch', email: 'by e-mail', sms: 'by SMS', voice: 'by phone call', webhook: 'by webhook' };

/** Reasons a person could not be reached at all, as opposed to skipped on purpose. */
const UNREACHABLE = new Set<SkipReason>(['nobody-on-call', 'schedule-missing', 'unknown-person', 'cannot-acknowledge', 'unverified-contact', 'channel-not-configured', 'no-rules-for-urgency']);

export function formatOffset(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `+${h}:${pad(m)}:${pad(s)}` : `+${m}:${pad(s)}`;
}

const levelName = (index: number) => `Level ${index + 1}`;

/**
 * The engine's preview as sentences a manager reads down the page. Names come from the same
 * directory the engine asked, so a person who is not in it reads as their id rather than vanishing.
 */
export function previewLines(entries: readonly PreviewEntry[], from: EpochMs, directory: Directory, scheduleName: (id: string) => string | undefined, formatTime: (at: EpochMs) => string): PreviewLine[] {
  const name = (userId: string | null) => (userId === null ? null : (directory.person(userId)?.name ?? userId));
  return entries.map(({ at, effect }) => {
    const base = { at, offset: formatOffset(at - from) };
    if (effect.type === 'notify') {
      const address = effect.address ? ` ${effect.address}` : '';
      return { ...base, sentence: `Paged ${name(effect.userId)} ${CHANNEL_PHRASE[effect.channel]}${address} (${levelName(effect.levelIndex)})`, tone: 'page', tag: null };
    }
    const record = effect.record;
    switch (record.kind) {
      case 'escalated': {
        const level = levelName(record.levelIndex);
        const sentence =
          record.reason === 'triggered'
            ? `${level} starts`
            : record.reason === 'timeout'
              ? `Not acknowledged in time: ${level} starts`
              : record.reason === 'everyone-skipped'
                ? `Nobody on the previous level could be paged: ${level} starts at once`
                : record.reason === 'repeat'
                  ? `Nobody acknowledged: starting over at ${level} (repeat ${record.pass})`
                  : record.reason === 'ack-timeout'
                    ? `Acknowledged but not resolved in time: ${level} starts again`
                    : `Escalated by hand to ${level}`;
        return { ...base, sentence, tone: 'level', tag: null };
      }
      case 'skipped': {
        const who = name(record.userId) ?? (record.scheduleId ? (scheduleName(record.scheduleId) ?? record.scheduleId) : levelName(record.levelIndex));
        if (record.reason === 'quiet-hours') return { ...base, sentence: `Skipped ${who}: ${record.detail}`, tone: 'quiet', tag: 'quiet hours' };
        if (record.reason === 'low-urgency-deferred') {
          const until = record.until === null ? '' : ` until ${formatTime(record.until)}`;
          return { ...base, sentence: `Held back for ${who}${until}: ${record.detail}`, tone: 'deferred', tag: 'low urgency' };
        }
        return { ...base, sentence: `Cannot reach ${who}: ${record.detail}`, tone: UNREACHABLE.has(record.reason) ? 'unreachable' : 'warning', tag: 'unreachable' };
      }
      case 'quiet-hours-overridden':
        return {
          ...base,
          sentence: `${name(record.userId)} is in quiet hours but ${record.why === 'last-level' ? 'is on the last level, which is always paged' : 'lets a P1 through'}`,
          tone: 'warning',
          tag: 'quiet hours',
        };
      case 'exhausted':
        return { ...base, sentence: 'Nobody acknowledged: escalation has run its course', tone: 'warning', tag: null };
    }
  });
}
