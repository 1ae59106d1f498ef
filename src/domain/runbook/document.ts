import type { Definition, ListItem, Nodes, Root } from 'mdast';
import { lineOf, parseMarkdown, plainText, sourceLines, squash, textWithLines, walk } from './markdown-tree';
import type { CodeBlock, EscalationCriterion, RunbookLink, RunbookOutline, RunbookSection, RunbookStep } from './model';

/** The id of the step whose list item starts on `line` (1-based); the viewer and the server agree through this. */
export function stepIdForLine(line: number): string {
  return `step-${line}`;
}

/** The id of the section whose heading is on `line` (1-based). */
export function sectionIdForLine(line: number): string {
  return `section-${line}`;
}

/** The id of the escalation criterion on `line` (1-based). */
export function criterionIdForLine(line: number): string {
  return `criterion-${line}`;
}

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const UNIT = String.raw`(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)`;
const QUALIFIER = String.raw`(?:<=?|≤|~|≈|under|within|at most|max(?:imum)?\.?|up to|about|approx(?:imately)?\.?|no more than|less than)?`;
const AMOUNT = String.raw`${QUALIFIER}\s*(?:${NUMBER}\s*(?:-|–|to)\s*)?${NUMBER}\s*${UNIT}\.?(?:\s*max(?:imum)?)?`;
const TIME_BOX_IN_BRACKETS = new RegExp(String.raw`\s*[([]\s*${AMOUNT}\s*[)\]]\s*:?\s*$`, 'i');
const TIME_BOX_AFTER_DASH = new RegExp(String.raw`(?:\s*[—–:]|\s+-)\s*${AMOUNT}\s*$`, 'i');
const DURATION = new RegExp(String.raw`(?<![\w.])${NUMBER}\s*${UNIT}(?![a-z])`, 'i');

/** Whole minutes of an amount of time, rounded up: a 90-second box is a 2-minute countdown. */
function toMinutes(amount: string, unit: string): number {
  const value = Number(amount.replace(',', '.'));
  const u = unit.toLowerCase();
  const minutes = u.startsWith('h') ? value * 60 : u.startsWith('s') ? value / 60 : value;
  return Math.ceil(minutes);
}

/**
 * Splits a heading into its title and time box: "Diagnosis (< 2 minutes)", "Quick fix (5 min)",
 * "Diagnosis — 5 min", "(under 2 minutes)", "(1 hour)" = 60, "(90 s)" = 2 (seconds round up), a
 * range "(2–5 min)" takes its upper end. A box of zero minutes is not a time box.
 */
export function splitTimeBox(heading: string): { title: string; minutes: number | null } {
  for (const pattern of [TIME_BOX_IN_BRACKETS, TIME_BOX_AFTER_DASH]) {
    const match = pattern.exec(heading);
    if (match === null) continue;
    const minutes = toMinutes(match[2]!, match[3]!);
    const title = heading.slice(0, match.index).trim();
    if (minutes > 0 && title.length > 0) return { title, minutes };
  }
  return { title: heading.trim().replace(/:$/, '').trim(), minutes: null };
}

const ESCALATE = /\bescalat(?:e|ing)\b/i;
const CONDITION = /\b(?:if|when|unless|after|still|once|not|until|within|beyond|longer than|more than)\b|→|->|=>/i;
const TARGET = /\bescalat(?:e|ing)\s+(?:this\s+|it\s+|the incident\s+)?to\s+(?:the\s+)?(.+?)(?=\s*(?:$|[.,;:!?()]|\s+(?:if|when|unless|after|within|before|and|or|by|via|with|at|to|so|for|in|who|which|that|because|immediately|now)\b|\s+(?:—|–|-|→|->)))/i;
const NEXT_LEVEL = /^(?:next|following|second|higher)\b/i;

/**
 * Reads an escalation criterion from one sentence: it must say to escalate and when (a condition or
 * a number of minutes) — "If not recovered in 2 minutes, escalate to the database team", "Escalate
 * to the payments team if the provider's status page shows an outage", "Still failing after
 * 10 min → escalate". "Escalate to the next level" has no named target.
 */
export function readCriterion(sentence: string): { afterMinutes: number | null; target: string | null } | null {
  if (!ESCALATE.test(sentence)) return null;
  const duration = DURATION.exec(sentence);
  if (!CONDITION.test(sentence) && duration === null) return null;
  const afterMinutes = duration === null ? null : toMinutes(duration[1]!, duration[2]!);
  const named = TARGET.exec(sentence)?.[1]?.trim() ?? null;
  const target = named === null || named.length === 0 || NEXT_LEVEL.test(named) ? null : named.slice(0, 100);
  return { afterMinutes: afterMinutes === 0 ? null : afterMinutes, target };
}

