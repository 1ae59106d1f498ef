import { useEffect, useId, useRef, useState } from 'react';
import type { CalendarFeedDto } from '../../../contracts/feeds';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { CalendarFeedUrl } from '../../../shared/components/calendar-feed-url';
import { ConfirmDialog } from '../../../shared/components/confirm-dialog';
import { FormError } from '../../../shared/components/field';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useCreateFeed } from '../api/create-feed';
import { useFeeds } from '../api/get-feeds';
import { useRevokeFeed } from '../api/revoke-feed';

function feedTitle(feed: CalendarFeedDto, scheduleNames: ReadonlyMap<string, string>): string {
  if (feed.kind === 'person') return 'My shifts on every schedule';
  const name = scheduleNames.get(feed.targetId);
  return name ? `Every shift of “${name}”` : 'Every shift of a schedule';
}

/**
 * Secret iCalendar feeds of my shifts (created here) and of whole schedules (created on a
 * schedule's page), with their revocation. The server keeps only a hash of each secret, so a
 * feed's URL can be shown only for feeds created while this page is open.
 */
export function CalendarFeedsSection({ scheduleNames }: { scheduleNames: ReadonlyMap<string, string> }) {
  const feeds = useFeeds();
  const create = useCreateFeed();
  const revoke = useRevokeFeed();
  const [urls, setUrls] = useState<ReadonlyMap<string, string>>(new Map());
  const [revoking, setRevoking] = useState<CalendarFeedDto | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The revoked feed's row (and its Revoke button, where the dialog returns focus) goes away, so
  // focus moves to the heading instead of falling to the page's body.
  const [revokedCount, setRevokedCount] = useState(0);
  useEffect(() => {
    if (revokedCount > 0) heading.current?.focus();
  }, [revokedCount]);
  const active = feeds.data?.items.filter((feed) => feed.revokedAt === null) ?? [];
  const createdNow = active.find((feed) => urls.has(feed.id));

  const onCreate = () => {
    if (create.isPending) return;
    create.mutate(undefined, { onSuccess: (feed) => setUrls((current) => new Map(current).set(feed.id, feed.url)) });
  };

  return (
    <section aria-labelledby="feeds-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <div>
        <h2 id="feeds-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold text-slate-900">
          Calendar feeds
        </h2>
        <p className="text-sm text-slate-600">Google Calendar, Outlook and Apple Calendar can subscribe to a feed’s URL and keep showing your on-call shifts as schedules change.</p>
        <p className="mt-1 text-xs text-slate-600">Anyone who has the URL can read the shifts in it: share it like a password, and revoke it if it leaks.</p>
      </div>
      <div className="space-y-2">
        <Button variant="primary" onClick={onCreate} aria-disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create a feed of my shifts'}
        </Button>
        <FormError message={create.isError ? `Could not create the feed: ${errorMessage(create.error)}` : undefined} />
        <p role="status" className="text-sm text-green-900">
          {createdNow ? 'Feed created. Copy its URL now: Firewatch cannot show it again once you leave this page.' : ''}
        </p>
      </div>
      {feeds.isPending ? (
        <Loading label="Loading your calendar feeds…" />
      ) : feeds.isError ? (
        <LoadError error={feeds.error} onRetry={() => void feeds.refetch()} />
      ) : active.length === 0 ? (
        <p className="text-sm text-slate-600">You have no calendar feeds.</p>
      ) : (
        <ul aria-label="My calendar feeds" className="divide-y divide-slate-100">
          {active.map((feed) => (
            <FeedRow key={feed.id} feed={feed} title={feedTitle(feed, scheduleNames)} url={urls.get(feed.id)} onRevoke={() => setRevoking(feed)} />
          ))}
        </ul>
      )}
      {revoking ? (
        <ConfirmDialog
          title="Revoke this calendar feed?"
          description={`Calendars subscribed to “${feedTitle(revoking, scheduleNames)}” stop updating, and its URL stops working. This cannot be undone.`}
          confirmLabel="Revoke feed"
          pending={revoke.isPending}
          error={revoke.isError ? `Could not revoke the feed: ${errorMessage(revoke.error)}` : undefined}
          onCancel={() => {
            revoke.reset();
            setRevoking(null);
          }}
          onConfirm={() =>
            revoke.mutate(
              { id: revoking.id },
              {
                onSuccess: () => {
                  setUrls((current) => {
                    const next = new Map(current);
                    next.delete(revoking.id);
                    return next;
                  });
                  setRevoking(null);
                  setRevokedCount((n) => n + 1);
                },
              },
            )
          }
        />
      ) : null}
    </section>
  );
}

function FeedRow({ feed, title, url, onRevoke }: { feed: CalendarFeedDto; title: string; url: string | undefined; onRevoke: () => void }) {
  const titleId = useId();
  const revokeId = useId();
  return (
    <li className="space-y-2 py-3 text-sm">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <p id={titleId} className="min-w-0">
          <span className="font-medium text-slate-900">{title}</span>
          <span className="text-xs text-slate-600">
            , created <ZonedTime iso={feed.createdAt} />
          </span>
        </p>
        {/* Named with its row ("Revoke My shifts …, created …"): a list of bare "Revoke" buttons says nothing. */}
        <Button id={revokeId} size="sm" variant="dangerGhost" className="ml-auto" aria-labelledby={`${revokeId} ${titleId}`} onClick={onRevoke}>
          Revoke
        </Button>
      </div>
      {url ? (
        <CalendarFeedUrl path={url} label="Feed URL" copyLabel={`Copy the URL of ${title}`} />
      ) : (
        <p className="text-xs text-slate-600">Its URL was shown only when it was created. If it is lost, create a new feed and revoke this one.</p>
      )}
    </li>
  );
}
