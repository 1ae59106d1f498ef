import { useState } from 'react';
import type { TimelineDraftDto } from '../../../contracts/postmortems';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { getTimelineDraft } from '../api/timeline-draft';

/**
 * "Refresh from incident": fetches the lines for events after the ones already taken into the
 * Timeline and shows them; only "Append these" adds them, at the end, so edited text is never
 * replaced.
 */
export function TimelineRefresh({ postmortemId, append }: { postmortemId: string; append: (lines: string[], throughSeq: number) => void }) {
  const [offer, setOffer] = useState<TimelineDraftDto | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const refresh = async () => {
    setLoading(true);
    setError(undefined);
    try {
      setOffer(await getTimelineDraft(postmortemId));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setLoading(false);
    }
  };
  const count = offer?.entries.length ?? 0;
  return (
    <div className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={() => void refresh()} disabled={loading}>
          {loading ? 'Looking for new events…' : 'Refresh from incident'}
        </Button>
        <span role="status" className="text-slate-700">
          {offer ? (count === 0 ? "Nothing new in the incident's log since the timeline was drafted." : `${count} new ${count === 1 ? 'line' : 'lines'} from the incident`) : ''}
        </span>
      </div>
      {error ? (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      ) : null}
      {offer && count > 0 ? (
        <section aria-label="New lines from the incident" className="space-y-2">
          <ul className="space-y-1 rounded border border-slate-200 bg-white p-2 font-mono text-xs">
            {offer.entries.map((entry) => (
              <li key={entry.seq} className="break-words whitespace-pre-wrap">
                {entry.line}
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <Button
              size="sm"
              variant="primary"
              onClick={() => {
                append(
                  offer.entries.map((entry) => entry.line),
                  offer.throughSeq,
                );
                setOffer(null);
              }}
            >
              Append these
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setOffer(null)}>
              Not now
            </Button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
