import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiRequestError, errorMessage } from '../../../lib/api-client';
import { Button, buttonClass } from '../../../shared/components/button';
import type { PageAlarm } from '../hooks/page-alarm';
import { browserPageAlarm } from '../hooks/page-alarm';
import { usePageRing } from '../hooks/use-page-ring';
import type { RingingPage } from '../model/ringing-pages';
import { describePage } from '../model/ringing-pages';

type Props = {
  userId: string;
  /** Acknowledges the incident as the signed-in person (the app hands in the incidents feature's mutation). */
  acknowledge: (incidentId: string) => Promise<unknown>;
  alarm?: PageAlarm;
};

/**
 * The in-app page: a dialog fixed over every page of the tab, with Acknowledge focused, while
 * the tab beeps, flashes its title and shows a browser notification. Mount it once, in the
 * signed-in layout.
 */
export function PageRinger({ userId, acknowledge, alarm: given }: Props) {
  const [alarm] = useState(() => given ?? browserPageAlarm());
  const ring = usePageRing(userId, alarm);
  const headingId = useId();
  const newest = ring.pages[ring.pages.length - 1]?.incidentId;
  const acknowledgeButtons = useRef(new Map<string, HTMLButtonElement>());

  // A new page takes the focus, so Enter acknowledges it: the person may be barely awake.
  useEffect(() => {
    if (newest !== undefined) acknowledgeButtons.current.get(newest)?.focus();
  }, [newest]);

  if (ring.pages.length === 0) return null;
  const [only] = ring.pages;
  const heading = ring.pages.length === 1 && only ? `You are paged: ${describePage(only)}` : `You are paged for ${ring.pages.length} incidents`;

  return (
    <div
      role="alertdialog"
      aria-labelledby={headingId}
      tabIndex={-1}
      className="fixed inset-x-2 top-2 z-50 mx-auto max-w-2xl rounded-lg border-2 border-red-700 bg-white p-4 shadow-2xl sm:top-4"
    >
      <h2 id={headingId} className="flex items-center gap-2 text-lg font-semibold text-red-800">
        {/* A drawn bell: emoji fonts are missing on many servers' and kiosks' browsers. */}
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5 shrink-0 fill-current">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        <span>{heading}</span>
      </h2>
      <ul className="mt-3 space-y-3">
        {ring.pages.map((page) => (
          <PageRow
            key={page.incidentId}
            page={page}
            showText={ring.pages.length > 1}
            acknowledge={acknowledge}
            onStopped={ring.stop}
            buttonRef={(button) => {
              if (button) acknowledgeButtons.current.set(page.incidentId, button);
              else acknowledgeButtons.current.delete(page.incidentId);
            }}
          />
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2 border-t border-slate-200 pt-3">
        {ring.sound === 'blocked' ? (
          <Button size="sm" onClick={ring.enableSound}>
            Click to enable sound
          </Button>
        ) : null}
        {ring.notifications === 'default' ? (
          <Button size="sm" onClick={ring.allowNotifications}>
            Allow browser notifications
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function PageRow({
  page,
  showText,
  acknowledge,
  onStopped,
  buttonRef,
}: {
  page: RingingPage;
  showText: boolean;
  acknowledge: Props['acknowledge'];
  onStopped: (incidentId: string) => void;
  buttonRef: (button: HTMLButtonElement | null) => void;
}) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string>();

  const onAcknowledge = () => {
    setPending(true);
    setProblem(undefined);
    acknowledge(page.incidentId).then(
      () => onStopped(page.incidentId),
      (error: unknown) => {
        setPending(false);
        // Resolved meanwhile: nothing is left to acknowledge, so nothing should ring.
        if (error instanceof ApiRequestError && error.status === 409) onStopped(page.incidentId);
        else setProblem(`Not acknowledged: ${errorMessage(error)}`);
      },
    );
  };

  return (
    <li className="rounded-md bg-red-50 p-3">
      {showText ? <p className="text-sm font-medium text-slate-900">{describePage(page)}</p> : null}
      <div className={`flex flex-wrap items-center gap-2 ${showText ? 'mt-2' : ''}`}>
        {/* Each name carries the incident, so several rings read apart. */}
        <button ref={buttonRef} type="button" aria-label={`Acknowledge ${page.incidentId}`} className={buttonClass('danger')} onClick={onAcknowledge} disabled={pending}>
          {pending ? 'Acknowledging…' : 'Acknowledge'}
        </button>
        <Link to={`/incidents/${encodeURIComponent(page.incidentId)}`} aria-label={`Open incident ${page.incidentId}`} className={buttonClass('secondary')}>
          Open incident
        </Link>
        <Button
          variant="ghost"
          aria-label={`Dismiss ${page.incidentId}`}
          onClick={() => onStopped(page.incidentId)}
          title="Stops the ring in this tab; escalation goes on until someone acknowledges"
        >
          Dismiss
        </Button>
      </div>
      {problem ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {problem}
        </p>
      ) : null}
    </li>
  );
}
