/**
 * A stable fingerprint for a label set: the same labels in any order give the same string.
 * Used when a sender omits Alertmanager's own `fingerprint`. FNV-1a (64-bit) is enough here: the
 * fingerprint only tells alerts of one group apart, it is not a security boundary.
 */
export function fingerprintLabels(labels: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((key) => `${key}\u0000${labels[key]}`)
    .join('\u0001');
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < canonical.length; i++) {
    hash ^= BigInt(canonical.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}
