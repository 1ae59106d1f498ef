/**
 * Where to go after signing in. Only a path on this site is accepted: `next` comes from the
 * address bar, and "//evil.example" or "https://…" would make the sign-in page an open redirect.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Landing back on the sign-in page would only ask again.
  if (next === '/sign-in' || next.startsWith('/sign-in?') || next.startsWith('/setup')) return '/';
  return next;
}
