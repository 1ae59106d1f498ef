import { useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { PostmortemSectionDto, StaleSectionDetails } from '../../../contracts/postmortems';
import { checkBlameless } from '../../../domain/postmortem/blameless';
import { POSTMORTEM_LIMITS } from '../../../domain/postmortem/model';
import { ApiRequestError, errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { inputClass } from '../../../shared/components/field';
import { LazyMarkdown } from '../../../shared/components/lazy-markdown';
import { MergeView } from '../../../shared/components/merge-view';
import { saveSection, staleSection, storeSection } from '../api/save-postmortem';
import { mergedDraft } from '../model/labels';
import { BlamelessHints } from './blameless-hints';

// CodeMirror loads with the first post-mortem opened for editing; a plain box stands in meanwhile.
const MarkdownEditor = lazy(() => import('../../../shared/components/markdown-editor'));

/** Typing pauses this long before the section saves by itself (leaving the section saves at once). */
export const AUTOSAVE_DELAY_MS = 1_000;

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: number } | { kind: 'error'; message: string } | { kind: 'conflict' };

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function statusText(state: SaveState, dirty: boolean): string {
  switch (state.kind) {
    case 'saving':
      return 'Saving…';
    case 'saved':
      return dirty ? `Saved at ${clock.format(state.at)}; newer changes not saved yet` : `Saved at ${clock.format(state.at)}`;
    case 'error':
      return 'Not saved';
    case 'conflict':
      return 'Not saved: someone else saved this section first';
    default:
      return dirty ? 'Not saved yet' : '';
  }
}

/** What a failed save says next to the section, in a person's words. */
function problemOf(error: unknown, title: string, length: number): string {
  if (error instanceof ApiRequestError && error.status === 413)
    return `${title} is too long to save: at most ${POSTMORTEM_LIMITS.sectionChars.toLocaleString('en')} characters (this has ${length.toLocaleString('en')}). Shorten it; your text stays here.`;
  if (error instanceof ApiRequestError && error.fields.length > 0) return `${title}: ${error.fields.map((f) => `${f.field} ${f.problem}`).join('; ')}`;
  return errorMessage(error);
}

export type SectionEditorProps = {
  postmortemId: string;
  section: PostmortemSectionDto;
  /** Whether this person may write now (responder and up, and not published). */
  editable: boolean;
  /** Names of the people who could be named in the text: the blameless check flags them as a cause. */
  people: readonly string[];
  /** Others who are in this section now ("Bob is editing Root cause"). */
  othersHere: readonly string[];
  onFocusSection: () => void;
  /** Timeline only: the "Refresh from incident" panel, which appends through `append`. */
  extra?: (append: (lines: string[], throughSeq: number) => void) => ReactNode;
};

/**
 * One section of the post-mortem: its markdown with a live preview, saving by itself shortly
 * after typing stops and when the person leaves it. A save names the version it is based on; when
 * someone saved first, both texts are shown and nothing is lost until the person chooses. A newer
 * version arriving from elsewhere replaces the text only when nothing here is unsaved.
 */
export function SectionEditor({ postmortemId, section, editable, people, othersHere, onFocusSection, extra }: SectionEditorProps) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const errorId = useId();
  const [draft, setDraftState] = useState(section.body);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const [conflict, setConflict] = useState<StaleSectionDetails | null>(null);
  const [merging, setMerging] = useState<string | null>(null);
  const draftRef = useRef(section.body);
  const baseRef = useRef(section.version);
  const savedRef = useRef(section.body);
  const inFlight = useRef(false);
  const conflictRef = useRef(false);
  const pendingSeq = useRef<number | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const standIn = useRef({ focused: false, caret: 0 });
  const deferred = useDeferredValue(draft);
  const findings = useMemo(() => checkBlameless(deferred, { people }), [deferred, people]);
  const dirty = draft !== savedRef.current;

  const setDraft = useCallback((next: string) => {
    draftRef.current = next;
    setDraftState(next);
  }, []);

  const save = useCallback(
    (version?: number) => {
      clearTimeout(timer.current);
      if (inFlight.current || conflictRef.current) return;
      const text = draftRef.current;
      const throughSeq = pendingSeq.current;
      if (text === savedRef.current && throughSeq === undefined && version === undefined) return;
      inFlight.current = true;
      setState({ kind: 'saving' });
      const based = version ?? baseRef.current;
      saveSection({ id: postmortemId, key: section.key, body: { body: text, version: based, ...(throughSeq === undefined ? {} : { timelineThroughSeq: throughSeq }) } })
        .then((stored) => {
          inFlight.current = false;
          baseRef.current = stored.version;
          savedRef.current = text;
          if (pendingSeq.current === throughSeq) pendingSeq.current = undefined;
          storeSection(queryClient, postmortemId, stored, throughSeq);
          setState({ kind: 'saved', at: Date.now() });
          // Typed while the save was on its way: that text goes next.
          if (draftRef.current !== text) timer.current = setTimeout(() => save(), AUTOSAVE_DELAY_MS);
        })
        .catch((error: unknown) => {
          inFlight.current = false;
          const stale = staleSection(error);
          if (stale) {
            conflictRef.current = true;
            setConflict(stale);
            setState({ kind: 'conflict' });
            return;
          }
          setState({ kind: 'error', message: problemOf(error, section.title, text.length) });
        });
    },
    [postmortemId, section.key, section.title, queryClient],
  );

  const onChange = useCallback(
    (next: string) => {
      setDraft(next);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => save(), AUTOSAVE_DELAY_MS);
    },
    [save, setDraft],
  );

  useEffect(() => () => clearTimeout(timer.current), []);

  // A newer version saved elsewhere (a live event refetched it): taken in only when nothing here is unsaved.
  const incoming = section.version;
  const incomingBody = section.body;
  useEffect(() => {
    if (incoming <= baseRef.current || inFlight.current || conflictRef.current) return;
    if (draftRef.current !== savedRef.current) return;
    baseRef.current = incoming;
    savedRef.current = incomingBody;
    setDraft(incomingBody);
  }, [incoming, incomingBody, setDraft]);

  const resolve = (text: string, version: number, saveNow: boolean) => {
    conflictRef.current = false;
    setConflict(null);
    setMerging(null);
    baseRef.current = version;
    setDraft(text);
    if (saveNow) save(version);
    else {
      savedRef.current = text;
      setState({ kind: 'idle' });
    }
  };

  const append = useCallback(
    (lines: string[], throughSeq: number) => {
      const current = draftRef.current.replace(/\s+$/, '');
      setDraft(`${current}${current ? '\n' : ''}${lines.join('\n')}\n`);
      pendingSeq.current = throughSeq;
      save();
    },
    [save, setDraft],
  );

  const error = state.kind === 'error' ? state.message : undefined;
  const label = section.title;

  return (
    <section aria-labelledby={headingId} className="min-w-0 space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" onFocus={onFocusSection}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold text-slate-900">
          {section.title}
        </h2>
        <div className="flex flex-wrap items-baseline gap-3 text-xs text-slate-700">
          {othersHere.map((name) => (
            <span key={name} className="rounded-full bg-violet-50 px-2 py-0.5 font-medium text-violet-900">
              {name} is editing {section.title}
            </span>
          ))}
          {editable ? (
            <p role="status" aria-live="polite" className={state.kind === 'error' || state.kind === 'conflict' ? 'font-medium text-red-800' : ''}>
              {statusText(state, dirty)}
            </p>
          ) : null}
        </div>
      </div>

      {conflict ? (
        <MergeView
          headingLevel={3}
          theirs={conflict.current}
          yours={draft}
          intro={`${section.title}: your text is kept below beside theirs. Choose one, or edit the two together; what you choose is saved on top of version ${conflict.current.version}.`}
          actions={
            <>
              <Button variant="primary" onClick={() => resolve(draftRef.current, conflict.current.version, true)}>
                Keep mine
              </Button>
              <Button onClick={() => resolve(conflict.current.body, conflict.current.version, false)}>Keep theirs</Button>
              <Button onClick={() => setMerging(mergedDraft(conflict.current.body, draftRef.current))}>Edit merged</Button>
            </>
          }
        />
      ) : null}
      {conflict && merging !== null ? (
        <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3">
          <label className="block text-sm font-medium text-amber-950">
            Merged text for {section.title}
            <textarea className={`${inputClass} mt-1 min-h-48 font-mono`} value={merging} onChange={(e) => setMerging(e.target.value)} />
          </label>
          <Button variant="primary" onClick={() => resolve(merging, conflict.current.version, true)}>
            Save merged
          </Button>
        </div>
      ) : null}

      {editable ? (
        <div className="grid items-start gap-3 lg:grid-cols-2">
          <div className="min-w-0 space-y-2" onBlur={() => save()}>
            <Suspense
              fallback={
                <textarea
                  aria-label={label}
                  aria-describedby={error ? errorId : undefined}
                  aria-invalid={Boolean(error)}
                  className={`${inputClass} min-h-48 font-mono`}
                  value={draft}
                  onChange={(e) => onChange(e.target.value)}
                  onFocus={(e) => (standIn.current = { focused: true, caret: e.currentTarget.selectionStart })}
                  onSelect={(e) => (standIn.current = { focused: true, caret: e.currentTarget.selectionStart })}
                  onBlur={(e) => {
                    if (e.relatedTarget) standIn.current = { focused: false, caret: 0 };
                  }}
                />
              }
            >
              <MarkdownEditor value={draft} onChange={onChange} label={label} description={error} invalid={Boolean(error)} takeOver={standIn} minHeight="12rem" tabIndents={false} />
            </Suspense>
            {error ? (
              <p id={errorId} className="text-sm text-red-700">
                {error}
              </p>
            ) : null}
            <BlamelessHints findings={findings} title={section.title} />
            {extra ? extra(append) : null}
          </div>
          <div className="min-w-0 rounded-md border border-slate-100 bg-slate-50 p-3">
            <p className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">Preview</p>
            <LazyMarkdown body={deferred} label={`Preview of ${section.title}`} />
          </div>
        </div>
      ) : (
        <>
          {dirty ? (
            // Published (or the right to edit lost) while this person had text not saved yet: it stays on screen to copy.
            <div role="alert" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
              <p className="font-medium">Not saved: this post-mortem became read-only while you were writing. Your text is below; copy it before you leave.</p>
              <textarea readOnly aria-label={`Your unsaved text for ${section.title}`} value={draft} rows={6} className={`${inputClass} font-mono`} />
            </div>
          ) : null}
          <LazyMarkdown body={section.body} label={`Text of ${section.title}`} />
        </>
      )}
    </section>
  );
}
