import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

const PRIVATE_HOOKS = [
  'http://127.0.0.1:8080/hook',
  'http://127.1.2.3/hook',
  'http://10.0.0.5/hook',
  'http://172.16.4.2/hook',
  'http://192.168.1.10/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://100.64.0.1/hook',
  'http://0.0.0.0/hook',
  'http://[::1]/hook',
  'http://[fd00::1]/hook',
  'http://[fe80::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://localhost:9000/hook',
  'https://api.localhost/hook',
];

describe.each(ENGINES)('webhook contact addresses on %s', (engine) => {
  let t: TestApp;
  afterEach(async () => t.close());

  const saveHook = async (address: string) => {
    const alice = await t.person('responder');
    const response = await t.api({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: alice.cookie }, payload: { contactMethods: [{ kind: 'email', address: 'a@example.com' }, { kind: 'webhook', address }] } });
    const stored = (await t.api({ method: 'GET', url: '/api/v1/me', headers: { cookie: alice.cookie } })).json<{ contactMethods: unknown[] }>().contactMethods;
    return { response, stored };
  };

  it('refuses loopback, private and link-local hosts with 400 naming the field, storing nothing', async () => {
    t = await createTestApp(engine);
    for (const address of PRIVATE_HOOKS) {
      const { response, stored } = await saveHook(address);
      expect(response.statusCode, address).toBe(400);
      expect(response.json<{ error: { fields: Array<{ field: string; problem: string }> } }>().error.fields).toEqual([
        { field: 'contactMethods[1].address', problem: expect.stringContaining('private') },
      ]);
      expect(stored).toEqual([]);
    }
  });

  it('refuses an address that is not http(s)', async () => {
    t = await createTestApp(engine);
    const { response } = await saveHook('ftp://hooks.example/x');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { fields: [{ field: 'contactMethods[1].address', problem: 'must be an http(s) URL' }] } });
  });

  it('accepts public hosts, and private ones when FIREWATCH_ALLOW_PRIVATE_WEBHOOKS is set', async () => {
    t = await createTestApp(engine);
    expect((await saveHook('https://hooks.example.com/alice')).response.statusCode).toBe(200);
    await t.close();
    t = await createTestApp(engine, { allowPrivateWebhooks: true });
    for (const address of ['http://127.0.0.1:8080/hook', 'http://[::1]/hook', 'http://localhost:9000/hook']) {
      const { response, stored } = await saveHook(address);
      expect(response.statusCode, address).toBe(200);
      expect(stored).toHaveLength(2);
    }
  });
});
