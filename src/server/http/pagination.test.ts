import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../contracts/pagination';
import { NOT_PAGED } from '../repositories/incidents-repository';
import type { IncidentRow } from '../repositories/incidents-repository';
import { ENGINES, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

type Page = { items: Array<{ id: string; severity?: string; seq?: number }>; nextCursor: string | null };

describe.each(ENGINES)('cursor pagination on %s', (engine) => {
  let t: TestApp;
  let serviceId: string;
  let made = 0;
  beforeEach(async () => {
    t = await createTestApp(engine);
    serviceId = (await createService(t)).id;
    made = 0;
  });
  afterEach(async () => t.close());

  /** Incidents written straight into the table (fast), `triggeredAt` as given, numbers from 1000 on. */
  async function insertIncidents(triggeredAts: number[], severity = 'P3'): Promise<string[]> {
    const rows: IncidentRow[] = triggeredAts.map((at) => {
      made += 1;
      const id = `INC-2026-${String(1000 + made)}`;
      return { id, year: 2026, number: 1000 + made, service_id: serviceId, title: `incident ${made}`, severity, state: 'triggered', phase: 'investigating', triggered_at: at, acknowledged_at: null, resolved_at: null, alert_count: 0, last_alert_at: null, last_status_update_at: null, commander: null, scribe: null, source: 'manual', dedup_key: null, open_dedup: null, links: '[]', details: '{}', ...NOT_PAGED };
    });
    for (let i = 0; i < rows.length; i += 100) await t.handle.db.insertInto('incidents').values(rows.slice(i, i + 100)).execute();
    return rows.map((r) => r.id);
  }
  const page = async (url: string) => {
    const response = await t.api({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    return response.json<Page>();
  };
  const problemFields = async (url: string) => {
    const response = await t.api({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
    return response.json<{ error: { fields: Array<{ field: string }> } }>().error.fields.map((f) => f.field);
  };

  it('lists past 500 incidents page by page, each existing one exactly once, while new ones are inserted between and during fetches', async () => {
    const base = Date.parse('2026-03-01T00:00:00.000Z');
    // 620 incidents, many sharing a trigger instant (ties are broken by id).
    const existing = await insertIncidents(Array.from({ length: 620 }, (_, i) => base + Math.floor(i / 3) * 60_000));
    const seen: string[] = [];
    let url = '/api/v1/incidents?state=all&limit=200';
    let pages = 0;
    for (;;) {
      const current = await page(url);
      seen.push(...current.items.map((i) => i.id));
      pages += 1;
      if (!current.nextCursor) break;
      // Newer, older and equally old incidents arrive between two page fetches…
      await insertIncidents([base + 400 * 60_000, base - 60_000, base + 100 * 60_000]);
      // …and while the next page is being fetched.
      const [next] = await Promise.all([page(`/api/v1/incidents?state=all&limit=200&cursor=${encodeURIComponent(current.nextCursor)}`), t.api({ method: 'POST', url: '/api/v1/incidents', payload: { serviceId, title: 'during', severity: 'P2' } })]);
      seen.push(...next.items.map((i) => i.id));
      pages += 1;
      if (!next.nextCursor) break;
      url = `/api/v1/incidents?state=all&limit=200&cursor=${encodeURIComponent(next.nextCursor)}`;
    }
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(new Set(seen).size).toBe(seen.length);
    const counts = new Map<string, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(existing.filter((id) => counts.get(id) !== 1)).toEqual([]);
  });

  it('pages the open list in the dashboard order (severity, then oldest first)', async () => {
    const base = Date.parse('2026-03-01T00:00:00.000Z');
    await insertIncidents([base, base + 1, base + 2], 'P3');
    await insertIncidents([base + 5, base + 6], 'P1');
    const first = await page('/api/v1/incidents?limit=3');
    expect(first.items.map((i) => i.severity)).toEqual(['P1', 'P1', 'P3']);
    const second = await page(`/api/v1/incidents?limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items.map((i) => i.severity)).toEqual(['P3', 'P3']);
    expect(second.nextCursor).toBeNull();
    // A cursor of the open list means nothing in a newest-first list.
    expect(await problemFields(`/api/v1/incidents?state=all&cursor=${encodeURIComponent(first.nextCursor!)}`)).toEqual(['cursor']);
  });

  it.each(['0x10', '1e1', '+5', ' 5', '5.0', '0', '501', '16abc', ''])('refuses limit=%j with 400 naming limit', async (limit) => {
    expect(await problemFields(`/api/v1/incidents?limit=${encodeURIComponent(limit)}`)).toEqual(['limit']);
  });

  it('refuses a malformed or forged cursor with 400 naming cursor', async () => {
    for (const cursor of ['garbage!', 'AAAA', encodeCursor('incidents:newest', ['yesterday', 'INC-1']), encodeCursor('audit:seq', [5]), 'x'.repeat(600)]) {
      expect(await problemFields(`/api/v1/incidents?state=all&cursor=${encodeURIComponent(cursor)}`)).toEqual(['cursor']);
    }
    expect(await problemFields('/api/v1/audit?cursor=nope')).toEqual(['cursor']);
    expect(await problemFields('/api/v1/audit?limit=0x10')).toEqual(['limit']);
  });

  it('pages a timeline oldest first and the audit log newest first', async () => {
    const declared = (await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { serviceId, title: 'notes', severity: 'P3' } })).json<{ id: string }>();
    for (let i = 0; i < 4; i++) await t.api({ method: 'POST', url: `/api/v1/incidents/${declared.id}/notes`, payload: { text: `note ${i}` } });
    const first = await page(`/api/v1/incidents/${declared.id}/timeline?limit=3`);
    const second = await page(`/api/v1/incidents/${declared.id}/timeline?limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
    const seqs = [...first.items, ...second.items].map((e) => e.seq!);
    // Declared, "nobody was paged" (no policy), four notes.
    expect(seqs).toHaveLength(6);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(second.nextCursor).toBeNull();
    expect(await problemFields(`/api/v1/incidents/${declared.id}/timeline?limit=1001`)).toEqual(['limit']);

    const audit = await page('/api/v1/audit?limit=2');
    const older = await page(`/api/v1/audit?limit=2&cursor=${encodeURIComponent(audit.nextCursor!)}`);
    const auditSeqs = [...audit.items, ...older.items].map((e) => e.seq!);
    expect([...auditSeqs].sort((a, b) => b - a)).toEqual(auditSeqs);
    expect(new Set(auditSeqs).size).toBe(auditSeqs.length);
  });
});
