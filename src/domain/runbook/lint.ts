import type { Nodes } from 'mdast';
import { outlineOfTree } from './document';
import { isParent, lineOf, parseMarkdown, sourceLines, walk } from './markdown-tree';
import { REQUIRED_SECTIONS, RUNBOOK_BUDGET } from './model';
import type { RequiredSection, RunbookFinding, RunbookLint, RunbookLintCode, RunbookOutline, RunbookSection } from './model';

/** What each finding costs the score (100 with none, never below 0): a page too long or a missing section hurts most. */
export const LINT_WEIGHTS: Readonly<Record<RunbookLintCode, number>> = {
  'too-long': 20,
  'missing-section': 10,
  'no-time-box': 10,
  'escalation-without-criterion': 10,
  'command-outside-code': 5,
  'placeholder-link': 5,
};

/*
 * Headings are matched tolerantly: case, punctuation and numbering ("2. Diagnosis") are ignored,
 * a heading may name several sections ("Diagnosis and quick fix", "Quick fix / mitigation"), and
 * a part counts when it is, or starts with, one of these names ("Symptoms of exhaustion").
 */
const SECTION_NAMES: Readonly<Record<RequiredSection, readonly string[]>> = {
  Symptoms: ['symptoms', 'symptom', 'signs', 'what you see', 'how it shows', 'impact'],
  Diagnosis: ['diagnosis', 'diagnose', 'diagnostics', 'investigation', 'investigate', 'triage'],
  'Quick fix': ['quick fix', 'quick fixes', 'fix', 'fixes', 'mitigation', 'mitigate', 'remediation', 'workaround', 'immediate action', 'immediate actions'],
  Escalation: ['escalation', 'escalations', 'escalate', 'when to escalate', 'who to escalate to'],
  Verification: ['verification', 'verify', 'verifying', 'validation', 'validate', 'confirm recovery', 'check recovery', 'how to verify', 'recovery check'],
  'Post-incident': ['post incident', 'postincident', 'after the incident', 'after incident', 'afterwards', 'follow up', 'follow ups', 'followup', 'post mortem', 'postmortem', 'aftercare', 'clean up', 'cleanup'],
};

const FIX_FOR_SECTION: Readonly<Record<RequiredSection, string>> = {
  Symptoms: 'Add a "## Symptoms" section: the alerts and what users see when this breaks.',
  Diagnosis: 'Add a "## Diagnosis (< 2 minutes)" section with the checks that confirm the cause.',
  'Quick fix': 'Add a "## Quick fix (5 minutes)" section with the steps that restore service.',
  Escalation: 'Add a "## Escalation" section that says when and to whom, e.g. "If not recovered in 10 minutes, escalate to the database team."',
  Verification: 'Add a "## Verification" section: how to tell the service is healthy again.',
  'Post-incident': 'Add a "## Post-incident" section: the follow-ups once the fire is out.',
};

