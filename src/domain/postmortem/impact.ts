import type { EpochMs } from '../time/instant';
import { toIsoUtc } from '../time/instant';
import { formatElapsed } from '../time/duration';

/**
 * The Impact section's first draft: the numbers the incident already knows (how long it lasted,
 * how long until someone acknowledged and until it was resolved, how many alerts, which
 * services), followed by a prompt for what only people know — what customers saw.
 */
export type ImpactInput = {
  severity: string;
  triggeredAt: EpochMs;
  acknowledgedAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  alertCount: number;
  services: readonly string[];
  /** Distinct people paged, when known. */
  peoplePaged?: number;
};

function utc(at: EpochMs): string {
  const iso = toIsoUtc(at);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function impactDraft(input: ImpactInput): string {
  const { triggeredAt, acknowledgedAt, resolvedAt } = input;
  const lines = [`- **Severity:** ${input.severity}`];
  lines.push(
    resolvedAt === null
      ? `- **Duration:** still open (triggered ${utc(triggeredAt)})`
      : `- **Duration:** ${formatElapsed(resolvedAt - triggeredAt)} (${utc(triggeredAt)} to ${utc(resolvedAt)})`,
  );
  lines.push(`- **Time to acknowledge:** ${acknowledgedAt === null ? 'not acknowledged' : formatElapsed(acknowledgedAt - triggeredAt)}`);
  lines.push(`- **Time to resolve:** ${resolvedAt === null ? 'still open' : formatElapsed(resolvedAt - triggeredAt)}`);
  lines.push(`- **Alerts:** ${input.alertCount}`);
  lines.push(`- **Affected services:** ${input.services.length === 0 ? 'none recorded' : input.services.join(', ')}`);
  if (input.peoplePaged !== undefined) lines.push(`- **People paged:** ${input.peoplePaged}`);
  return `${lines.join('\n')}\n\n_What did customers notice, and for how long? Add it here._`;
}
