import { Suspense, lazy } from 'react';
import type { MarkdownViewProps } from './markdown-view';

// The markdown stack (react-markdown, remark-gfm, micromark) loads with the first text shown, never with the dashboard.
const MarkdownView = lazy(() => import('./markdown-view'));

export function LazyMarkdown(props: MarkdownViewProps) {
  return (
    <Suspense fallback={<p className="py-2 text-sm text-slate-600">Loading the text…</p>}>
      <MarkdownView {...props} />
    </Suspense>
  );
}
