import type { RunbookSummaryDto, RunProgressDto } from '../../../contracts/runbooks';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "used 4 times, helped 3" (or "never used yet"), in words rather than a chart. */
export function recordText(record: RunbookSummaryDto['record']): string {
  if (record.used === 0) return 'never used yet';
  const answered = record.helped + record.didNotHelp;
  const used = `used ${plural(record.used, 'time')}`;
  if (answered === 0) return `${used}, no answers yet`;
  return `${used}, helped ${record.helped}${record.didNotHelp > 0 ? `, did not help ${record.didNotHelp}` : ''}`;
}

/** "Quick fix 2/4" while a section is being worked on, else "Runbook 5/9". */
export function progressText(progress: RunProgressDto): string {
  if (progress.section) return `${progress.section.title} ${progress.section.done}/${progress.section.total}`;
  return `Runbook ${progress.done}/${progress.total}`;
}

/** m:ss of a duration, never negative. */
export function clockText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What a countdown says: time left, or how far over it is, in words as well as numbers. */
export function countdownText(deadline: number, now: number): { over: boolean; text: string } {
  if (now < deadline) return { over: false, text: `${clockText(deadline - now)} left` };
  return { over: true, text: `Over by ${clockText(now - deadline)}` };
}

/** "team Payments" or "Priya Raman": how an owner reads in a sentence. */
export function ownerText(summary: Pick<RunbookSummaryDto, 'owner' | 'ownerName'>): string {
  return summary.owner.type === 'team' ? `${summary.ownerName} team` : summary.ownerName;
}

/** The lint score as words: a colour alone never carries it. */
export function scoreText(score: number, findings: number): string {
  if (findings === 0) return `${score}/100, no findings`;
  return `${score}/100, ${plural(findings, 'finding')}`;
}
