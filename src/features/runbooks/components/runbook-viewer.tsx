import { createContext, useContext, useId, useMemo, useState } from 'react';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import Markdown, { defaultUrlTransform } from 'react-markdown';
import type { Components, ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { analyseRunbook, stepIdForLine } from '../../../domain/runbook/document';
import type { EscalationCriterion, RunbookOutline, RunbookSection, RunbookStep } from '../../../domain/runbook/model';
import { SAFE_LINKS } from '../../../shared/components/markdown-view';

type HastNode = NonNullable<ExtraProps['node']>;
type HastChild = HastNode['children'][number];

/** A step's state in a run: ticked or not, by whom, when. */
export type StepState = { checked: boolean; by: { name: string } | null; at: string };

export type RunbookViewerProps = {
  body: string;
  /** The region's accessible name, e.g. the runbook's title. */
  label: string;
  /** The run's steps by id. Without them the checkboxes tick in this tab only (a read-through, nothing stored). */
  steps?: ReadonlyMap<string, StepState>;
  onToggle?: (stepId: string, checked: boolean) => void;
  /** A closed run, or a person who may not act: the boxes show their state and do not change. */
  disabled?: boolean;
  /** Called after a command is copied (a run records it on the timeline). */
  onCopy?: (command: string) => void;
  /** Shown under a section's heading: a run's countdown and "Start". */
  sectionExtra?: (section: RunbookSection) => ReactNode;
  /** Shown after an escalation criterion's sentence: a run's "Escalate now". */
  criterionExtra?: (criterion: EscalationCriterion) => ReactNode;
  /** The viewer's time zone for "Diego · 02:33"; the browser's by default. */
  zone?: string;
};

const HEADINGS = ['h2', 'h3', 'h4', 'h5', 'h6', 'h6'] as const;
const HEADING_CLASS = ['text-lg font-semibold', 'text-base font-semibold', 'text-sm font-semibold', 'text-sm font-semibold', 'text-sm font-medium', 'text-sm font-medium'];

function textOf(node: HastNode | HastChild): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return (node.children as HastChild[]).map(textOf).join('');
  return '';
}

const lineOf = (node: HastNode | undefined) => node?.position?.start.line ?? 0;

/** Lines of `node` that are its own text, not a nested paragraph or list (which place their own criteria). */
function ownsLine(node: HastNode | undefined, line: number): boolean {
  const start = node?.position?.start.line;
  const end = node?.position?.end.line;
  if (!node || start === undefined || end === undefined || line < start || line > end) return false;
  return !node.children.some(
    (child) => child.type === 'element' && ['p', 'ul', 'ol', 'li', 'pre', 'blockquote'].includes(child.tagName) && child.position && line >= child.position.start.line && line <= child.position.end.line,
  );
}

const timeFormat = new Map<string, Intl.DateTimeFormat>();
function shortTime(iso: string, zone: string | undefined): string {
  const key = zone ?? '';
  let format = timeFormat.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(zone ? { timeZone: zone } : {}) });
    timeFormat.set(key, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

function CopyCommand({ text, onCopy }: { text: string; onCopy: ((command: string) => void) | undefined }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
      onCopy?.(text);
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <div className="flex items-center justify-end gap-2 border-t border-slate-700 px-2 py-1 print:hidden">
      <span role="status" className="text-xs text-slate-200">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text and copy it by hand' : ''}
      </span>
      <button
        type="button"
        aria-label="Copy command"
        onClick={() => void copy()}
        className="rounded border border-slate-500 bg-slate-800 px-2 py-0.5 text-xs font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        Copy
      </button>
    </div>
  );
}

/**
 * The disabled checkbox gfm puts into a task item. Every task item is a step of the domain's
 * outline, which gets its own working checkbox, so gfm's is dropped wherever it sits (in a loose
 * list it is inside the paragraph).
 */
function TaskInput(): null {
  return null;
}

type ViewerContext = {
  prefix: string;
  stepIds: ReadonlyMap<string, RunbookStep>;
  sectionsByLine: ReadonlyMap<number, RunbookSection>;
  criteria: readonly EscalationCriterion[];
  state: ReadonlyMap<string, StepState>;
  toggle: (stepId: string, checked: boolean) => void;
  disabled: boolean;
  onCopy: ((command: string) => void) | undefined;
  sectionExtra: ((section: RunbookSection) => ReactNode) | undefined;
  criterionExtra: ((criterion: EscalationCriterion) => ReactNode) | undefined;
  zone: string | undefined;
};

