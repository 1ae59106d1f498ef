import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../time/instant';
import { impactDraft } from './impact';

const at = (iso: string) => parseIsoInstant(iso)!;

describe('the impact draft', () => {
  it('counts duration, time to acknowledge and to resolve, alerts and services', () => {
    const text = impactDraft({
      severity: 'P2',
      triggeredAt: at('2026-03-03T02:31:00Z'),
      acknowledgedAt: at('2026-03-03T02:35:30Z'),
      resolvedAt: at('2026-03-03T03:43:00Z'),
      alertCount: 3,
      services: ['Checkout API', 'Payments'],
      peoplePaged: 2,
    });
    expect(text).toContain('- **Severity:** P2');
    expect(text).toContain('- **Duration:** 1h 12m (2026-03-03 02:31 UTC to 2026-03-03 03:43 UTC)');
    expect(text).toContain('- **Time to acknowledge:** 4m 30s');
    expect(text).toContain('- **Time to resolve:** 1h 12m');
    expect(text).toContain('- **Alerts:** 3');
    expect(text).toContain('- **Affected services:** Checkout API, Payments');
    expect(text).toContain('- **People paged:** 2');
  });

  it('says "still open" and "not acknowledged" for an incident that is neither', () => {
    const text = impactDraft({ severity: 'P1', triggeredAt: at('2026-03-03T02:31:00Z'), acknowledgedAt: null, resolvedAt: null, alertCount: 1, services: [] });
    expect(text).toContain('- **Duration:** still open (triggered 2026-03-03 02:31 UTC)');
    expect(text).toContain('- **Time to acknowledge:** not acknowledged');
    expect(text).toContain('- **Time to resolve:** still open');
    expect(text).toContain('- **Affected services:** none recorded');
    expect(text).not.toContain('People paged');
  });

  it('runs past a day', () => {
    const text = impactDraft({ severity: 'P3', triggeredAt: at('2026-03-03T00:00:00Z'), acknowledgedAt: at('2026-03-03T00:00:05Z'), resolvedAt: at('2026-03-04T02:00:00Z'), alertCount: 1, services: ['A'] });
    expect(text).toContain('- **Duration:** 1d 2h');
    expect(text).toContain('- **Time to acknowledge:** 5s');
  });
});