function headingParts(title: string): string[] {
  return title
    .toLowerCase()
    .split(/\s*(?:\/|&|\+|,|;|:|\||—|–|\band\b|\bor\b)\s*/)
    .map((part) =>
      part
        .replace(/^(?:step\s+)?\d+[.)]?\s*/, '')
        .replace(/[-_]/g, ' ')
        .replace(/[^\p{L}\p{N} ]/gu, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((part) => part.length > 0);
}

/** The required sections a heading's title stands for (usually one, sometimes none or two). */
export function requiredSectionsOf(title: string): RequiredSection[] {
  const parts = headingParts(title);
  return REQUIRED_SECTIONS.filter((section) => SECTION_NAMES[section].some((name) => parts.some((part) => part === name || part.startsWith(`${name} `))));
}

/** A section and the deeper headings under it, up to the next heading of the same or a higher level. */
function sectionFamily(sections: readonly RunbookSection[], index: number): Set<string> {
  const head = sections[index]!;
  const ids = new Set([head.id]);
  for (let i = index + 1; i < sections.length && sections[i]!.depth > head.depth; i += 1) ids.add(sections[i]!.id);
  return ids;
}

/** The 1-based line of the first non-blank line beyond the budget, or of the word beyond it. */
function firstLineBeyond(markdown: string, outline: RunbookOutline): { line: number; reason: string } | null {
  const lines = sourceLines(markdown);
  const overLines = outline.lines > RUNBOOK_BUDGET.lines;
  const overWords = outline.words > RUNBOOK_BUDGET.words;
  if (!overLines && !overWords) return null;
  let nonBlank = 0;
  let words = 0;
  let lineBeyond: number | null = null;
  let wordBeyond: number | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const text = lines[i]!;
    if (text.trim().length > 0) nonBlank += 1;
    if (lineBeyond === null && nonBlank > RUNBOOK_BUDGET.lines) lineBeyond = i + 1;
    for (const token of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(token) && !/^(?:```|~~~)/.test(token)) words += 1;
    if (wordBeyond === null && words > RUNBOOK_BUDGET.words) wordBeyond = i + 1;
  }
  const counts = [overLines ? `${outline.lines} lines` : null, overWords ? `${outline.words} words` : null].filter((c) => c !== null).join(' and ');
  const line = Math.min(lineBeyond ?? Infinity, wordBeyond ?? Infinity);
  return { line: Number.isFinite(line) ? line : 1, reason: counts };
}

const COMMAND_START = /^(?:\$ |sudo |kubectl |docker |docker-compose |podman |systemctl |journalctl |service \S+ (?:start|stop|restart|reload|status)\b|psql |mysql |pg_ctl |pg_dump |pg_restore |curl |wget |ssh |scp |aws |gcloud |az |helm |redis-cli |terraform |ansible |df -|du -|rm -|tail -|grep -|find \/|ls -|kill -|pkill |killall |iptables |crontab )/;
const COMMAND_AFTER_VERB = /\b(?:run|execute|type|enter)\s*:?\s+((?:sudo|kubectl|docker|systemctl|journalctl|psql|mysql|curl|wget|ssh|aws|gcloud|az|helm|redis-cli|terraform)\s+\S+)/i;

type ProseLine = { line: number; text: string };

/**
 * The prose a reader sees as lines, with code left out: inline code and code blocks are not text
 * nodes, and link texts are names, not commands.
 */
function proseLines(root: ReturnType<typeof parseMarkdown>): ProseLine[] {
  const out: ProseLine[] = [];
  walk(root, (node) => {
    if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return;
    let atLineStart = true;
    let pending: ProseLine | null = null;
    const flush = () => {
      if (pending !== null && pending.text.trim().length > 0) out.push({ line: pending.line, text: pending.text.trimStart() });
      pending = null;
    };
    const visit = (inline: Nodes) => {
      if (inline.type === 'text') {
        const pieces = inline.value.split('\n');
        pieces.forEach((piece, i) => {
          if (i > 0) {
            flush();
            atLineStart = true;
          }
          if (atLineStart) pending = { line: lineOf(inline) + i, text: '' };
          if (pending !== null) pending.text += piece;
          atLineStart = false;
        });
      } else if (inline.type === 'break') {
        flush();
        atLineStart = true;
      } else if (inline.type === 'link' || inline.type === 'linkReference' || inline.type === 'inlineCode' || inline.type === 'html' || !isParent(inline)) {
        // Whatever follows on this line is no longer at its start.
        if (pending !== null) pending.text += '\u0000';
        atLineStart = false;
      } else {
        for (const child of inline.children) visit(child as Nodes);
      }
    };
    for (const child of node.children) visit(child as Nodes);
    flush();
    return 'skip';
  });
  return out;
}

function commandIn(text: string): string | null {
  if (COMMAND_START.test(text)) return text.split('\u0000')[0]!.trim();
  const afterVerb = COMMAND_AFTER_VERB.exec(text.split('\u0000')[0]!);
  return afterVerb === null ? null : text.slice(afterVerb.index + afterVerb[0].length - afterVerb[1]!.length).split('\u0000')[0]!.trim();
}

const PLACEHOLDER_URL = /^(?:#?|https?:\/\/(?:\.\.\.|…|\.\.|x+|todo|tbd|link|url)?\/?|link|url|todo|tbd|fixme|placeholder|insert[ -]?link(?: here)?|<[^>]*>)$/i;
const EXAMPLE_HOST = /^(?:[a-z][a-z0-9+.-]*:)?\/\/(?:[^/@]*@)?(?:[^/:?#]+\.)?example\.(?:com|org|net)(?=[:/?#]|$)/i;
const PLACEHOLDER_MARK = /\b(?:TODO|TBD|FIXME|XXX)\b|\.\.\.|…/;
const PLACEHOLDER_HTML = /^<\s*(?:link|url|insert[^>]*|add[^>]*|todo[^>]*)\s*>$/i;
const PLACEHOLDER_IN_TEXT = /https?:\/\/(?:\.\.\.|…)/;

function isPlaceholder(url: string): boolean {
  const trimmed = url.trim();
  return PLACEHOLDER_URL.test(trimmed) || EXAMPLE_HOST.test(trimmed) || PLACEHOLDER_MARK.test(trimmed);
}

const shorten = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Checks a runbook against the guide's practices (see RUNBOOK_BUDGET and REQUIRED_SECTIONS). Advice only.
 *
 * - `too-long`: more non-blank lines or words than one page holds; one finding, at the first line beyond.
 * - `missing-section`: one per required section no heading stands for (see `requiredSectionsOf`).
 * - `no-time-box`: a Diagnosis or Quick fix section whose heading has no time box.
 * - `command-outside-code`: a prose line that starts with a shell command (`$ `, `sudo `,
 *   `kubectl `, `docker `, `psql `, `curl `, …) or names one after "run"/"execute".
 * - `placeholder-link`: a link to nowhere (`https://...`, `#`, an empty address, `TODO`,
 *   example.com, `<link>`), and raw `<link>` or a bare `https://...` in the prose.
 * - `escalation-without-criterion`: an Escalation section (with its subsections) that never says
 *   when to escalate.
 */
export function lintRunbook(markdown: string): RunbookLint {
  const root = parseMarkdown(markdown);
  const outline = outlineOfTree(root, markdown);
  const findings: RunbookFinding[] = [];

  const beyond = firstLineBeyond(markdown, outline);
  if (beyond !== null) {
    findings.push({
      code: 'too-long',
      line: beyond.line,
      message: `Longer than one page: ${beyond.reason}; the budget is ${RUNBOOK_BUDGET.lines} non-blank lines and ${RUNBOOK_BUDGET.words} words.`,
      fix: 'Cut it to one page: keep the steps for this failure, move background and rare cases to linked pages.',
    });
  }

  const standsFor = outline.sections.map((section) => requiredSectionsOf(section.title));
  for (const required of REQUIRED_SECTIONS) {
    if (standsFor.some((names) => names.includes(required))) continue;
    findings.push({ code: 'missing-section', line: null, message: `No ${required} section.`, fix: FIX_FOR_SECTION[required] });
  }

  for (const required of ['Diagnosis', 'Quick fix'] as const) {
    const matching = outline.sections.filter((_, i) => standsFor[i]!.includes(required));
    if (matching.length === 0 || matching.some((section) => section.timeBoxMinutes !== null)) continue;
    const first = matching[0]!;
    findings.push({
      code: 'no-time-box',
      line: first.line,
      message: `The ${required} heading "${shorten(first.heading)}" has no time box.`,
      fix: `Put the time it may take in the heading, e.g. "${first.title} (${required === 'Diagnosis' ? '< 2 minutes' : '5 minutes'})".`,
    });
  }

  const commandLines = new Set<number>();
  for (const prose of proseLines(root)) {
    const command = commandIn(prose.text);
    if (command === null || commandLines.has(prose.line)) continue;
    commandLines.add(prose.line);
    findings.push({
      code: 'command-outside-code',
      line: prose.line,
      message: `A shell command in the prose: "${shorten(command)}".`,
      fix: 'Put the command in a fenced code block (```sh) or in `inline code`, so it can be copied exactly.',
    });
  }

  // One finding per placeholder and line: `[https://...](https://...)` is one mistake, not two.
  const placeholders = new Set<string>();
  const placeholder = (address: string, finding: Omit<RunbookFinding, 'code'> & { line: number }) => {
    const key = `${finding.line} ${address.trim()}`;
    if (placeholders.has(key)) return;
    placeholders.add(key);
    findings.push({ code: 'placeholder-link', ...finding });
  };
  for (const link of outline.links) {
    if (!isPlaceholder(link.url)) continue;
    placeholder(link.url, {
      line: link.line,
      message: link.url.trim().length === 0 ? `The link "${shorten(link.text)}" has no address.` : `The link "${shorten(link.text)}" points to a placeholder address, "${shorten(link.url)}".`,
      fix: 'Replace it with the real address (dashboard, logs, status page), or remove the link.',
    });
  }
  walk(root, (node) => {
    if (node.type === 'html' && PLACEHOLDER_HTML.test(node.value.trim())) {
      placeholder(node.value, { line: lineOf(node), message: `A placeholder instead of a link: ${shorten(node.value.trim())}.`, fix: 'Write the real link as [text](https://…), or remove it.' });
    }
    if (node.type === 'text' && PLACEHOLDER_IN_TEXT.test(node.value)) {
      const offset = node.value.slice(0, node.value.search(PLACEHOLDER_IN_TEXT)).split('\n').length - 1;
      placeholder(node.value.match(PLACEHOLDER_IN_TEXT)![0], { line: lineOf(node) + offset, message: 'A placeholder address "https://..." in the text.', fix: 'Write the real address, or remove it.' });
    }
  });

  outline.sections.forEach((section, index) => {
    if (!standsFor[index]!.includes('Escalation')) return;
    const family = sectionFamily(outline.sections, index);
    if (outline.criteria.some((criterion) => criterion.sectionId !== null && family.has(criterion.sectionId))) return;
    findings.push({
      code: 'escalation-without-criterion',
      line: section.line,
      message: `The ${section.title} section does not say when to escalate.`,
      fix: 'Write the condition and the target as one sentence, e.g. "If not recovered in 10 minutes, escalate to the database team."',
    });
  });

  // Whole-runbook findings first, then by line; the codes keep their order on one line.
  const ordered = findings.map((finding, order) => ({ finding, order })).sort((a, b) => (a.finding.line ?? 0) - (b.finding.line ?? 0) || a.order - b.order);
  const score = Math.max(0, 100 - findings.reduce((sum, finding) => sum + LINT_WEIGHTS[finding.code], 0));
  return { findings: ordered.map((o) => o.finding), score };
}
