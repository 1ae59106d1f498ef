import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission, Role } from '../../domain/access/roles';
import { ROLES, roleAllows } from '../../domain/access/roles';
import { createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

/**
 * The access rule of every route. A route that is added without a line here fails the first
 * test; a line whose rule differs from the route's declared permission fails it too.
 */
const EXPECTED: Record<string, Permission> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /status': 'public',
  'GET /status/incidents/:id': 'public',
  'GET /status/api/v2/summary.json': 'public',
  'GET /status/api/v2/status.json': 'public',
  'GET /status/api/v2/components.json': 'public',
  'GET /status/api/v2/incidents.json': 'public',
  'GET /status/api/v2/incidents/unresolved.json': 'public',
  'GET /status/api/v2/scheduled-maintenances.json': 'public',
  'GET /status/api/v2/scheduled-maintenances/upcoming.json': 'public',
  'GET /status/api/v2/scheduled-maintenances/active.json': 'public',
  'GET /status/history.atom': 'public',
  'GET /status/history.rss': 'public',
  'GET /api/v1/openapi.json': 'public',
  'POST /api/v1/integrations/:key/alertmanager': 'public',
  'POST /api/v1/integrations/:key/events': 'public',
  'POST /v2/enqueue': 'public',
  'GET /api/v1/setup': 'public',
  'POST /api/v1/setup/admin': 'public',
  'POST /api/v1/setup/demo': 'people:admin',
  'GET /api/v1/session': 'read',
  'POST /api/v1/session': 'public',
  'DELETE /api/v1/session': 'self:edit',
  'GET /api/v1/invites/:token': 'public',
  'POST /api/v1/invites/:token': 'public',
  'GET /api/v1/me': 'self:edit',
  'PATCH /api/v1/me': 'self:edit',
  'POST /api/v1/me/password': 'self:edit',
  'GET /api/v1/me/tokens': 'self:edit',
  'POST /api/v1/me/tokens': 'self:edit',
  'DELETE /api/v1/me/tokens/:id': 'self:edit',
  'GET /api/v1/people': 'read',
  'POST /api/v1/people': 'people:admin',
  'GET /api/v1/people/:id': 'read',
  'PATCH /api/v1/people/:id': 'people:admin',
  'POST /api/v1/people/:id/invite': 'people:admin',
  'GET /api/v1/teams': 'read',
  'POST /api/v1/teams': 'people:admin',
  'PUT /api/v1/teams/:id': 'people:admin',
  'GET /api/v1/audit': 'audit:read',
  'GET /api/v1/services': 'read',
  'POST /api/v1/services': 'service:edit',
  'GET /api/v1/services/:id': 'read',
  'PATCH /api/v1/services/:id': 'service:edit',
  'POST /api/v1/services/:id/integration-keys': 'service:edit',
  'POST /api/v1/services/:id/integration-keys/:keyId/rotate': 'service:edit',
  'DELETE /api/v1/services/:id/integration-keys/:keyId': 'service:edit',
  'GET /api/v1/incidents': 'read',
  'POST /api/v1/incidents': 'incident:act',
  'GET /api/v1/incidents/:id': 'read',
  'PATCH /api/v1/incidents/:id': 'incident:act',
  'GET /api/v1/incidents/:id/timeline': 'read',
  'GET /api/v1/incidents/:id/alerts': 'read',
  'POST /api/v1/incidents/:id/acknowledge': 'incident:act',
  'POST /api/v1/incidents/:id/resolve': 'incident:act',
  'POST /api/v1/incidents/:id/notes': 'incident:act',
  'GET /api/v1/events': 'read',
  'GET /api/v1/schedules': 'read',
  'GET /api/v1/schedules/:id': 'read',
  'GET /api/v1/schedules/:id/segments': 'read',
  'GET /api/v1/schedules/:id/on-call': 'read',
  'GET /api/v1/schedules/:id/fairness': 'read',
  'GET /api/v1/on-call': 'read',
  'POST /api/v1/schedules/:id/feeds': 'read',
  'POST /api/v1/me/feeds': 'self:edit',
  'GET /api/v1/me/feeds': 'self:edit',
  'DELETE /api/v1/me/feeds/:id': 'self:edit',
  'GET /api/v1/feeds/:file': 'public',
  'POST /api/v1/schedules': 'service:edit',
  'PUT /api/v1/schedules/:id': 'service:edit',
  'DELETE /api/v1/schedules/:id': 'service:edit',
  'POST /api/v1/schedules/:id/overrides': 'incident:act',
  'PUT /api/v1/schedules/:id/overrides/:overrideId': 'incident:act',
  'DELETE /api/v1/schedules/:id/overrides/:overrideId': 'incident:act',
  'GET /api/v1/services/:id/escalation-policy': 'read',
  'PUT /api/v1/services/:id/escalation-policy': 'service:edit',
  'DELETE /api/v1/services/:id/escalation-policy': 'service:edit',
  'GET /api/v1/services/:id/maintenance-windows': 'read',
  'POST /api/v1/services/:id/maintenance-windows': 'service:edit',
  'POST /api/v1/services/:id/maintenance-windows/:windowId/end': 'service:edit',
  // Paging: acknowledge links are capabilities (the token is the permission); Twilio's webhooks are signed instead.
  'GET /api/v1/ack/:token': 'public',
  'POST /api/v1/ack/:token': 'public',
  'POST /api/v1/twilio/sms': 'public',
  'POST /api/v1/twilio/status': 'public',
  'GET /api/v1/admin/channels': 'people:admin',
  'POST /api/v1/admin/channels/:channel/test': 'people:admin',
  'POST /api/v1/me/contact-methods/:id/verification': 'self:edit',
  'POST /api/v1/me/contact-methods/:id/verify': 'self:edit',
  'GET /api/v1/me/pages': 'self:edit',
  // Runbooks: everyone reads; editing is checked per runbook (its team's managers, its owner, admins).
  'GET /api/v1/runbooks': 'read',
  'POST /api/v1/runbooks': 'incident:act',
  'GET /api/v1/runbooks/:id': 'read',
  'PUT /api/v1/runbooks/:id': 'incident:act',
  'GET /api/v1/runbooks/:id/versions': 'read',
  'GET /api/v1/runbooks/:id/versions/:version': 'read',
  'POST /api/v1/runbooks/:id/restore': 'incident:act',
  'POST /api/v1/runbooks/:id/review': 'incident:act',
  'GET /api/v1/incidents/:id/runbooks': 'read',
  'POST /api/v1/incidents/:id/runbook-runs': 'incident:act',
  'POST /api/v1/runbook-runs/:runId/steps/:stepId': 'incident:act',
  'POST /api/v1/runbook-runs/:runId/sections/:sectionId/start': 'incident:act',
  'POST /api/v1/runbook-runs/:runId/copies': 'incident:act',
  'POST /api/v1/runbook-runs/:runId/escalate': 'incident:act',
  'POST /api/v1/runbook-runs/:runId/feedback': 'incident:act',
  // Post-mortems and action items: everyone reads; responders and up write. Presence is a heartbeat of any reader.
  'GET /api/v1/postmortems': 'read',
  'GET /api/v1/status/components': 'read',
  'POST /api/v1/status/components': 'status:edit',
  'PATCH /api/v1/status/components/:id': 'status:edit',
  'DELETE /api/v1/status/components/:id': 'status:edit',
  'GET /api/v1/incidents/:id/public': 'read',
  'GET /api/v1/incidents/:id/public/draft': 'read',
  'POST /api/v1/incidents/:id/public': 'incident:act',
  'POST /api/v1/incidents/:id/public/updates': 'incident:act',
  'GET /api/v1/status/incidents': 'read',
  'GET /api/v1/status/maintenances': 'read',
  'POST /api/v1/status/maintenances': 'status:edit',
  'DELETE /api/v1/status/maintenances/:id': 'status:edit',
  'GET /api/v1/status/subscribers/summary': 'status:edit',
  'POST /api/v1/incidents/:id/postmortem': 'incident:act',
  'GET /api/v1/incidents/:id/postmortem': 'read',
  'GET /api/v1/incidents/:id/recurrence': 'read',
  'GET /api/v1/postmortems/:id': 'read',
  'PATCH /api/v1/postmortems/:id': 'incident:act',
  'PUT /api/v1/postmortems/:id/sections/:key': 'incident:act',
  'POST /api/v1/postmortems/:id/status': 'incident:act',
  'GET /api/v1/postmortems/:id/timeline-draft': 'read',
  'PUT /api/v1/postmortems/:id/presence': 'read',
  'GET /api/v1/postmortems/:id/export.md': 'read',
  'POST /api/v1/postmortems/:id/action-items': 'incident:act',
  'PATCH /api/v1/action-items/:id': 'incident:act',
  'DELETE /api/v1/action-items/:id': 'incident:act',
  'GET /api/v1/action-items': 'read',
  // Metrics: every signed-in role reads them.
  'GET /api/v1/metrics': 'read',
  'GET /api/v1/metrics.csv': 'read',
  'POST /status/subscribe': 'public',
  'GET /status/subscriptions/confirm': 'public',
  'GET /status/subscriptions/unsubscribe': 'public',
  'POST /status/subscriptions/unsubscribe': 'public',
  'GET /api/v1/status/chat-mirrors': 'status:edit',
  'POST /api/v1/status/chat-mirrors': 'status:edit',
  'DELETE /api/v1/status/chat-mirrors/:id': 'status:edit',
  'POST /api/v1/status/chat-mirrors/:id/test': 'status:edit',
  // The built app: the page and its files (it asks the API who is signed in).
  'GET /': 'public',
  'GET /*': 'public',
};