/** Sentences of a block's text with the line each begins on. */
function sentences(node: Nodes): Array<{ text: string; line: number }> {
  const { text, lines } = textWithLines(node);
  const out: Array<{ text: string; line: number }> = [];
  const boundary = /[.!?](?=\s)|\n\s*\n/g;
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const sentence = squash(raw);
    if (sentence.length > 0) out.push({ text: sentence, line: lines[start + lead] ?? lineOf(node) });
  };
  for (let match = boundary.exec(text); match !== null; match = boundary.exec(text)) {
    push(match.index + match[0].length);
    start = match.index + match[0].length;
  }
  push(text.length);
  return out;
}

/** The words of a step: its own paragraphs, not its nested lists or code. */
function stepText(item: ListItem): string {
  return squash(
    item.children
      .filter((child) => child.type === 'paragraph' || child.type === 'heading')
      .map((child) => plainText(child))
      .join(' '),
  );
}

function countWords(markdown: string): number {
  let words = 0;
  for (const token of markdown.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(token) && !/^(?:```|~~~)/.test(token)) words += 1;
  return words;
}

/** The outline of an already-parsed runbook (the lint parses once and reads both). */
export function outlineOfTree(root: Root, markdown: string): RunbookOutline {
  const sections: Array<Omit<RunbookSection, 'stepIds'> & { stepIds: string[] }> = [];
  const steps: RunbookStep[] = [];
  const criteria: EscalationCriterion[] = [];
  const codeBlocks: CodeBlock[] = [];
  const links: RunbookLink[] = [];
  const definitions = new Map<string, Definition>();
  walk(root, (node) => {
    if (node.type === 'definition' && !definitions.has(node.identifier)) definitions.set(node.identifier, node);
  });

  const stepLines = new Set<number>();
  const criterionLines = new Set<number>();
  let current: (typeof sections)[number] | null = null;

  walk(root, (node, parent) => {
    switch (node.type) {
      case 'heading': {
        const heading = squash(plainText(node));
        const { title, minutes } = splitTimeBox(heading);
        current = { id: sectionIdForLine(lineOf(node)), line: lineOf(node), depth: node.depth, title, heading, timeBoxMinutes: minutes, stepIds: [] };
        sections.push(current);
        return;
      }
      case 'listItem': {
        const line = lineOf(node);
        const kind = typeof node.checked === 'boolean' ? 'task' : parent?.type === 'list' && parent.ordered === true ? 'numbered' : null;
        if (kind === null || stepLines.has(line)) return;
        const text = stepText(node);
        // Ids are per line: an item whose only content is a list on the same line (`1. 1. x`) leaves the line to that inner step.
        const first = node.children[0];
        if (text.length === 0 && first?.type === 'list' && lineOf(first) === line) return;
        stepLines.add(line);
        const id = stepIdForLine(line);
        steps.push({ id, line, text, sectionId: current?.id ?? null, kind });
        current?.stepIds.push(id);
        return;
      }
      case 'paragraph':
      case 'tableCell': {
        for (const sentence of sentences(node)) {
          const read = readCriterion(sentence.text);
          if (read === null || criterionLines.has(sentence.line)) continue;
          criterionLines.add(sentence.line);
          criteria.push({ id: criterionIdForLine(sentence.line), line: sentence.line, text: sentence.text, ...read, sectionId: current?.id ?? null });
        }
        return;
      }
      case 'code':
        codeBlocks.push({ line: lineOf(node), lang: node.lang ?? null, text: node.value });
        return;
      case 'link':
        links.push({ line: lineOf(node), url: node.url, text: squash(plainText(node)) });
        return;
      case 'linkReference': {
        const definition = definitions.get(node.identifier);
        if (definition !== undefined) links.push({ line: lineOf(node), url: definition.url, text: squash(plainText(node)) });
        return;
      }
      default:
        return;
    }
  });

  return {
    sections,
    steps,
    criteria,
    codeBlocks,
    links,
    lines: sourceLines(markdown).filter((line) => line.trim().length > 0).length,
    words: countWords(markdown),
  };
}

/**
 * Reads a runbook's structure from its markdown (GFM), as react-markdown with remark-gfm parses it.
 *
 * - Sections are the headings, each with the steps up to the next heading of any depth.
 * - Steps are task-list items (`- [ ]`, `- [x]`) and items of numbered lists, nested ones too;
 *   plain bullets are not steps. A step's text is its own paragraphs as plain text.
 * - Criteria are sentences (in paragraphs, list items and table cells) that say to escalate and
 *   when; one per line.
 * - `lines` counts the non-blank lines of the source; `words` its whitespace-separated tokens that
 *   hold a letter or digit — prose, headings and code alike, since all of it is read at 2 AM, while
 *   list markers, `#`, `|` and fences (with their language) are not words.
 */
export function analyseRunbook(markdown: string): RunbookOutline {
  return outlineOfTree(parseMarkdown(markdown), markdown);
}
