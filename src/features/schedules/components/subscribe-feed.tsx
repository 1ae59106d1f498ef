import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import type { CreatedFeedDto } from '../../../contracts/feeds';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { CalendarFeedUrl } from '../../../shared/components/calendar-feed-url';
import { Dialog } from '../../../shared/components/dialog';
import { useCreateScheduleFeed } from '../api/create-schedule-feed';

/**
 * "Subscribe to calendar": creates a secret iCalendar feed of this schedule and shows its URL in a
 * dialog. Pressing it again on the same schedule shows the same feed, since each new one is
 * another secret to revoke.
 */
export function SubscribeFeedButton({ scheduleId, scheduleName }: { scheduleId: string; scheduleName: string }) {
  const create = useCreateScheduleFeed();
  const [feed, setFeed] = useState<(CreatedFeedDto & { scheduleId: string }) | null>(null);
  const [open, setOpen] = useState(false);
  const errorId = useId();
  const current = feed?.scheduleId === scheduleId ? feed : null;

  // Not `disabled` while creating: a disabled button drops the focus, and the dialog returns focus to it.
  const onClick = () => {
    if (current) return setOpen(true);
    if (create.isPending) return;
    create.mutate(
      { scheduleId },
      {
        onSuccess: (created) => {
          setFeed({ ...created, scheduleId });
          setOpen(true);
        },
      },
    );
  };

  return (
    <div className="flex max-w-xs flex-col items-start gap-1">
      <Button variant="secondary" aria-haspopup="dialog" aria-disabled={create.isPending} aria-describedby={create.isError ? errorId : undefined} onClick={onClick}>
        {create.isPending ? 'Creating feed…' : 'Subscribe to calendar'}
      </Button>
      {create.isError ? (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          Could not create a calendar feed: {errorMessage(create.error)}
        </p>
      ) : null}
      {open && current ? (
        <Dialog
          title={`Subscribe to “${scheduleName}”`}
          description="Google Calendar, Outlook and Apple Calendar can subscribe to this URL and keep showing every shift of this schedule as it changes."
          onClose={() => setOpen(false)}
        >
          <div className="space-y-3">
            <CalendarFeedUrl path={current.url} label="Feed URL" copyLabel="Copy the feed URL" autoFocus />
            <p className="text-xs text-slate-600">
              Anyone who has this URL can read the schedule: share it like a password. Revoke it under Calendar feeds on{' '}
              <Link to="/profile" className="text-blue-700 underline underline-offset-2 hover:text-blue-900">
                your profile
              </Link>
              .
            </p>
            <div className="flex justify-end">
              <Button onClick={() => setOpen(false)}>Done</Button>
            </div>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
