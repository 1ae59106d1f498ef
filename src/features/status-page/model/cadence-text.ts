const MINUTE = 60_000;

function span(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "next public update due in 12 min" / "public update overdue by 3 min"; null once resolved. */
export function publicDueText(dueAt: string | null, now: number): { text: string; overdue: boolean } | null {
  if (dueAt === null) return null;
  const due = Date.parse(dueAt);
  if (now <= due) return { text: `next public update due in ${span(due - now)}`, overdue: false };
  return { text: `public update overdue by ${span(now - due)}`, overdue: true };
}
