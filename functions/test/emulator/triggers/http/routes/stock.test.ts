import { Timestamp } from 'firebase-admin/firestore';
import assert from 'node:assert/strict';
import { clearFirestore } from '../../../helpers';
import { seedStock } from '../../../checkout-fixtures';
import { emulatorIdToken } from '../../../../../tools/auth-emulator';
import { fetch, db, BASE, job } from './../../api-fixtures';

describe('triggers/http/routes/stock: stock reads (Functions emulator)', function () {
  this.timeout(60_000);
  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 5, B: 5 });
    for (const s of ['A', 'B', 'C']) await db.doc(`products/${s}`).set({ name: s });
  });

  it('reads one SKU, 404s an unknown one, and reads up to 1,000 at once', async () => {
    const one = (await (await fetch(`${BASE}/v1/inventory/A`)).json()) as Record<string, unknown>;
    assert.deepEqual([one.sku, one.onHand, one.available, one.status], ['A', 5, 5, 'in_stock']);
    assert.equal((await fetch(`${BASE}/v1/inventory/NOPE`)).status, 404);
    const bulk = (await (await fetch(`${BASE}/v1/inventory?skus=A,B,NOPE`)).json()) as { items: { sku: string }[]; missing: string[] };
    assert.deepEqual(bulk.items.map((i) => i.sku), ['A', 'B']);
    assert.deepEqual(bulk.missing, ['NOPE']);
    // Freshness travels with every read, derived from the last success against the server clock.
    const last = new Date(Date.now() - 31_000);
    await db.doc('syncStatus/wms').set({ stale: false, state: 'ok', staleAfterSeconds: 30, lastSuccessAt: Timestamp.fromDate(last) });
    const old = (await (await fetch(`${BASE}/v1/inventory/A`)).json()) as Record<string, unknown>;
    assert.deepEqual([old.stale, old.lastSyncSuccessAt], [true, last.toISOString()]);
    await db.doc('syncStatus/wms').set({ lastSuccessAt: Timestamp.now() }, { merge: true });
    const fresh = (await (await fetch(`${BASE}/v1/inventory?skus=A`)).json()) as Record<string, unknown>;
    assert.equal(fresh.stale, false);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `S${i}`).join(',');
    assert.equal((await fetch(`${BASE}/v1/inventory?skus=${tooMany}`)).status, 400);
    assert.equal((await job('nope', 'vendor-1')).status, 404);
  });

  it('serves the private bookkeeping to operators only, through their own routes', async () => {
    await db.doc('inventoryInternals/A').set({ sku: 'A', pendingSales: { 'wh-01': [{ id: 'r7:A', quantity: 2 }] }, removedLocations: { 'wh-09': 4 }, wmsOnHand: { 'wh-01': 7 }, shortfall: 0 });
    await db.doc('inventory/A').update({ internals: true });
    await db.doc('syncHealth/wms').set({ lastError: 'GET http://wms.internal/changes: 503', breaker: { state: 'open' } });
    const pub = (await (await fetch(`${BASE}/v1/inventory/A`)).json()) as Record<string, unknown>;
    for (const k of ['pendingSales', 'removedLocations', 'shortfall', 'internals', 'wmsOnHand']) assert.ok(!JSON.stringify(pub).includes(k), `the read API does not carry ${k}`);
    for (const path of ['/v1/inventory/A/detail', '/v1/sync/health', '/v1/bus/health']) {
      assert.equal((await fetch(`${BASE}${path}`)).status, 401, `${path} without credentials`);
      const shopper = await emulatorIdToken('sam-detail');
      assert.equal((await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${shopper}` } })).status, 403, `${path} for a shopper`);
    }
    const olga = await emulatorIdToken('olga-detail', { admin: true });
    const detail = (await (await fetch(`${BASE}/v1/inventory/A/detail`, { headers: { authorization: `Bearer ${olga}` } })).json()) as { locations: Record<string, { wmsOnHand: number; pendingSales: { id: string }[] }>; removedLocations: Record<string, number> };
    assert.equal(detail.locations['wh-01']!.wmsOnHand, 7);
    assert.equal(detail.locations['wh-01']!.pendingSales[0]!.id, 'r7:A');
    assert.deepEqual(detail.removedLocations, { 'wh-09': 4 });
    const health = (await (await fetch(`${BASE}/v1/sync/health`, { headers: { authorization: `Bearer ${olga}` } })).json()) as { health: { lastError: string } };
    assert.match(health.health.lastError, /503/);
    assert.equal((await fetch(`${BASE}/v1/inventory/__x__/detail`, { headers: { authorization: `Bearer ${olga}` } })).status, 400);
  });
});
