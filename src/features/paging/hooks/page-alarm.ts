import type { RingingPage } from '../model/ringing-pages';
import { describePage } from '../model/ringing-pages';

/** `blocked`: the browser holds audio back until the person interacts with the page. */
export type SoundState = 'off' | 'playing' | 'blocked' | 'unavailable';
export type NotificationAccess = NotificationPermission | 'unsupported';

/**
 * The side effects of a ring, behind one small interface: the ringer decides when, these decide
 * how. The browser implementation below uses the Web Audio API, `document.title` and the
 * Notification API; tests observe it by standing in for the two APIs jsdom lacks.
 */
export type PageAlarm = {
  sound: {
    start(): void;
    stop(): void;
    state(): SoundState;
    /** Resumes audio the browser suspended; must run inside a click. */
    enable(): Promise<void>;
    subscribe(listener: () => void): () => void;
  };
  title: { flash(text: string): void; stop(): void };
  notifications: {
    access(): NotificationAccess;
    /** Asks the browser for permission; only ever from the person's click. */
    request(): Promise<NotificationAccess>;
    show(page: RingingPage): void;
    close(incidentId: string): void;
  };
};

const BEEP_EVERY_MS = 2_000;
const FLASH_EVERY_MS = 1_000;

type AudioContextConstructor = new () => AudioContext;

function audioContextConstructor(): AudioContextConstructor | undefined {
  const scope = window as Window & { AudioContext?: AudioContextConstructor; webkitAudioContext?: AudioContextConstructor };
  return scope.AudioContext ?? scope.webkitAudioContext;
}

/** One short tone with a soft attack and release, so it does not click. */
function tone(context: AudioContext, frequency: number, at: number, seconds: number): void {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(frequency, at);
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.3, at + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
  oscillator.connect(gain);
  gain.connect(context.destination);
  oscillator.start(at);
  oscillator.stop(at + seconds + 0.02);
}

/** A two-tone beep (high, then low) every 2 s, made by the Web Audio API: no audio file to load. */
function createBeeper(): PageAlarm['sound'] {
  let context: AudioContext | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  let unavailable = false;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const beep = () => {
    if (context?.state !== 'running') return;
    const now = context.currentTime;
    tone(context, 880, now, 0.15);
    tone(context, 660, now + 0.2, 0.15);
  };
  return {
    start() {
      if (timer !== undefined || unavailable) return;
      const Context = audioContextConstructor();
      if (!Context) {
        unavailable = true;
        changed();
        return;
      }
      context = new Context();
      context.onstatechange = changed;
      beep();
      timer = setInterval(beep, BEEP_EVERY_MS);
      changed();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
      if (context) {
        context.onstatechange = null;
        void context.close();
        context = null;
      }
      changed();
    },
    state() {
      if (unavailable) return 'unavailable';
      if (!context) return 'off';
      return context.state === 'running' ? 'playing' : 'blocked';
    },
    async enable() {
      if (!context) return;
      await context.resume();
      // A beep at once tells the person the sound works now.
      beep();
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Alternates the tab's title with `text` every second. The page's own title may change meanwhile
 * (the person moves to another page), so the normal title is read back each time it is not ours.
 */
function createTitleFlash(): PageAlarm['title'] {
  let timer: ReturnType<typeof setInterval> | undefined;
  let alertText = '';
  let normal = '';
  const showAlert = () => {
    if (document.title !== alertText) normal = document.title;
    document.title = alertText;
  };
  return {
    flash(text) {
      const showing = timer !== undefined && document.title === alertText;
      alertText = text;
      if (timer === undefined) {
        showAlert();
        timer = setInterval(() => {
          if (document.title === alertText) document.title = normal;
          else showAlert();
        }, FLASH_EVERY_MS);
      } else if (showing) {
        document.title = alertText;
      }
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
      if (document.title === alertText) document.title = normal;
    },
  };
}

function createPageNotifications(): PageAlarm['notifications'] {
  const shown = new Map<string, Notification>();
  const supported = () => typeof window.Notification === 'function';
  return {
    access: () => (supported() ? window.Notification.permission : 'unsupported'),
    async request() {
      if (!supported()) return 'unsupported';
      return window.Notification.requestPermission();
    },
    show(page) {
      if (!supported() || window.Notification.permission !== 'granted' || shown.has(page.incidentId)) return;
      // The tag is the incident: several open tabs replace each other's notification instead of stacking.
      const notification = new window.Notification('You are paged', { body: describePage(page), tag: page.incidentId, requireInteraction: true });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
      shown.set(page.incidentId, notification);
    },
    close(incidentId) {
      shown.get(incidentId)?.close();
      shown.delete(incidentId);
    },
  };
}

/** The real thing: sound, title and notifications of this browser tab. */
export function browserPageAlarm(): PageAlarm {
  return { sound: createBeeper(), title: createTitleFlash(), notifications: createPageNotifications() };
}
