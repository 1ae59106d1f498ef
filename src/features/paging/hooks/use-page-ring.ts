import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { subscribeToLive } from '../../../lib/live-stream';
import type { RingingPage } from '../model/ringing-pages';
import { getMyPages } from '../api/get-my-pages';
import { pagedTitle, ringingAfter, ringingFromOpen, withoutPage } from '../model/ringing-pages';
import type { NotificationAccess, PageAlarm, SoundState } from './page-alarm';

export type PageRing = {
  pages: readonly RingingPage[];
  /** Stops one incident's ring in this tab (after acknowledging it, or when the person dismisses it). */
  stop: (incidentId: string) => void;
  sound: SoundState;
  enableSound: () => void;
  notifications: NotificationAccess;
  allowNotifications: () => void;
};

/**
 * Rings this tab for the in-app pages addressed to `userId`, from the tab's one live stream: sound,
 * a flashing title and a browser notification while anything rings, all stopped when the last ring
 * ends (acknowledged anywhere, resolved, or dismissed here). Mount it keyed by the person, so a
 * new sign-in starts with nothing ringing.
 */
export function usePageRing(userId: string, alarm: PageAlarm): PageRing {
  const [pages, setPages] = useState<readonly RingingPage[]>([]);
  const [notifications, setNotifications] = useState<NotificationAccess>(() => alarm.notifications.access());
  const sound = useSyncExternalStore(alarm.sound.subscribe, alarm.sound.state);

  useEffect(() => {
    const controller = new AbortController();
    // Incidents the stream showed acknowledged or resolved while a catch-up was in flight: its
    // answer may predate that, so it must not ring them again.
    let endedDuringCatchUp: Set<string> | null = null;
    // What paged this person before the tab opened, and again whenever the stream starts afresh (it replays nothing then).
    const catchUp = () => {
      const ended = new Set<string>();
      endedDuringCatchUp = ended;
      return getMyPages(controller.signal).then(
        (open) => setPages((current) => ringingFromOpen(current, open.filter((incident) => !ended.has(incident.id)))),
        () => undefined,
      );
    };
    void catchUp();
    const unsubscribe = subscribeToLive({
      onEvent: (event) => {
        if (event.incidentId !== null && (event.kind === 'incident.acknowledged' || event.kind === 'incident.resolved')) endedDuringCatchUp?.add(event.incidentId);
        setPages((current) => ringingAfter(current, event, userId));
      },
      onReady: (info) => {
        if (!info.resumed) void catchUp();
      },
    });
    return () => {
      controller.abort();
      unsubscribe();
    };
  }, [userId]);

  const ringing = pages.length > 0;
  useEffect(() => {
    if (!ringing) return undefined;
    alarm.sound.start();
    return () => {
      alarm.sound.stop();
      alarm.title.stop();
    };
  }, [ringing, alarm]);

  const titleText = ringing ? pagedTitle(pages) : null;
  useEffect(() => {
    if (titleText !== null) alarm.title.flash(titleText);
  }, [titleText, alarm]);

  // Each page gets one notification; it closes when that page stops ringing.
  const notified = useRef(new Set<string>());
  useEffect(() => {
    const current = new Set(pages.map((page) => page.incidentId));
    for (const id of notified.current) {
      if (!current.has(id)) {
        alarm.notifications.close(id);
        notified.current.delete(id);
      }
    }
    if (notifications !== 'granted') return;
    for (const page of pages) {
      if (notified.current.has(page.incidentId)) continue;
      alarm.notifications.show(page);
      notified.current.add(page.incidentId);
    }
  }, [pages, notifications, alarm]);

  useEffect(
    () => () => {
      for (const id of notified.current) alarm.notifications.close(id);
      notified.current.clear();
    },
    [alarm],
  );

  const stop = useCallback((incidentId: string) => setPages((current) => withoutPage(current, incidentId)), []);
  const enableSound = useCallback(() => void alarm.sound.enable(), [alarm]);
  const allowNotifications = useCallback(() => {
    void alarm.notifications.request().then(setNotifications);
  }, [alarm]);

  return { pages, stop, sound, enableSound, notifications, allowNotifications };
}
