/**
 * The runbook's vocabulary, shared by the server, the browser and the msw handlers. A runbook is
 * one page of markdown; its structure (sections, steps, time boxes, escalation criteria) is read
 * from the text by `analyseRunbook`, never stored separately, so the text is the only truth.
 */

/** Hard limits: beyond them the server answers 413 (body) or 400 (the rest). */
export const RUNBOOK_LIMITS = {
  /**
   * Characters of markdown: about five pages, so a runbook far over the one-page budget can still
   * be saved and shown its lint. The markdown parser's time grows faster than the text (about a
   * second for 20,000 characters of nested lists on a busy 2-core machine), and every save parses.
   */
  bodyChars: 20_000,
  titleChars: 200,
  services: 50,
  selectors: 20,
  selectorChars: 500,
  reviewIntervalDays: { min: 1, max: 730, default: 90 },
} as const;

/** The one-page budget the lint holds a runbook to (body lines that are not blank, and words). */
export const RUNBOOK_BUDGET = { lines: 60, words: 400 } as const;

/** Sections the guide asks every runbook to have, in its order. */
export const REQUIRED_SECTIONS = ['Symptoms', 'Diagnosis', 'Quick fix', 'Escalation', 'Verification', 'Post-incident'] as const;
export type RequiredSection = (typeof REQUIRED_SECTIONS)[number];

/** One matcher of an Alertmanager label selector: `name op "value"`. Regex operators are fully anchored. */
export type LabelMatcher = { name: string; op: '=' | '!=' | '=~' | '!~'; value: string };
/** Every matcher must hold (Alertmanager's `{a="x", b=~"y|z"}`); braces are optional when written. */
export type Selector = readonly LabelMatcher[];

export type SelectorParse =
  | { ok: true; selector: Selector }
  /** `position` is the 0-based character offset of the problem in the text. */
  | { ok: false; position: number; message: string };

/** A checkbox of the runbook: a task-list item (`- [ ]`) or an item of a numbered list. */
export type RunbookStep = {
  /** Stable for one version of the text: derived from the item's first line (see `stepIdForLine`). */
  id: string;
  /** 1-based line of the item's first line in the markdown. */
  line: number;
  /** The item's text as plain text (markdown marks removed), for the timeline. */
  text: string;
  sectionId: string | null;
  kind: 'task' | 'numbered';
};

export type RunbookSection = {
  id: string;
  line: number;
  /** 1–6, the heading's level. */
  depth: number;
  /** The heading's text without its time box, e.g. "Diagnosis" from "Diagnosis (< 2 minutes)". */
  title: string;
  /** The heading as written. */
  heading: string;
  /** Minutes from a time box in the heading ("(< 2 minutes)", "(5 min)"), else null. */
  timeBoxMinutes: number | null;
  /** Steps under this heading (and not under a deeper heading), in order. */
  stepIds: readonly string[];
};

/** "If not recovered in 2 minutes, escalate to the database team": a one-click escalation. */
export type EscalationCriterion = {
  id: string;
  line: number;
  /** The sentence as plain text. */
  text: string;
  /** The condition's minutes when it names them. */
  afterMinutes: number | null;
  /** Who to escalate to as written ("database team"), or null for "escalate" alone (the next level). */
  target: string | null;
  sectionId: string | null;
};

export type CodeBlock = { line: number; lang: string | null; text: string };
export type RunbookLink = { line: number; url: string; text: string };

export type RunbookOutline = {
  sections: readonly RunbookSection[];
  steps: readonly RunbookStep[];
  criteria: readonly EscalationCriterion[];
  codeBlocks: readonly CodeBlock[];
  links: readonly RunbookLink[];
  /** Lines of the body that are not blank. */
  lines: number;
  words: number;
};

export const RUNBOOK_LINT_CODES = ['too-long', 'missing-section', 'no-time-box', 'command-outside-code', 'placeholder-link', 'escalation-without-criterion'] as const;
export type RunbookLintCode = (typeof RUNBOOK_LINT_CODES)[number];

export type RunbookFinding = {
  code: RunbookLintCode;
  /** 1-based line the finding is about, or null when it is about the whole runbook (a missing section). */
  line: number | null;
  message: string;
  /** How to fix it, as an instruction. */
  fix: string;
};

export type RunbookLint = {
  findings: readonly RunbookFinding[];
  /** 100 with no findings, lower with each; never below 0. */
  score: number;
};

/** How far a run has got: overall, and in the section being worked on ("Quick fix 2/4"). */
export type RunProgress = {
  done: number;
  total: number;
  /** The first section (in document order) with steps that are not all ticked; null when all are done or there are none. */
  section: { id: string; title: string; done: number; total: number } | null;
};

/** What the incident knows for choosing runbooks: its service and its alerts' labels and summaries. */
export type IncidentFacts = {
  serviceId: string;
  alerts: ReadonlyArray<{ labels: Readonly<Record<string, string>>; summary: string }>;
};

export type RunbookCandidate = { id: string; serviceIds: readonly string[]; selectors: readonly string[] };

export type RunbookMatch = {
  id: string;
  /** Higher is better; equal scores keep the candidates' order. */
  score: number;
  /** The incident's service is one of the runbook's, and/or one of its selectors matched an alert. */
  reasons: ReadonlyArray<'service' | 'alert'>;
  /** The selector (as written) that matched, when one did. */
  selector: string | null;
};

/** One line of a diff between two versions. */
export type DiffLine = { type: 'same' | 'added' | 'removed'; text: string; oldLine: number | null; newLine: number | null };
