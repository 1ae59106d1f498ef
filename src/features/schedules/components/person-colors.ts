/**
 * A stable colour per person, so the same engineer reads the same across lanes. Literal class
 * names (Tailwind only generates what it can find in the source); each pair keeps text at AA contrast.
 */
const PALETTE = [
  'bg-sky-200 text-sky-950 border-sky-400',
  'bg-amber-200 text-amber-950 border-amber-400',
  'bg-emerald-200 text-emerald-950 border-emerald-400',
  'bg-violet-200 text-violet-950 border-violet-400',
  'bg-rose-200 text-rose-950 border-rose-400',
  'bg-lime-200 text-lime-950 border-lime-400',
  'bg-cyan-200 text-cyan-950 border-cyan-400',
  'bg-orange-200 text-orange-950 border-orange-400',
  'bg-fuchsia-200 text-fuchsia-950 border-fuchsia-400',
  'bg-teal-200 text-teal-950 border-teal-400',
] as const;

export function personColor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}
