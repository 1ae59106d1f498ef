import type { EpochMs } from '../time/instant';
import { toIsoUtc } from '../time/instant';
import type { ActionItemStatus, PostmortemStatus, SectionKey } from './model';
import { POSTMORTEM_SECTIONS } from './model';

/**
 * The whole post-mortem as one markdown document (the export, and what a wiki or a ticket takes).
 * The sections come in the template's order whatever order they are passed in, with the action
 * items as a table between Lessons learned and Follow-up, where the template has them.
 */
export type ExportActionItem = {
  title: string;
  owner: string;
  dueOn: string | null;
  status: ActionItemStatus;
  link: string | null;
  overdue?: boolean;
};

export type ExportInput = {
  title: string;
  status: PostmortemStatus;
  incident: { id: string; title: string; severity: string; serviceName: string; triggeredAt: EpochMs; resolvedAt: EpochMs | null };
  owner: string;
  followUpOn: string;
  publishedAt: EpochMs | null;
  sections: readonly { key: SectionKey; body: string }[];
  actionItems: readonly ExportActionItem[];
};

const STATUS_WORDS: Record<PostmortemStatus, string> = { draft: 'Draft', in_review: 'In review', published: 'Published' };
const ITEM_STATUS_WORDS: Record<ActionItemStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', wont_do: "Won't do" };

function utc(at: EpochMs): string {
  const iso = toIsoUtc(at);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Text inside a table cell: one line, and a `|` would end the cell. */
function cell(value: string): string {
  return value.replace(/\s+/g, ' ').trim().replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** A heading's text on one line. */
function heading(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** An autolink; the contract only admits http(s) links without spaces, and `<`/`>` would end it. */
function link(url: string): string {
  return `<${url.replace(/</g, '%3C').replace(/>/g, '%3E')}>`;
}

export function actionItemsMarkdown(items: readonly ExportActionItem[]): string {
  if (items.length === 0) return '_No action items._';
  const rows = items.map((item) => {
    const status = `${ITEM_STATUS_WORDS[item.status]}${item.overdue ? ' (overdue)' : ''}`;
    return `| ${cell(item.title)} | ${cell(item.owner)} | ${item.dueOn ?? '—'} | ${status} | ${item.link ? link(item.link) : '—'} |`;
  });
  return ['| Action | Owner | Due | Status | Link |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function postmortemMarkdown(input: ExportInput): string {
  const { incident } = input;
  const status = input.status === 'published' && input.publishedAt !== null ? `Published ${utc(input.publishedAt)}` : STATUS_WORDS[input.status];
  const head = [
    `# ${heading(input.title)}`,
    '',
    `- **Incident:** ${incident.id} — ${heading(incident.title)} (${incident.severity}, ${heading(incident.serviceName)})`,
    `- **Triggered:** ${utc(incident.triggeredAt)}`,
    `- **Resolved:** ${incident.resolvedAt === null ? 'not yet' : utc(incident.resolvedAt)}`,
    `- **Status:** ${status}`,
    `- **Owner:** ${heading(input.owner)}`,
    `- **Follow-up review:** ${input.followUpOn}`,
  ].join('\n');
  const parts = [head];
  for (const section of POSTMORTEM_SECTIONS) {
    if (section.key === 'follow-up') parts.push(`## Action items\n\n${actionItemsMarkdown(input.actionItems)}`);
    const body = input.sections.find((candidate) => candidate.key === section.key)?.body.trim() ?? '';
    parts.push(`## ${section.title}\n\n${body === '' ? '_Not written yet._' : body}`);
  }
  return `${parts.join('\n\n')}\n`;
}
