import { Suspense, lazy } from 'react';
import type { RunbookViewerProps } from './runbook-viewer';

// The markdown stack (react-markdown, remark-gfm, micromark) loads with the first runbook shown, never with the dashboard.
const RunbookViewer = lazy(() => import('./runbook-viewer'));

export function LazyRunbookViewer(props: RunbookViewerProps) {
  return (
    <Suspense fallback={<p className="py-6 text-center text-sm text-slate-600">Loading the runbook…</p>}>
      <RunbookViewer {...props} />
    </Suspense>
  );
}
