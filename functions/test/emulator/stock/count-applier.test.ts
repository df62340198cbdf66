import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { CountApplier } from '../../../src/stock/count-applier';
import { LocationChange } from '../../../src/domain/sequence';

describe('stock/count-applier (emulator)', () => {
  const db = adminDb();
  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 5, B: 5 });
  });
  const change = (sku: string, onHand: number, seq: number): LocationChange => ({ sku, locationId: 'wh-01', onHand, seq, updatedAt: Date.now() - 1000, deleted: false });
  const counts = (...cs: LocationChange[]) => {
    const m = new Map<string, LocationChange[]>();
    for (const c of cs) (m.get(c.sku) ?? m.set(c.sku, []).get(c.sku)!).push(c);
    return m;
  };

  it('one write per SKU with its events, the newest seq winning; a stale or repeated change writes nothing', async () => {
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    const s = await applier.apply(counts(change('A', 3, 5), change('A', 2, 6), change('B', 9, 2)), 'wms');
    assert.deepEqual([s.skus, s.skusWritten, s.applied], [2, 2, 3]);
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 2);
    assert.ok(s.lagMs.length === 0, 'no lag without source times');
    const again = await applier.apply(counts(change('A', 7, 6), change('A', 1, 4)), 'wms', { fresh: true });
    assert.deepEqual([again.skusWritten, again.duplicate, again.stale, again.unchanged], [0, 1, 1, 1]);
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 2);
    const trail = (await db.collection('syncTrail').get()).docs.map((d) => d.data().entries as string).join('\n');
    assert.match(trail, /A\twh-01\t4\t1\tstale/, 'the refused change is on the trail');
  });

  it('a conflicting write between read and commit is retried against the new document, not lost', async () => {
    let injected = false;
    const applier = new CountApplier(db, {
      defaultThreshold: 2,
      beforeCommit: async () => {
        if (injected) return;
        injected = true;
        await db.doc('inventory/A').update({ reserved: 1, available: 4 });
      },
    });
    const s = await applier.apply(counts(change('A', 8, 9)), 'wms', { oldestUpdatedAt: new Map([['A', Date.now() - 1000]]) });
    assert.equal(s.conflicts, 1);
    assert.equal(s.lagMs.length, 1);
    const a = (await db.doc('inventory/A').get()).data()!;
    assert.deepEqual([a.onHand, a.reserved], [8, 1]);
  });
});
