import type { RunbookSummaryDto } from '../../../contracts/runbooks';
import { ZonedTime } from '../../../shared/components/zoned-time';

/** Whether the review is due, in words and a mark, never by colour alone. */
export function ReviewStatus({ runbook }: { runbook: Pick<RunbookSummaryDto, 'reviewOverdue' | 'reviewDueAt'> }) {
  if (runbook.reviewOverdue) {
    return (
      <span className="inline-flex flex-wrap items-center gap-1 rounded border border-amber-500 bg-amber-50 px-1.5 py-0.5 text-xs font-semibold text-amber-950">
        <span aria-hidden="true">⚠</span> Review overdue
        <span className="font-normal">
          (due <ZonedTime iso={runbook.reviewDueAt} />)
        </span>
      </span>
    );
  }
  return (
    <span className="text-xs text-slate-700">
      Review due <ZonedTime iso={runbook.reviewDueAt} />
    </span>
  );
}
