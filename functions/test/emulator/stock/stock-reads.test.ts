import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { getStock, getStockDetail, getStocks } from '../../../src/stock/stock-reads';

describe('stock/stock-reads (emulator)', () => {
  const db = adminDb();
  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 4, B: 0 });
  });

  it('one SKU as storefronts see it, with freshness derived from the time now', async () => {
    await db.doc('syncStatus/wms').set({ lastSuccessAt: Timestamp.fromMillis(Date.now() - 60_000), staleAfterSeconds: 30, stale: false });
    const a = (await getStock(db, 'A'))!;
    assert.deepEqual([a.sku, a.onHand, a.available, a.stale], ['A', 4, 4, true], 'stale though the stored flag says not');
    assert.equal(await getStock(db, 'NONE'), null);
    assert.equal('pendingSales' in a, false);
  });

  it('many at once: the found, the missing, one freshness', async () => {
    const r = await getStocks(db, ['A', 'B', 'NONE']);
    assert.deepEqual(r.items.map((i) => [i.sku, i.status]), [['A', 'in_stock'], ['B', 'out_of_stock']]);
    assert.deepEqual(r.missing, ['NONE']);
    assert.equal(r.stale, true, 'never synced');
  });

  it("an operator's detail adds the WMS's own counts, pending sales and the shortfall", async () => {
    const d = (await getStockDetail(db, 'A', 2))!;
    const loc = Object.values(d.locations as Record<string, { wmsOnHand: number; pendingSales: unknown[] }>)[0]!;
    assert.deepEqual([loc.wmsOnHand, loc.pendingSales, d.shortfall], [4, [], 0]);
    assert.equal(await getStockDetail(db, 'NONE', 2), null);
  });
});
