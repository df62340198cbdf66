/**
 * `npm run migrate`'s use case against the Firestore emulator: documents of the old shape (private
 * bookkeeping in public) are moved to the current one, nothing else changes, a rerun changes
 * nothing, and a run that crashes after a page resumes where it stopped.
 */
import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { migrateStockDocuments, migrateUnpublishedEvents } from '../../../src/ops/migrate';
import { hasAllStockFields } from '../../../src/stock/stock-store';

const db = adminDb();
const PRIVATE = ['pendingSales', 'removedLocations', 'shortfall'];

/** A document as versions before the split wrote it: the bookkeeping in public, wmsOnHand per position. */
async function legacy(n: number): Promise<void> {
  const t = Timestamp.fromMillis(Date.parse('2026-10-01T00:00:00Z'));
  for (let i = 0; i < n; i += 400) {
    const batch = db.batch();
    for (let k = i; k < Math.min(n, i + 400); k++) {
      const sku = `OLD-${String(k).padStart(4, '0')}`;
      batch.set(db.doc(`inventory/${sku}`), {
        sku, onHand: 4, reserved: 1, available: 3, status: 'in_stock', lowStockThreshold: 2, syncedAt: t, updatedAt: t, version: 3,
        locations: { 'wh-01': { onHand: 4, wmsOnHand: 6, seq: 7, syncedAt: t } },
        pendingSales: { 'wh-01': [{ id: `r${k}:${sku}`, quantity: 2 }] }, removedLocations: { 'store-02': 5 }, shortfall: 0,
      });
    }
    await batch.commit();
  }
}

describe('migrate stock documents (Firestore emulator)', function () {
  this.timeout(60_000);
  beforeEach(clearFirestore);

  it('moves the bookkeeping out of every public document, keeps the levels, and is idempotent', async () => {
    await legacy(450);
    const r = await migrateStockDocuments(db, 2, { pageSize: 100 });
    assert.deepEqual([r.scanned, r.migrated, r.done], [450, 450, true]);
    const docs = (await db.collection('inventory').get()).docs;
    for (const d of docs) {
      const data = d.data();
      for (const f of PRIVATE) assert.equal(f in data, false, `${d.id}.${f}`);
      assert.equal('wmsOnHand' in data.locations['wh-01'], false);
      assert.ok(hasAllStockFields(data));
      assert.deepEqual([data.onHand, data.reserved, data.available, data.version, data.internals], [4, 1, 3, 4, true]);
    }
    const priv = (await db.doc('inventoryInternals/OLD-0007').get()).data();
    assert.deepEqual([priv?.pendingSales['wh-01'][0].quantity, priv?.removedLocations['store-02'], priv?.wmsOnHand['wh-01']], [2, 5, 6]);
    const again = await migrateStockDocuments(db, 2, { pageSize: 100, restart: true });
    assert.deepEqual([again.scanned, again.migrated], [450, 0]);
    assert.equal((await db.doc('inventory/OLD-0007').get()).data()?.version, 4, 'a rerun writes nothing');
  });

  it('resumes after a crash from the last page it saved', async () => {
    await legacy(300);
    let pages = 0;
    await assert.rejects(migrateStockDocuments(db, 2, { pageSize: 100, afterPage: () => {
      if (++pages === 2) throw new Error('crash');
    } }), /crash/);
    const saved = (await db.doc('migrations/stock-shape-2026-12').get()).data();
    assert.deepEqual([saved?.scanned, saved?.lastSku, saved?.done], [200, 'OLD-0199', false]);
    assert.equal('pendingSales' in (await db.doc('inventory/OLD-0250').get()).data()!, true, 'not reached yet');
    const r = await migrateStockDocuments(db, 2, { pageSize: 100 });
    assert.deepEqual([r.scanned, r.migrated, r.done], [300, 300, true]);
    assert.equal('pendingSales' in (await db.doc('inventory/OLD-0250').get()).data()!, false);
  });

  it('gives each log entry not yet published its outbox copy (0.8.0), once; published ones stay out', async () => {
    const t = Timestamp.now();
    const entry = (id: string, published: boolean) => ({ id, type: 'inventory.synced', sku: 'A', source: 'wms', version: 1, ordinal: 0, createdAt: t, published, expireAt: t, data: { sku: 'A', delta: 1 } });
    const batch = db.batch();
    for (let i = 0; i < 7; i++) batch.set(db.doc(`inventoryEvents/e${i}`), entry(`e${i}`, i >= 5));
    await batch.commit();
    assert.deepEqual(await migrateUnpublishedEvents(db, { pageSize: 2 }), { copied: 5 });
    const outbox = (await db.collection('eventOutbox').get()).docs;
    assert.deepEqual(outbox.map((d) => d.id).sort(), ['e0', 'e1', 'e2', 'e3', 'e4']);
    assert.equal('expireAt' in outbox[0]!.data(), false, 'the copy has no retention stamp');
    assert.deepEqual(await migrateUnpublishedEvents(db), { copied: 0 }, 'a rerun copies nothing');
  });
});
