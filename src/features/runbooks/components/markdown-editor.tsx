import { markdown } from '@codemirror/lang-markdown';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import type { ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef } from 'react';

export type MarkdownEditorProps = {
  value: string;
  onChange: (value: string) => void;
  /** The id of the visible label, and of the error or hint to read with it. */
  labelledBy: string;
  describedBy?: string | undefined;
  invalid?: boolean;
  /** Moves the cursor to this 1-based line when `goTo.at` changes (a lint finding was picked). */
  goTo?: { line: number; at: number } | undefined;
};

const BASIC_SETUP = { foldGutter: false, highlightActiveLine: false };

/** CodeMirror 6 with markdown highlighting: loaded only when someone edits a runbook. */
export default function MarkdownEditor({ value, onChange, labelledBy, describedBy, invalid = false, goTo }: MarkdownEditorProps) {
  const editor = useRef<ReactCodeMirrorRef>(null);
  const extensions = useMemo(
    () => [
      markdown(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        'aria-labelledby': labelledBy,
        'aria-multiline': 'true',
        'aria-invalid': String(invalid),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      }),
    ],
    [labelledBy, describedBy, invalid],
  );

  useEffect(() => {
    const view = editor.current?.view;
    if (!goTo || !view) return;
    const line = view.state.doc.line(Math.min(Math.max(1, goTo.line), view.state.doc.lines));
    view.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
    view.focus();
  }, [goTo]);

  return (
    <div className={`overflow-hidden rounded-md border bg-white text-sm focus-within:ring-2 focus-within:ring-blue-600 ${invalid ? 'border-red-600' : 'border-slate-300'}`}>
      <CodeMirror ref={editor} value={value} onChange={onChange} extensions={extensions} minHeight="24rem" maxHeight="70vh" basicSetup={BASIC_SETUP} />
    </div>
  );
}