type Who = 'anonymous' | Role;
const WHO: Who[] = ['anonymous', ...ROLES];

describe('every route × method × role', () => {
  let t: TestApp;
  let base: string;
  let params: Record<string, string>;
  let staticDir: string;

  beforeAll(async () => {
    // A build to serve, so the app's own routes are in the table too.
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-matrix-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Firewatch</title>');
    t = await createTestApp('sqlite', { staticDir });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const service = await createService(t);
    const incident = (await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'Matrix', severity: 'P3', serviceId: service.id } })).json<{ id: string }>();
    params = { key: service.key, id: service.id, keyId: service.keyId, token: 'no-such-invitation', incident: incident.id, person: t.admin.id, team: t.teamId };
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('registers no route without a declared permission', () => {
    expect(t.app.routeTable.filter((route) => route.permission === undefined)).toEqual([]);
  });

  it('has a declared rule for every registered route, matching this table', () => {
    const declared = Object.fromEntries(t.app.routeTable.map((route) => [`${route.method} ${route.url}`, route.permission]));
    expect(declared).toEqual(EXPECTED);
  });

  /** Fills path parameters with ids that exist, so an allowed request reaches the handler. */
  const urlFor = (route: string): string => {
    const [, path] = route.split(' ') as [string, string];
    if (path.startsWith('/api/v1/incidents/')) return path.replace(':id', params['incident']!);
    if (path.startsWith('/api/v1/people/')) return path.replace(':id', params['person']!);
    if (path.startsWith('/api/v1/teams/')) return path.replace(':id', params['team']!);
    if (path.startsWith('/api/v1/me/tokens/')) return path.replace(':id', 'no-such-token');
    if (path.startsWith('/api/v1/me/feeds/')) return path.replace(':id', 'no-such-feed');
    if (path.startsWith('/api/v1/feeds/')) return path.replace(':file', 'no-such-feed.ics');
    if (path.startsWith('/api/v1/admin/channels/')) return path.replace(':channel', 'email');
    if (path.startsWith('/api/v1/me/contact-methods/')) return path.replace(':id', 'no-such-method');
    if (path.startsWith('/api/v1/runbooks/')) return path.replace(':id', 'no-such-runbook').replace(':version', '1');
    if (path.startsWith('/api/v1/runbook-runs/')) return path.replace(':runId', 'no-such-run').replace(':stepId', 'step-1').replace(':sectionId', 'section-1');
    if (path.startsWith('/api/v1/schedules/')) return path.replace(':id', 'no-such-schedule').replace(':overrideId', 'no-such-override');
    return path.replace(':key', params['key']!).replace(':keyId', params['keyId']!).replace(':id', params['id']!).replace(':token', params['token']!);
  };

  for (const [route, permission] of Object.entries(EXPECTED)) {
    it(`${route} answers each role as "${permission}" says`, async () => {
      const [method] = route.split(' ') as [string, string];
      const expected: Record<string, string> = {};
      const actual: Record<string, string> = {};
      for (const who of WHO) {
        // A fresh person per request: signing out or changing a password must not affect the next.
        const person = who === 'anonymous' ? undefined : await t.person(who, { manages: who === 'manager' ? [t.teamId] : [] });
        const cookie = person?.cookie ?? '';
        let status: number;
        if (route === 'GET /api/v1/events') {
          const controller = new AbortController();
          const response = await fetch(`${base}/api/v1/events`, { headers: cookie ? { cookie } : {}, signal: controller.signal });
          status = response.status;
          controller.abort();
        } else {
          const response = await t.api({ method: method as 'GET', url: urlFor(route), headers: { cookie }, ...(method === 'GET' ? {} : { payload: {} }) });
          status = response.statusCode;
        }
        const allowed = permission === 'public' || (who !== 'anonymous' && roleAllows(who, permission));
        expected[who] = allowed ? 'allowed' : who === 'anonymous' ? '401' : '403';
        actual[who] = status === 401 || status === 403 ? String(status) : 'allowed';
      }
      expect({ route, outcomes: actual }).toEqual({ route, outcomes: expected });
    });
  }
});
