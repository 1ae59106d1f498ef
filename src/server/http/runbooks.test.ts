import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunbookDto, RunbookSummaryDto } from '../../contracts/runbooks';
import { runbookSchema, runbookSummarySchema, runbookVersionSchema, runbookVersionSummarySchema } from '../../contracts/runbooks';
import { analyseRunbook } from '../../domain/runbook/document';
import { RUNBOOK_LIMITS } from '../../domain/runbook/model';
import { POOL_RUNBOOK } from '../test-support/runbook-fixtures';
import { ENGINES, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

type Person = { id: string; cookie: string; name: string };
const DAY = 86_400_000;

describe.each(ENGINES)('runbook library API on %s', (engine) => {
  let t: TestApp;
  let serviceId: string;
  let manager: Person;

  beforeEach(async () => {
    t = await createTestApp(engine);
    serviceId = (await createService(t, 'Orders Database')).id;
    manager = await t.person('manager', { manages: [t.teamId], name: 'Maya Manager' });
  });
  afterEach(async () => t.close());

  const input = (overrides: Record<string, unknown> = {}) => ({
    title: 'Database connection pool exhausted',
    body: POOL_RUNBOOK,
    serviceIds: [serviceId],
    selectors: ['alertname="PostgresConnectionsNearLimit", severity=~"critical|error"'],
    owner: { type: 'team', teamId: t.teamId },
    reviewIntervalDays: 30,
    ...overrides,
  });
  const create = (payload: unknown = input(), cookie = manager.cookie) => t.api({ method: 'POST', url: '/api/v1/runbooks', payload: payload as object, headers: { cookie } });
  const created = async (payload: unknown = input()) => {
    const response = await create(payload);
    expect(response.statusCode).toBe(201);
    return runbookSchema.parse(response.json());
  };
  const save = (id: string, payload: unknown, cookie = manager.cookie) => t.api({ method: 'PUT', url: `/api/v1/runbooks/${id}`, payload: payload as object, headers: { cookie } });
  const stored = async () => ({
    runbooks: await t.handle.db.selectFrom('runbooks').selectAll().execute(),
    versions: await t.handle.db.selectFrom('runbook_versions').selectAll().orderBy('version').execute(),
  });
  const auditOf = async () => t.handle.db.selectFrom('audit_log').selectAll().where('action', 'like', 'runbook.%').orderBy('seq').execute();

  it('creates a runbook at version 1 that everyone signed in can read, with its owner, freshness, lint and record', async () => {
    const runbook = await created();
    expect(runbook).toMatchObject({
      title: 'Database connection pool exhausted',
      serviceIds: [serviceId],
      selectors: ['alertname="PostgresConnectionsNearLimit", severity=~"critical|error"'],
      owner: { type: 'team', teamId: t.teamId },
      ownerName: 'Operations',
      reviewIntervalDays: 30,
      lastReviewedAt: null,
      lastReviewedBy: null,
      // Never reviewed: due 30 days after it was written.
      reviewDueAt: '2026-04-20T02:30:00.000Z',
      reviewOverdue: false,
      version: 1,
      updatedAt: '2026-03-21T02:30:00.000Z',
      updatedBy: { id: manager.id, name: 'Maya Manager' },
      record: { used: 0, helped: 0, didNotHelp: 0 },
      canEdit: true,
      body: POOL_RUNBOOK,
    });
    const viewer = await t.person('viewer');
    const list = await t.api({ method: 'GET', url: '/api/v1/runbooks', headers: { cookie: viewer.cookie } });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: RunbookSummaryDto[] }>().items.map((item) => runbookSummarySchema.parse(item));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: runbook.id, canEdit: false, version: 1 });
    expect(items[0]).not.toHaveProperty('body');
    const one = await t.api({ method: 'GET', url: `/api/v1/runbooks/${runbook.id}`, headers: { cookie: viewer.cookie } });
    expect(runbookSchema.parse(one.json())).toMatchObject({ id: runbook.id, body: POOL_RUNBOOK, canEdit: false });
    expect((await t.api({ method: 'GET', url: '/api/v1/runbooks/no-such-runbook' })).statusCode).toBe(404);
  });

  it('saves each edit as a new version, keeps every version readable, and refuses a stale save with 409 keeping both texts and storing nothing', async () => {
    const runbook = await created();
    t.clock.advance(60_000);
    const edited = POOL_RUNBOOK.replace('Look for long-running queries', 'Find the queries holding connections');
    const saved = await save(runbook.id, { ...input({ body: edited }), version: 1 });
    expect(saved.statusCode).toBe(200);
    expect(runbookSchema.parse(saved.json())).toMatchObject({ version: 2, body: edited, updatedAt: '2026-03-21T02:31:00.000Z' });

    const otherEditor = await t.person('admin', { name: 'Otto Admin' });
    const mine = POOL_RUNBOOK.replace('Pause the nightly export job', 'Stop the export job');
    const stale = await save(runbook.id, { ...input({ body: mine }), version: 1 }, otherEditor.cookie);
    expect(stale.statusCode).toBe(409);
    const conflict = stale.json<{ error: { code: string; fields: unknown[] }; current: RunbookDto; yours: { body: string } }>();
    expect(conflict.error).toMatchObject({ code: 'stale_version', fields: [{ field: 'version', problem: 'is 2 now' }] });
    expect(runbookSchema.parse(conflict.current)).toMatchObject({ version: 2, body: edited });
    expect(conflict.yours).toMatchObject({ body: mine, title: 'Database connection pool exhausted' });
    expect(conflict.yours).not.toHaveProperty('version');
    const after = await stored();
    expect(after.runbooks[0]).toMatchObject({ version: 2, body: edited });
    expect(after.versions.map((v) => v.version)).toEqual([1, 2]);
    expect((await auditOf()).map((entry) => entry.action)).toEqual(['runbook.created', 'runbook.updated']);

    const versions = await t.api({ method: 'GET', url: `/api/v1/runbooks/${runbook.id}/versions` });
    const history = versions.json<{ items: unknown[] }>().items.map((item) => runbookVersionSummarySchema.parse(item));
    expect(history).toEqual([
      { version: 2, title: 'Database connection pool exhausted', at: '2026-03-21T02:31:00.000Z', by: { id: manager.id, name: 'Maya Manager' }, restoredFrom: null },
      { version: 1, title: 'Database connection pool exhausted', at: '2026-03-21T02:30:00.000Z', by: { id: manager.id, name: 'Maya Manager' }, restoredFrom: null },
    ]);
    const first = runbookVersionSchema.parse((await t.api({ method: 'GET', url: `/api/v1/runbooks/${runbook.id}/versions/1` })).json());
    expect(first).toMatchObject({ version: 1, body: POOL_RUNBOOK, serviceIds: [serviceId] });
    expect((await t.api({ method: 'GET', url: `/api/v1/runbooks/${runbook.id}/versions/9` })).statusCode).toBe(404);
    const badVersion = await t.api({ method: 'GET', url: `/api/v1/runbooks/${runbook.id}/versions/latest` });
    expect(badVersion.statusCode).toBe(400);
    expect(badVersion.json()).toMatchObject({ error: { fields: [{ field: 'version' }] } });
  });

  it('restores an old version as the newest one, and refuses a stale restore or an unknown version', async () => {
    const runbook = await created();
    await save(runbook.id, { ...input({ title: 'Pool exhausted (draft)', body: '# Draft\n' }), version: 1 });
    t.clock.advance(5 * 60_000);
    const restored = await t.api({ method: 'POST', url: `/api/v1/runbooks/${runbook.id}/restore`, payload: { fromVersion: 1, version: 2 }, headers: { cookie: manager.cookie } });
    expect(restored.statusCode).toBe(200);
    expect(runbookSchema.parse(restored.json())).toMatchObject({ version: 3, title: 'Database connection pool exhausted', body: POOL_RUNBOOK });
    const history = (await t.api({ method: 'GET', url: `/api/v1/runbooks/${runbook.id}/versions` })).json<{ items: Array<{ version: number; restoredFrom: number | null }> }>().items;
    expect(history.map((v) => [v.version, v.restoredFrom])).toEqual([[3, 1], [2, null], [1, null]]);

    const stale = await t.api({ method: 'POST', url: `/api/v1/runbooks/${runbook.id}/restore`, payload: { fromVersion: 2, version: 2 }, headers: { cookie: manager.cookie } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'stale_version' }, current: { version: 3 }, yours: { fromVersion: 2, version: 2 } });
    const unknown = await t.api({ method: 'POST', url: `/api/v1/runbooks/${runbook.id}/restore`, payload: { fromVersion: 7, version: 3 }, headers: { cookie: manager.cookie } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { fields: [{ field: 'fromVersion' }] } });
    expect((await stored()).versions).toHaveLength(3);
    const entries = await auditOf();
    expect(entries.map((entry) => entry.action)).toEqual(['runbook.created', 'runbook.updated', 'runbook.restored']);
    expect(JSON.parse(entries[2]!.after!)).toMatchObject({ version: 3, restoredFrom: 1 });
  });

  it('flags a runbook overdue once its review interval has passed, and "Mark reviewed" records who and when', async () => {
    const runbook = await created(input({ reviewIntervalDays: 7 }));
    t.clock.advance(8 * DAY);
    // Sessions last 12 hours: a week later, Maya signs in again.
    const maya = await t.person('manager', { manages: [t.teamId], name: 'Maya Again' });
    const overdue = runbookSchema.parse((await t.api({ method: 'GET', url: `/api/v1/runbooks/${runbook.id}`, headers: { cookie: maya.cookie } })).json());
    expect(overdue).toMatchObject({ reviewOverdue: true, reviewDueAt: '2026-03-28T02:30:00.000Z' });
    const reviewed = await t.api({ method: 'POST', url: `/api/v1/runbooks/${runbook.id}/review`, headers: { cookie: maya.cookie } });
    expect(reviewed.statusCode).toBe(200);
    expect(runbookSchema.parse(reviewed.json())).toMatchObject({
      reviewOverdue: false,
      lastReviewedAt: '2026-03-29T02:30:00.000Z',
      lastReviewedBy: { id: maya.id, name: 'Maya Again' },
      reviewDueAt: '2026-04-05T02:30:00.000Z',
      version: 1,
    });
    const entries = await auditOf();
    expect(entries.map((entry) => [entry.action, entry.actor_name, entry.target_type, entry.target_id])).toEqual([
      ['runbook.created', 'Maya Manager', 'runbook', runbook.id],
      ['runbook.reviewed', 'Maya Again', 'runbook', runbook.id],
    ]);
    expect(JSON.parse(entries[1]!.after!)).toEqual({ lastReviewedAt: '2026-03-29T02:30:00.000Z', reviewDueAt: '2026-04-05T02:30:00.000Z' });
  });

  it('refuses a body over the limit with 413 naming body, and a 2 MB request with a JSON 413, storing nothing', async () => {
    const long = await create(input({ body: 'x'.repeat(RUNBOOK_LIMITS.bodyChars + 1) }));
    expect(long.statusCode).toBe(413);
    expect(long.json()).toMatchObject({ error: { code: 'payload_too_large', fields: [{ field: 'body' }] } });
    const huge = await create(input({ body: 'y'.repeat(2 * 1024 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toMatch(/application\/json/);
    expect(huge.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const runbook = await created();
    const tooLongEdit = await save(runbook.id, { ...input({ body: 'z'.repeat(RUNBOOK_LIMITS.bodyChars + 1) }), version: 1 });
    expect(tooLongEdit.statusCode).toBe(413);
    expect(tooLongEdit.json()).toMatchObject({ error: { fields: [{ field: 'body' }] } });
    // A body at the limit is fine.
    expect((await create(input({ body: 'a'.repeat(RUNBOOK_LIMITS.bodyChars) }))).statusCode).toBe(201);
    const after = await stored();
    expect(after.runbooks).toHaveLength(2);
    expect(after.versions).toHaveLength(2);
  });

  it('refuses an invalid selector with 400 naming the selector and the position', async () => {
    const response = await create(input({ selectors: ['alertname="DbPoolExhausted"', 'severity=~"critical|error", alertname'] }));
    expect(response.statusCode).toBe(400);
    const fields = response.json<{ error: { fields: Array<{ field: string; problem: string }> } }>().error.fields;
    expect(fields).toHaveLength(1);
    expect(fields[0]!.field).toBe('selectors.1');
    expect(fields[0]!.problem).toMatch(/^is not a valid selector at position \d+/);
    expect((await stored()).runbooks).toHaveLength(0);
  });

  it('refuses unknown services, teams and people with 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ serviceIds: [serviceId, 'no-such-service'] }, 'serviceIds.1', 'names no service'],
      [{ owner: { type: 'team', teamId: 'no-such-team' } }, 'owner.teamId', 'names no team'],
      [{ owner: { type: 'user', userId: 'no-such-person' } }, 'owner.userId', 'names nobody'],
    ];
    for (const [overrides, field, problem] of cases) {
      const response = await create(input(overrides), t.admin.cookie);
      expect(response.statusCode).toBe(400);
      expect(response.json<{ error: { fields: unknown[] } }>().error.fields).toEqual([{ field, problem }]);
    }
    const runbook = await created();
    const edit = await save(runbook.id, { ...input({ serviceIds: ['gone'] }), version: 1 });
    expect(edit.statusCode).toBe(400);
    expect(edit.json()).toMatchObject({ error: { fields: [{ field: 'serviceIds.0', problem: 'names no service' }] } });
    expect((await stored()).versions).toHaveLength(1);
  });

  it('lets admins, managers of the owning team, the owning person and managers of their teams edit; others get 403 and nothing changes', async () => {
    const otherTeam = 'team-search';
    await t.handle.db.insertInto('teams').values({ id: otherTeam, name: 'Search', name_key: 'search', created_at: 0 }).execute();
    const otherManager = await t.person('manager', { manages: [otherTeam], name: 'Omar Other' });
    const responder = await t.person('responder', { name: 'Rita Responder' });
    const viewer = await t.person('viewer', { name: 'Vic Viewer' });
    const teamRunbook = await created();

    for (const [who, cookie, status] of [
      ['manager of another team', otherManager.cookie, 403],
      ['responder', responder.cookie, 403],
      ['viewer', viewer.cookie, 403],
      ['nobody', '', 401],
    ] as const) {
      expect({ who, put: (await save(teamRunbook.id, { ...input({ title: who }), version: 1 }, cookie)).statusCode }).toEqual({ who, put: status });
      expect({ who, review: (await t.api({ method: 'POST', url: `/api/v1/runbooks/${teamRunbook.id}/review`, headers: { cookie } })).statusCode }).toEqual({ who, review: status });
      expect({ who, restore: (await t.api({ method: 'POST', url: `/api/v1/runbooks/${teamRunbook.id}/restore`, payload: { fromVersion: 1, version: 1 }, headers: { cookie } })).statusCode }).toEqual({ who, restore: status });
      expect({ who, create: (await create(input(), cookie)).statusCode }).toEqual({ who, create: status });
    }
    expect((await stored()).versions).toHaveLength(1);
    expect(await t.api({ method: 'GET', url: '/api/v1/runbooks', headers: { cookie: '' } }).then((r) => r.statusCode)).toBe(401);
    expect((await save(teamRunbook.id, { ...input({ title: 'By the admin' }), version: 1 }, t.admin.cookie)).statusCode).toBe(200);

    // A person's runbook: the person (a responder) edits it; a manager of a team they are in does too.
    await t.handle.db.insertInto('team_members').values({ team_id: otherTeam, user_id: responder.id, manager: 0 }).execute();
    const personal = await create(input({ owner: { type: 'user', userId: responder.id } }), responder.cookie);
    expect(personal.statusCode).toBe(201);
    const own = runbookSchema.parse(personal.json());
    expect(own).toMatchObject({ ownerName: 'Rita Responder', canEdit: true });
    expect((await save(own.id, { ...input({ owner: { type: 'user', userId: responder.id } }), version: 1 }, responder.cookie)).statusCode).toBe(200);
    expect((await save(own.id, { ...input({ owner: { type: 'user', userId: responder.id } }), version: 2 }, otherManager.cookie)).statusCode).toBe(200);
    // Maya manages Operations, which Rita is not in.
    expect((await save(own.id, { ...input({ owner: { type: 'user', userId: responder.id } }), version: 3 }, manager.cookie)).statusCode).toBe(403);
    // Handing her runbook to a team she cannot edit is refused.
    expect((await save(own.id, { ...input(), version: 3 }, responder.cookie)).statusCode).toBe(403);
    const canEdit = async (cookie: string) =>
      Object.fromEntries((await t.api({ method: 'GET', url: '/api/v1/runbooks', headers: { cookie } })).json<{ items: RunbookSummaryDto[] }>().items.map((item) => [item.owner.type, item.canEdit]));
    expect(await canEdit(responder.cookie)).toEqual({ team: false, user: true });
    expect(await canEdit(manager.cookie)).toEqual({ team: true, user: false });
    expect(await canEdit(viewer.cookie)).toEqual({ team: false, user: false });
    expect(await canEdit(t.admin.cookie)).toEqual({ team: true, user: true });
  });

  const cases: Array<[string, () => unknown, string, string]> = [
    ['an empty title', () => input({ title: '  ' }), 'title', 'must not be empty'],
    ['no body', () => ({ ...input(), body: undefined }), 'body', 'is required (markdown)'],
    ['a body that is a number', () => input({ body: 42 }), 'body', 'is required (markdown)'],
    ['services that are not a list', () => input({ serviceIds: 'orders' }), 'serviceIds', 'must be a list of service ids'],
    ['a selector that is not text', () => input({ selectors: [7] }), 'selectors.0', 'must be a label selector such as alertname="DbPoolExhausted"'],
    ['an owner of an unknown type', () => input({ owner: { type: 'robot', id: 'r2' } }), 'owner.type', 'must have type team or user'],
    ['a review interval of 0 days', () => input({ reviewIntervalDays: 0 }), 'reviewIntervalDays', 'must be at least 1'],
    ['a fractional review interval', () => input({ reviewIntervalDays: 1.5 }), 'reviewIntervalDays', 'must be a whole number of days'],
    ['a review interval as text', () => input({ reviewIntervalDays: '30' }), 'reviewIntervalDays', 'must be a number of days'],
    ['an extra field', () => input({ steps: [] }), 'steps', 'is not a field of a runbook'],
    ['a list', () => [], '(body)', 'must be a JSON object (a runbook)'],
  ];
  it.each(cases)('refuses %s with 400 naming the field, on create and on save, storing nothing', async (_case, body, field, problem) => {
    const response = await create(body());
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { fields: unknown[] } }>().error.fields).toContainEqual({ field, problem });
    const runbook = await created();
    const payload = body();
    const edit = await save(runbook.id, Array.isArray(payload) ? payload : { ...(payload as object), version: 1 });
    expect(edit.statusCode).toBe(400);
    expect(edit.json<{ error: { fields: unknown[] } }>().error.fields).toContainEqual({ field, problem });
    expect((await stored()).versions).toHaveLength(1);
  });

  it('refuses malformed JSON and wrong types on every library endpoint with a 4xx naming the problem, never a 500', async () => {
    const runbook = await created();
    const raw = (method: 'POST' | 'PUT', url: string, payload: string) => t.api({ method, url, payload, headers: { cookie: manager.cookie, 'content-type': 'application/json' } });
    for (const [method, url] of [['POST', '/api/v1/runbooks'], ['PUT', `/api/v1/runbooks/${runbook.id}`], ['POST', `/api/v1/runbooks/${runbook.id}/restore`]] as const) {
      const malformed = await raw(method, url, '{"title": "Pool",');
      expect({ url, status: malformed.statusCode }).toEqual({ url, status: 400 });
      expect(malformed.json()).toMatchObject({ error: { code: 'invalid_json' } });
      const text = await raw(method, url, '"a runbook"');
      expect({ url, status: text.statusCode, field: text.json<{ error: { fields: Array<{ field: string }> } }>().error.fields[0]!.field }).toEqual({ url, status: 400, field: '(body)' });
    }
    const missingVersion = await save(runbook.id, input());
    expect(missingVersion.json()).toMatchObject({ error: { fields: [{ field: 'version', problem: 'is required (the version this change is based on)' }] } });
    const restoreTypes = await t.api({ method: 'POST', url: `/api/v1/runbooks/${runbook.id}/restore`, payload: { fromVersion: 'one', version: 1 }, headers: { cookie: manager.cookie } });
    expect(restoreTypes.statusCode).toBe(400);
    expect(restoreTypes.json()).toMatchObject({ error: { fields: [{ field: 'fromVersion', problem: 'is required (the version to restore)' }] } });
    expect((await stored()).versions).toHaveLength(1);
  });

  it('loads the demo with three lint-clean runbooks, one overdue for review, matched to the demo incidents, whose "escalate to the database team" opens a linked incident', async () => {
    const fresh = await createTestApp(engine);
    try {
      expect((await fresh.api({ method: 'POST', url: '/api/v1/setup/demo', payload: {} })).statusCode).toBe(201);
      const library = (await fresh.api({ method: 'GET', url: '/api/v1/runbooks' })).json<{ items: RunbookSummaryDto[] }>().items.map((item) => runbookSummarySchema.parse(item));
      expect(library).toHaveLength(3);
      expect(library.every((item) => item.lintScore === 100 && item.findingCount === 0 && item.lastReviewedBy?.name === 'Marcus Webb')).toBe(true);
      expect(library.filter((item) => item.reviewOverdue).map((item) => item.ownerName)).toEqual(['Payments']);
      const incidents = (await fresh.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: Array<{ id: string; title: string }> }>().items;
      const pool = incidents.find((incident) => incident.title.includes('connection pool'))!;
      const matches = (await fresh.api({ method: 'GET', url: `/api/v1/incidents/${pool.id}/runbooks` })).json<{ matches: Array<{ runbook: RunbookSummaryDto }> }>().matches;
      const poolRunbook = matches[0]!.runbook;
      expect(poolRunbook).toMatchObject({ ownerName: 'Database', reviewOverdue: false });
      const run = (await fresh.api({ method: 'POST', url: `/api/v1/incidents/${pool.id}/runbook-runs`, payload: { runbookId: poolRunbook.id } })).json<{ id: string; body: string }>();
      const criterion = analyseRunbook(run.body).criteria.find((candidate) => candidate.target === 'database team')!;
      const escalated = await fresh.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/escalate`, payload: { criterionId: criterion.id } });
      expect(escalated.statusCode).toBe(200);
      expect(escalated.json()).toMatchObject({ escalated: 'team', teamName: 'Database' });
      const after = (await fresh.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: Array<{ title: string; serviceName: string }> }>().items;
      expect(after.find((incident) => incident.title.startsWith(`Escalated from ${pool.id}`))).toMatchObject({ serviceName: 'Orders Database' });
    } finally {
      await fresh.close();
    }
  });
});
