import assert from 'node:assert/strict';
import { z } from 'zod';
import { ApiServices, Route, router } from '../../../../src/triggers/http/router';
import { RecordedResponse } from './fake-response';

describe('triggers/http/router', () => {
  const seen: string[] = [];
  const routes: Route[] = [
    { method: 'get', path: '/v1/things/{id}', doc: { summary: 's', tag: 'stock', security: 'none', params: z.object({ id: z.string().regex(/^\d+$/, 'must be digits') }), responses: {} }, handle: async ({ res, params, path }) => void (seen.push(`${path}:${params.id}`), res.status(200).json({ id: params.id })) },
    { method: 'get', path: '/v1/secret', doc: { summary: 's', tag: 'operations', security: 'operator', responses: {} }, handle: async () => assert.fail('the guard runs first') },
    { method: 'get', path: '/v1/boom', doc: { summary: 's', tag: 'stock', security: 'none', responses: {} }, handle: async () => { throw new Error('bug'); } },
  ];
  const app = {} as ApiServices;
  const handle = router(routes, app);
  const request = async (method: string, url: string, headers: Record<string, string> = {}) => {
    const res = new RecordedResponse();
    await handle({ method, path: url, query: {}, get: (h: string) => headers[h.toLowerCase()] } as never, res as never);
    return res;
  };

  it('matches path parameters (decoded), behind the Hosting /api prefix too', async () => {
    assert.deepEqual((await request('GET', '/v1/things/42')).body, { id: '42' });
    assert.deepEqual((await request('GET', '/api/v1/things/%34%32/')).body, { id: '42' });
    assert.deepEqual(seen, ['/v1/things/42:42', '/v1/things/%34%32:42'], 'the path as routed, the parameter decoded');
  });

  it('unknown path 404, known path other method 405, bad parameter 400 naming it', async () => {
    assert.equal((await request('GET', '/v1/nothing')).status_, 404);
    assert.equal((await request('POST', '/v1/things/42')).status_, 405);
    const bad = await request('GET', '/v1/things/abc');
    assert.equal(bad.status_, 400);
    assert.deepEqual((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field), ['id']);
  });

  it("the route's security scheme is enforced before anything else; a bug is a 500 that says nothing", async () => {
    assert.equal((await request('GET', '/v1/secret')).status_, 401);
    const boom = await request('GET', '/v1/boom');
    assert.deepEqual([boom.status_, boom.body], [500, { error: 'internal error' }]);
  });
});