// The markdown's components are fixed (a new component per render would remount the document and
// lose focus and countdowns); what changes reaches them through this context.
const Viewer = createContext<ViewerContext | null>(null);

function useViewer(): ViewerContext {
  const context = useContext(Viewer);
  if (!context) throw new Error('outside a runbook viewer');
  return context;
}

function WithCriteria({ node, children }: { node: HastNode | undefined; children: ReactNode }) {
  const { criteria, criterionExtra } = useViewer();
  const found = criterionExtra ? criteria.filter((c) => ownsLine(node, c.line)) : [];
  if (found.length === 0) return children;
  return (
    <>
      {children}
      {found.map((criterion) => (
        <span key={criterion.id} className="mt-1 block print:hidden">
          {criterionExtra?.(criterion)}
        </span>
      ))}
    </>
  );
}

function Heading({ depth, node, children }: { depth: number; node: HastNode | undefined; children: ReactNode }) {
  const { prefix, sectionsByLine, sectionExtra } = useViewer();
  const section = sectionsByLine.get(lineOf(node));
  const Tag = HEADINGS[depth - 1] ?? 'h6';
  return (
    <div className="mt-5 mb-2 first:mt-0">
      <Tag id={section ? `${prefix}-${section.id}` : undefined} className={`${HEADING_CLASS[depth - 1] ?? ''} scroll-mt-4 break-words text-slate-900`}>
        {section ? section.title : children}
        {section?.timeBoxMinutes ? (
          <span className="ml-2 inline-block rounded-full border border-slate-300 bg-slate-100 px-2 py-0.5 align-middle text-xs font-medium text-slate-700">
            Time box: {section.timeBoxMinutes} {section.timeBoxMinutes === 1 ? 'minute' : 'minutes'}
          </span>
        ) : null}
      </Tag>
      {section && sectionExtra ? <div className="mt-1">{sectionExtra(section)}</div> : null}
    </div>
  );
}

function ListItem({ node, children }: ComponentPropsWithoutRef<'li'> & ExtraProps) {
  const { prefix, stepIds, state, toggle, disabled, zone } = useViewer();
  const stepId = stepIdForLine(lineOf(node));
  const step = stepIds.get(stepId);
  if (!step) {
    return (
      <li className="break-words">
        <WithCriteria node={node}>{children}</WithCriteria>
      </li>
    );
  }
  const now = state.get(stepId);
  const checked = now?.checked ?? false;
  const inputId = `${prefix}-${stepId}`;
  // A step with block content (a command, a sub-list) is named by its text rather than wrapped in
  // its label: clicking to select a command must not tick the step.
  const blocks = node?.children.some((child) => child.type === 'element' && ['pre', 'ul', 'ol', 'blockquote', 'table'].includes(child.tagName)) ?? false;
  const text = (
    <div className={`${checked ? 'text-slate-600' : 'text-slate-900'} [&_p]:my-0 [&>p+*]:mt-1`}>
      <WithCriteria node={node}>{children}</WithCriteria>
    </div>
  );
  return (
    <li className="flex items-start gap-2 rounded px-1 py-0.5 break-words hover:bg-slate-50">
      <input
        id={inputId}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-label={blocks ? step.text : undefined}
        onChange={(event) => toggle(stepId, event.target.checked)}
        className="mt-0.5 size-5 shrink-0 accent-blue-700 disabled:cursor-not-allowed"
      />
      <div className="min-w-0 flex-1">
        {blocks ? (
          text
        ) : (
          <label htmlFor={inputId} className={`block ${checked ? 'line-through decoration-slate-400' : ''} ${disabled ? '' : 'cursor-pointer'}`}>
            {text}
          </label>
        )}
        {checked && now?.by ? (
          <span className="block text-xs text-slate-700">
            {now.by.name.split(' ')[0]} · <time dateTime={now.at}>{shortTime(now.at, zone)}</time>
          </span>
        ) : null}
      </div>
    </li>
  );
}

