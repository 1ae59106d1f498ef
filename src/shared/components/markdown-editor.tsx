import { markdown } from '@codemirror/lang-markdown';
import { EditorView, useCodeMirror } from '@uiw/react-codemirror';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

export type MarkdownEditorProps = {
  value: string;
  onChange: (value: string) => void;
  /** The editor's accessible name (the visible label's text: an id cannot reach into its shadow root). */
  label: string;
  /** The error to read with it, as text for the same reason. */
  description?: string | undefined;
  invalid?: boolean;
  /** Moves the cursor to this 1-based line when `goTo.at` changes (a lint finding was picked). */
  goTo?: { line: number; at: number } | undefined;
  /**
   * The plain text box shown while this editor loads: when the person was typing in it, the
   * editor takes over its focus and caret, so no keystroke goes astray when it appears.
   */
  takeOver?: { readonly current: { focused: boolean; caret: number } } | undefined;
  /** The editor's height before it grows with its text (a CSS length). */
  minHeight?: string;
  /**
   * Whether Tab indents (Escape, then Tab, still leaves). A page of several editors turns it off,
   * so Tab walks from one section to the next as it does between any other fields.
   */
  tabIndents?: boolean;
};

const BASIC_SETUP = { foldGutter: false, highlightActiveLine: false };

const THEME = EditorView.theme({
  '&': { fontSize: '0.875rem', backgroundColor: '#fff' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  '.cm-gutters': { backgroundColor: '#f8fafc', color: '#475569', borderRight: '1px solid #e2e8f0' },
  '&.cm-focused': { outline: 'none' },
});

/**
 * CodeMirror 6 with markdown highlighting: loaded only when someone edits markdown (a runbook, a post-mortem section). It lives in
 * a shadow root because the app's Content-Security-Policy (style-src 'self') refuses the <style>
 * elements CodeMirror would add to the page; in a shadow root its styles are constructed
 * stylesheets, which the policy allows.
 */
export default function MarkdownEditor({ value, onChange, label, description, invalid = false, goTo, takeOver, minHeight = '24rem', tabIndents = true }: MarkdownEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const [mount, setMount] = useState<{ root: ShadowRoot; container: HTMLDivElement }>();
  useLayoutEffect(() => {
    const element = host.current;
    if (!element) return;
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const container = document.createElement('div');
    root.replaceChildren(container);
    setMount({ root, container });
  }, []);
  const extensions = useMemo(
    () => [
      markdown(),
      THEME,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': description ? `${label}: ${description}` : label, 'aria-multiline': 'true', 'aria-invalid': String(invalid) }),
    ],
    [label, description, invalid],
  );
  const { view, setContainer } = useCodeMirror({ container: mount?.container ?? null, root: mount?.root, value, onChange, extensions, minHeight, maxHeight: '70vh', basicSetup: BASIC_SETUP, indentWithTab: tabIndents });
  useEffect(() => {
    if (mount) setContainer(mount.container);
  }, [mount, setContainer]);

  const tookOver = useRef(false);
  useEffect(() => {
    if (!view || tookOver.current) return;
    tookOver.current = true;
    // Only when nothing else has the focus now: the person was typing in the stand-in.
    if (!takeOver?.current.focused || (document.activeElement && document.activeElement !== document.body)) return;
    view.dispatch({ selection: { anchor: Math.min(takeOver.current.caret, view.state.doc.length) } });
    view.focus();
  }, [view, takeOver]);

  useEffect(() => {
    if (!goTo || !view) return;
    const line = view.state.doc.line(Math.min(Math.max(1, goTo.line), view.state.doc.lines));
    view.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
    view.focus();
  }, [goTo, view]);

  return (
    <div className={`overflow-hidden rounded-md border bg-white text-sm focus-within:ring-2 focus-within:ring-blue-600 ${invalid ? 'border-red-600' : 'border-slate-300'}`}>
      <div ref={host} data-testid="markdown-editor" />
    </div>
  );
}
