import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, alertmanagerPayload, countRows, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';
import { MAX_JSON_DEPTH, findTooDeep } from './json-depth';

/** JSON text of `levels` objects nested in each other (`{"a":{"a":…}}`), `levels` ≥ 1. */
function nested(levels: number): string {
  return '{"a":'.repeat(levels - 1) + '{"leaf":1}' + '}'.repeat(levels - 1);
}

describe('findTooDeep', () => {
  it('counts the body itself as the first level and allows exactly the limit', () => {
    expect(findTooDeep(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(findTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe('a.a.a.a.a.a…');
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ note: '[[[[{{{{ "\\"[[[[', list: ['{', '"]'] });
    expect(findTooDeep(text, 2)).toBeUndefined();
    expect(findTooDeep(text, 1)).toBe('list');
  });

  it('names array indexes and keys with escapes the way clients write fields', () => {
    const text = JSON.stringify({ alerts: [{}, { 'an"no': { x: {} } }] });
    expect(findTooDeep(text, 4)).toBe('alerts[1].an"no.x');
  });

  it('scans 100,000 levels without overflowing the stack', () => {
    expect(findTooDeep('['.repeat(100_000) + ']'.repeat(100_000))).toBe('[0][0][0][0][0][0]…');
  });
});

describe.each(ENGINES)('deeply nested bodies on %s', (engine) => {
  let t: TestApp;
  let key: string;
  beforeEach(async () => {
    t = await createTestApp(engine);
    ({ key } = await createService(t));
  });
  afterEach(async () => t.close());

  const post = (url: string, body: string) => t.api({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } });
  const pagerDuty = (details: string) =>
    `{"routing_key":"${key}","event_action":"trigger","payload":{"summary":"deep","source":"s","severity":"info","custom_details":${details}}}`;

  it('refuses PagerDuty custom_details 10,000 levels deep with 400 in PagerDuty\'s shape, storing nothing', async () => {
    const before = await countRows(t.handle);
    const response = await post('/v2/enqueue', pagerDuty(nested(10_000)));
    expect(response.statusCode).toBe(400);
    const body = response.json<{ status: string; message: string; errors: string[] }>();
    expect(body.status).toBe('invalid event');
    expect(body.errors[0]).toMatch(/^payload\.custom_details\.a.* is nested more than 32 levels deep/);
    expect(await countRows(t.handle)).toEqual(before);
  });

  it('accepts PagerDuty custom_details that reach exactly the limit', async () => {
    // The body, payload and custom_details are three levels; custom_details adds the rest.
    const response = await post('/v2/enqueue', pagerDuty(nested(MAX_JSON_DEPTH - 2)));
    expect(response.statusCode).toBe(202);
    expect((await countRows(t.handle)).incidents).toBe(1);
  });

  it('refuses generic details 10,000 levels deep with 400 naming the field', async () => {
    const response = await post(`/api/v1/integrations/${key}/events`, `{"title":"deep","details":${nested(10_000)}}`);
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; fields: Array<{ field: string; problem: string }> } }>();
    expect(body.error.code).toBe('too_deeply_nested');
    expect(body.error.fields[0]!.field).toMatch(/^details\.a\.a/);
    expect(body.error.fields[0]!.problem).toContain('more than 32 levels');
    expect((await countRows(t.handle)).incidents).toBe(0);
  });

  it('refuses Alertmanager annotations 10,000 levels deep with 400 naming the alert', async () => {
    const payload = JSON.stringify(alertmanagerPayload()).replace('"annotations":{', `"annotations":{"deep":${nested(10_000)},`);
    const response = await post(`/api/v1/integrations/${key}/alertmanager`, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { fields: Array<{ field: string }> } }>().error.fields[0]!.field).toMatch(/^alerts\[0\]\.annotations\.deep/);
    expect((await countRows(t.handle)).incidents).toBe(0);
  });

  it('refuses a deeply nested body on an ordinary API route with 400, not 500', async () => {
    const before = await countRows(t.handle);
    const response = await post('/api/v1/services', `{"name":"Deep","description":${nested(10_000)}}`);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'too_deeply_nested', message: expect.stringMatching(/^description\.a/) });
    expect(await countRows(t.handle)).toEqual(before);
  });
});