function CodeBlock({ node }: ComponentPropsWithoutRef<'pre'> & ExtraProps) {
  const { onCopy } = useViewer();
  const text = node ? textOf(node).replace(/\n$/, '') : '';
  return (
    <div className="my-3 overflow-hidden rounded-md bg-slate-900 text-slate-100 print:overflow-visible print:border print:border-slate-400 print:bg-white print:text-slate-900">
      {/* On paper nothing scrolls: a long command wraps instead of being cut off. */}
      <pre className="overflow-x-auto p-3 font-mono text-sm leading-snug whitespace-pre print:whitespace-pre-wrap print:[overflow-wrap:anywhere]">
        <code>{text}</code>
      </pre>
      <CopyCommand text={text} onCopy={onCopy} />
    </div>
  );
}

const heading = (depth: number) =>
  function MarkdownHeading({ node, children }: ComponentPropsWithoutRef<'h1'> & ExtraProps) {
    return (
      <Heading depth={depth} node={node}>
        {children}
      </Heading>
    );
  };

const COMPONENTS: Components = {
  h1: heading(1),
  h2: heading(2),
  h3: heading(3),
  h4: heading(4),
  h5: heading(5),
  h6: heading(6),
  p: ({ node, children }) => (
    <p className="my-2 leading-relaxed break-words">
      <WithCriteria node={node}>{children}</WithCriteria>
    </p>
  ),
  ...SAFE_LINKS,
  ul: ({ children, className }) => <ul className={`my-2 space-y-1 ${className?.includes('contains-task-list') ? 'list-none pl-0' : 'list-disc pl-5'}`}>{children}</ul>,
  ol: ({ children, start }) => (
    <ol start={start} className="my-2 list-none space-y-1 pl-0">
      {children}
    </ol>
  ),
  input: TaskInput,
  li: ListItem,
  pre: CodeBlock,
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
 * A runbook as a responder reads it: markdown (GFM) rendered without raw HTML (it shows as text),
 * links made inert unless http(s)/mailto/relative (react-markdown's default URL transform) and
 * opened in a new tab, images shown as links rather than fetched (a runbook must not make the
 * browser call out on its own), task items and numbered steps as real checkboxes keyed by the
 * domain's step ids, code blocks with a copy button, and an outline of the sections.
 */
export default function RunbookViewer({ body, label, steps, onToggle, disabled = false, onCopy, sectionExtra, criterionExtra, zone }: RunbookViewerProps) {
  const prefix = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const outline: RunbookOutline = useMemo(() => analyseRunbook(body), [body]);
  const [local, setLocal] = useState<ReadonlyMap<string, StepState>>(new Map());
  const state = steps ?? local;
  const stepIds = useMemo(() => new Map(outline.steps.map((s) => [s.id, s])), [outline]);
  const sectionsByLine = useMemo(() => new Map(outline.sections.map((s) => [s.line, s])), [outline]);

  const toggle = (stepId: string, checked: boolean) => {
    if (onToggle) return onToggle(stepId, checked);
    setLocal((previous) => new Map(previous).set(stepId, { checked, by: null, at: new Date().toISOString() }));
  };
  const context: ViewerContext = { prefix, stepIds, sectionsByLine, criteria: outline.criteria, state, toggle, disabled, onCopy, sectionExtra, criterionExtra, zone };

  const outlined = outline.sections.filter((s) => s.depth <= 3);
  return (
    <section aria-label={label} className="@container text-sm text-slate-800">
      <div className="grid gap-4 @3xl:grid-cols-[11rem_minmax(0,1fr)] print:block">
        {outlined.length > 1 ? (
          <nav aria-label={`Outline of ${label}`} className="print:hidden @3xl:sticky @3xl:top-4 @3xl:self-start">
            <p className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">Sections</p>
            <ol className="flex flex-wrap gap-x-3 gap-y-1 @3xl:block @3xl:space-y-1">
              {outlined.map((section) => (
                <li key={section.id} className={section.depth > 2 ? '@3xl:pl-3' : ''}>
                  <a href={`#${prefix}-${section.id}`} className="text-blue-700 underline-offset-2 hover:underline">
                    {section.title}
                    {section.timeBoxMinutes ? <span className="text-slate-600"> ({section.timeBoxMinutes} min)</span> : null}
                  </a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <div className="min-w-0 [overflow-wrap:anywhere]">
          <Viewer.Provider value={context}>
            <Markdown remarkPlugins={REMARK} components={COMPONENTS} urlTransform={defaultUrlTransform}>
              {body}
            </Markdown>
          </Viewer.Provider>
        </div>
      </div>
    </section>
  );
}
