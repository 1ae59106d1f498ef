import Markdown, { defaultUrlTransform } from 'react-markdown';
import type { Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

export type MarkdownViewProps = {
  body: string;
  /** The region's accessible name ("Preview of Root cause"). */
  label: string;
  /** Shown when the text is empty. */
  empty?: string;
};

/**
 * Links open in a new tab without the opener; a URL that may not be linked keeps its text; images
 * are shown as links rather than fetched. Shared by every markdown view (runbooks, post-mortems).
 */
export const SAFE_LINKS: Pick<Components, 'a' | 'img'> = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer" className="break-words text-blue-700 underline underline-offset-2 hover:text-blue-900">
        {children}
      </a>
    ) : (
      // A URL that may not be linked (javascript:, data:, …) keeps its text and loses the link.
      <span className="break-words">{children}</span>
    ),
  img: ({ src, alt }) =>
    typeof src === 'string' && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer" className="break-words text-blue-700 underline underline-offset-2">
        Image: {alt || src}
      </a>
    ) : (
      <span>{alt ? `Image: ${alt}` : ''}</span>
    ),
};

const COMPONENTS: Components = {
  h1: ({ children }) => <h3 className="mt-4 mb-2 text-base font-semibold text-slate-900 first:mt-0">{children}</h3>,
  h2: ({ children }) => <h3 className="mt-4 mb-2 text-base font-semibold text-slate-900 first:mt-0">{children}</h3>,
  h3: ({ children }) => <h4 className="mt-3 mb-1 text-sm font-semibold text-slate-900 first:mt-0">{children}</h4>,
  h4: ({ children }) => <h5 className="mt-3 mb-1 text-sm font-semibold text-slate-900">{children}</h5>,
  h5: ({ children }) => <h6 className="mt-3 mb-1 text-sm font-medium text-slate-900">{children}</h6>,
  h6: ({ children }) => <h6 className="mt-3 mb-1 text-sm font-medium text-slate-900">{children}</h6>,
  p: ({ children }) => <p className="my-2 leading-relaxed break-words">{children}</p>,
  ...SAFE_LINKS,
  ul: ({ children }) => <ul className="my-2 list-disc space-y-1 pl-5">{children}</ul>,
  ol: ({ children, start }) => (
    <ol start={start} className="my-2 list-decimal space-y-1 pl-5">
      {children}
    </ol>
  ),
  li: ({ children }) => <li className="break-words">{children}</li>,
  pre: ({ children }) => <pre className="my-2 overflow-x-auto rounded-md bg-slate-100 p-2 font-mono text-xs whitespace-pre print:whitespace-pre-wrap">{children}</pre>,
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 font-mono text-[0.9em] break-words text-slate-900">{children}</code>,
  blockquote: ({ children }) => <blockquote className="my-2 border-l-4 border-slate-300 pl-3 text-slate-700">{children}</blockquote>,
  table: ({ children }) => (
    <div className="my-3 overflow-x-auto">
      <table className="min-w-full border-collapse text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border border-slate-300 bg-slate-50 px-2 py-1 text-left font-semibold">{children}</th>,
  td: ({ children }) => <td className="border border-slate-300 px-2 py-1 align-top">{children}</td>,
};

const REMARK = [remarkGfm];

/**
 * Markdown (GFM) as text for reading: raw HTML is not rendered (react-markdown shows it as text),
 * links are inert unless http(s), mailto or relative, and open in a new tab.
 */
export default function MarkdownView({ body, label, empty = 'Nothing written yet.' }: MarkdownViewProps) {
  return (
    <section aria-label={label} className="min-w-0 text-sm text-slate-800 [overflow-wrap:anywhere]">
      {body.trim() === '' ? (
        <p className="text-slate-600 italic">{empty}</p>
      ) : (
        <Markdown remarkPlugins={REMARK} components={COMPONENTS} urlTransform={defaultUrlTransform}>
          {body}
        </Markdown>
      )}
    </section>
  );
}
