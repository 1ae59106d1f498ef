import { afterEach, describe, expect, it } from 'vitest';
import type { PagingWorld } from '../test-support/paging-world';
import { createPagingWorld } from '../test-support/paging-world';
import { ENGINES } from '../test-support/test-app';

describe.each(ENGINES)('the incidents that paged me, on %s', (engine) => {
  let w: PagingWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('lists what paged the person as it is now, so a tab opened after the page rings for it, and nothing of anyone else', async () => {
    w = await createPagingWorld(engine);
    const diego = await w.person({ name: 'Diego' });
    const bob = await w.person({ name: 'Bob' });
    const service = await w.service('Checkout API', [{ after: 5, targets: [{ type: 'user', userId: diego.id }] }]);
    const first = await w.alert(service.key, { group: 'first' });
    const second = await w.alert(service.key, { group: 'second' });
    await w.settle();
    expect((await w.api({ method: 'POST', url: `/api/v1/incidents/${second}/acknowledge`, headers: { cookie: diego.cookie }, payload: {} })).statusCode).toBe(200);

    const mine = await w.api({ method: 'GET', url: '/api/v1/me/pages', headers: { cookie: diego.cookie } });
    expect(mine.statusCode).toBe(200);
    const items = mine.json<{ items: Array<{ id: string; state: string; title: string }> }>().items;
    expect(items.map((incident) => [incident.id, incident.state]).sort()).toEqual([
      [first, 'triggered'],
      [second, 'acknowledged'],
    ]);
    expect((await w.api({ method: 'GET', url: '/api/v1/me/pages', headers: { cookie: bob.cookie } })).json()).toEqual({ items: [] });
    expect((await w.api({ method: 'GET', url: '/api/v1/me/pages', headers: { cookie: '' } })).statusCode).toBe(401);
  });

});
