import { useEffect, useState } from 'react';
import type { PresenceDto } from '../../../contracts/postmortems';
import type { SectionKey } from '../../../domain/postmortem/model';
import { putPresence } from '../api/presence';

/** How often the page says it is still open; the server forgets an editor after 30 s without one. */
export const PRESENCE_INTERVAL_MS = 10_000;

/**
 * Tells the server this person has the post-mortem open (and which section they are in) now,
 * whenever the section changes and every ten seconds; answers who else is there. A heartbeat that
 * fails is simply tried again on the next beat: presence is a courtesy, never in the way.
 */
export function usePresence(postmortemId: string, section: SectionKey | null, enabled: boolean): PresenceDto['editors'] {
  const [editors, setEditors] = useState<PresenceDto['editors']>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const beat = () =>
      putPresence(postmortemId, section).then(
        (answer) => {
          if (live) setEditors(answer.editors);
        },
        () => undefined,
      );
    void beat();
    const timer = setInterval(() => void beat(), PRESENCE_INTERVAL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [postmortemId, section, enabled]);
  return enabled ? editors : [];
}
