import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { clearFirestore } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { ROUTES } from '../../../src/triggers/api';
import { fetch, db, BASE, post, row } from './api-fixtures';

describe('triggers/api: the HTTP api (Functions emulator)', function () {
  this.timeout(60_000);
  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 5, B: 5 });
    for (const s of ['A', 'B', 'C']) await db.doc(`products/${s}`).set({ name: s });
  });

  it('refuses a reserved or malformed id as bad input naming the field, on every route, never a 500', async () => {
    for (const sku of ['__probe__', '__name__', 'a b']) {
      const one = await fetch(`${BASE}/v1/inventory/${encodeURIComponent(sku)}`);
      assert.equal(one.status, 400, `GET /v1/inventory/${sku}`);
      assert.match(JSON.stringify(await one.json()), /"field":"sku"/);
    }
    const bulk = await fetch(`${BASE}/v1/inventory?skus=A,__x__`);
    assert.equal(bulk.status, 400);
    assert.match(JSON.stringify(await bulk.json()), /"field":"skus"/);
    const r = await post(JSON.stringify({ source: 'erp', batchId: 'reserved-1', updates: [row('__x__', 1, 1), row('A', 2, 7), row('A', 3, 8, { locationId: '__loc__' })] }));
    assert.equal(r.status, 202);
    assert.deepEqual((r.body.rejected as { index: number; field: string }[]).map((e) => [e.index, e.field]), [[0, 'sku'], [2, 'locationId']]);
    const badSource = await post(JSON.stringify({ source: '__src__', batchId: 'b', updates: [row('A', 1, 9)] }));
    assert.equal(badSource.status, 400);
    assert.match(JSON.stringify(badSource.body), /"field":"source"/);
  });

  it('documents every route in docs/openapi.json', () => {
    const doc = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../docs/openapi.json'), 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(doc.openapi, /^3\./);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort();
    assert.deepEqual(documented, ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });
});
