import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FieldPath, FieldValue, Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { emptyState, StockState } from '../../../src/domain/inventory';
import { internalsDoc, readStocks, stockDoc, writeInBatch } from '../../../src/stock/stock-store';
import { OutboxGroup } from '../../../src/stock/outbox';
import { CountApplier } from '../../../src/stock/count-applier';
import { WireBatch, WireClient } from '../../../src/adapters/firestore-wire';

const db = adminDb();

const position = fc.record({
  onHand: fc.nat(50),
  extra: fc.nat(3),
  seq: fc.integer({ min: 1, max: 1000 }),
  syncedAt: fc.integer({ min: 1, max: 2_000_000_000_000 }),
});
const locations = fc.dictionary(fc.constantFrom('wh-01', 'wh-02', 'store.7', 'vendor/x', 'a b'), position, { maxKeys: 5 });

function state(sku: string, locs: Record<string, { onHand: number; extra: number; seq: number; syncedAt: number }>, reserved: number): StockState {
  const s = emptyState(sku, 5);
  for (const [loc, p] of Object.entries(locs)) s.locations[loc] = { onHand: p.onHand, wmsOnHand: p.onHand + p.extra, seq: p.seq, syncedAt: p.syncedAt };
  s.reserved = reserved;
  return s;
}

describe('stock documents (emulator)', function () {
  this.timeout(60_000);
  before(() => clearFirestore());

  it('a partial update (changed locations only) leaves exactly the document a full write would', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(locations, locations, fc.nat(20), async (a, b, reserved) => {
        const sku = `P-${n++}`;
        const now = Timestamp.fromMillis(1_700_000_000_000 + n);
        const before = state(sku, a, 0);
        // Keep some locations unchanged: the interesting case for a partial update.
        const after = state(sku, { ...a, ...b }, reserved);
        if (n % 3 === 0) for (const loc of Object.keys(a).slice(0, 1)) delete after.locations[loc];
        await db.doc(`inventory/${sku}`).create(stockDoc(before, 1, now));
        const priv = internalsDoc(before);
        if (priv) await db.doc(`inventoryInternals/${sku}`).create(priv);
        const [read] = await readStocks((...refs) => db.getAll(...refs), db, [sku], 5);
        assert.deepEqual(read!.state, { ...before, lastOutflowAt: null }, 'the two documents give back the aggregate');
        const batch = new WireBatch(WireClient.for(db));
        writeInBatch(batch, db, read!, after, [], now, new OutboxGroup());
        await batch.commit();
        const written = await db.doc(`inventory/${sku}`).get();
        assert.deepEqual(written.data(), stockDoc(after, 2, now));
        assert.deepEqual((await db.doc(`inventoryInternals/${sku}`).get()).data(), internalsDoc(after) ?? undefined, 'the private document follows');
        // The complete variant (for documents missing a field) leaves the same document.
        const again = new WireBatch(WireClient.for(db));
        writeInBatch(again, db, { state: after, version: 2, updateTime: written.updateTime!, complete: false }, after, [], now, new OutboxGroup());
        await again.commit();
        assert.deepEqual((await db.doc(`inventory/${sku}`).get()).data(), stockDoc(after, 3, now));
      }),
      { numRuns: 40 },
    );
  });

  it('the public document holds only what storefronts need; the bookkeeping is private', async () => {
    const s = state('PUB-1', { 'wh-01': { onHand: 3, extra: 2, seq: 4, syncedAt: 1 } }, 7);
    s.pendingSales = { 'wh-01': [{ id: 'r1:PUB-1', quantity: 2 }] };
    s.removed = { 'wh-09': 3 };
    const pub = stockDoc(s, 1, Timestamp.fromMillis(0));
    const allowed = ['sku', 'onHand', 'reserved', 'available', 'status', 'locations', 'syncedAt', 'updatedAt', 'version', 'lowStockThreshold', 'lastOutflowAt', 'internals', 'locationIds'];
    assert.deepEqual(Object.keys(pub).filter((k) => !allowed.includes(k)), []);
    for (const p of Object.values(pub.locations as Record<string, object>)) assert.deepEqual(Object.keys(p).sort(), ['onHand', 'seq', 'syncedAt']);
    assert.equal(pub.internals, true);
    assert.deepEqual(internalsDoc(s), { sku: 'PUB-1', pendingSales: s.pendingSales, removedLocations: { 'wh-09': 3 }, wmsOnHand: { 'wh-01': 5 }, shortfall: 4 });
    assert.equal(internalsDoc(state('PUB-2', { 'wh-01': { onHand: 3, extra: 0, seq: 4, syncedAt: 1 } }, 1)), null, 'nothing to keep: no private document');
  });

  it('a count writes one document per SKU when the bookkeeping does not change, and moves a document from before the split', async () => {
    const applier = new CountApplier(db, { defaultThreshold: 5 });
    const t = Timestamp.fromMillis(1_700_000_000_000);
    await db.doc('inventory/PLAIN-1').create(stockDoc(state('PLAIN-1', { 'wh-01': { onHand: 3, extra: 0, seq: 1, syncedAt: 1 } }, 0), 1, t));
    const plain = await applier.apply(new Map([['PLAIN-1', [{ sku: 'PLAIN-1', locationId: 'wh-01', onHand: 9, seq: 2, updatedAt: 0, deleted: false }]]]), 'wms');
    assert.equal(plain.writes, 1 + 2 * plain.events + 1, 'one stock document, its events (each in the log and the outbox), and the trail document of the chunk: no private document');
    assert.equal((await db.doc('inventoryInternals/PLAIN-1').get()).exists, false);

    // Written by a version that kept the bookkeeping in public: read from there, moved on the next write.
    await db.doc('inventory/OLD-1').create({
      sku: 'OLD-1', onHand: 4, reserved: 0, available: 4, status: 'low_stock', shortfall: 0, lowStockThreshold: 5,
      removedLocations: { 'wh-09': 2 }, pendingSales: { 'wh-01': [{ id: 'r9:OLD-1', quantity: 1 }] },
      locations: { 'wh-01': { onHand: 4, wmsOnHand: 5, seq: 3, syncedAt: t } }, syncedAt: t, lastOutflowAt: null, updatedAt: t, version: 3,
    });
    const [old] = await readStocks((...refs) => db.getAll(...refs), db, ['OLD-1'], 5);
    assert.deepEqual(old!.state.removed, { 'wh-09': 2 });
    assert.equal(old!.state.locations['wh-01']!.wmsOnHand, 5);
    assert.equal(old!.complete, false);
    await applier.apply(new Map([['OLD-1', [{ sku: 'OLD-1', locationId: 'wh-02', onHand: 1, seq: 1, updatedAt: 0, deleted: false }]]]), 'wms');
    const pub = (await db.doc('inventory/OLD-1').get()).data()!;
    for (const k of ['pendingSales', 'removedLocations', 'shortfall']) assert.ok(!(k in pub), `${k} left the public document`);
    assert.ok(!('wmsOnHand' in pub.locations['wh-01']));
    assert.equal(pub.internals, true);
    const priv = (await db.doc('inventoryInternals/OLD-1').get()).data()!;
    assert.deepEqual(priv.removedLocations, { 'wh-09': 2 });
    assert.deepEqual(priv.wmsOnHand, { 'wh-01': 5 });
    assert.equal(priv.pendingSales['wh-01'][0].id, 'r9:OLD-1');
    assert.equal(pub.onHand, 5);
  });

  it('the lean commit path stores every value type exactly as the SDK does', async () => {
    const value = {
      s: 'text with `backticks` and.dots',
      i: 42,
      neg: -7,
      big: Number.MAX_SAFE_INTEGER,
      d: 1.5,
      negZero: -0,
      nan: NaN,
      inf: -Infinity,
      b: false,
      n: null,
      t: Timestamp.fromMillis(1_700_000_000_123),
      tNanos: new Timestamp(1_700_000_000, 987_654_321),
      arr: [1, 'two', { three: 3, four: [4] }],
      map: { nested: { deep: true }, 'odd key/with.dot': 1, 'a`b': 2, empty: {} },
      skipped: undefined,
    };
    await db.doc('wire/sdk').set(value);
    const batch = new WireBatch(WireClient.for(db));
    batch.set(db.doc('wire/lean'), value);
    const [updateTime] = await batch.commit();
    const [sdk, lean] = await db.getAll(db.doc('wire/sdk'), db.doc('wire/lean'));
    assert.deepEqual(lean!.data(), sdk!.data());
    assert.ok(lean!.updateTime!.isEqual(updateTime!), 'commit returns the update time the document got');
    // Updates name nested fields by segments, including ones that need quoting; delete removes one.
    const upd = new WireBatch(WireClient.for(db));
    upd.update(db.doc('wire/lean'), [[['map', 'odd key/with.dot'], 5], [['map', 'a`b'], FieldValue.delete()], [['i'], 43]], { lastUpdateTime: updateTime! });
    await upd.commit();
    await db.doc('wire/sdk').update(new FieldPath('map', 'odd key/with.dot'), 5, new FieldPath('map', 'a`b'), FieldValue.delete(), 'i', 43);
    const [sdk2, lean2] = await db.getAll(db.doc('wire/sdk'), db.doc('wire/lean'));
    assert.deepEqual(lean2!.data(), sdk2!.data());
    assert.throws(() => new WireBatch(WireClient.for(db)).set(db.doc('wire/x'), { when: new Date() }), /when: cannot encode Date/);
    assert.throws(() => new WireBatch(WireClient.for(db)).set(db.doc('wire/x'), { a: [[1]] }), /a\[0\]: Firestore arrays cannot hold arrays/);
    // create refuses an existing document, as the SDK's does.
    await assert.rejects(new WireBatch(WireClient.for(db)).create(db.doc('wire/lean'), { a: 1 }).commit(), (e: { code?: number }) => e.code === 6);
  });

  it('refuses a partial update over a document changed since it was read', async () => {
    const now = Timestamp.now();
    const s = state('Q', { 'wh-01': { onHand: 1, extra: 0, seq: 1, syncedAt: 1 } }, 0);
    await db.doc('inventory/Q').set(stockDoc(s, 1, now));
    const snap = await db.doc('inventory/Q').get();
    await db.doc('inventory/Q').update({ reserved: 1 });
    const batch = new WireBatch(WireClient.for(db));
    writeInBatch(batch, db, { state: s, version: 1, updateTime: snap.updateTime! }, state('Q', { 'wh-01': { onHand: 2, extra: 0, seq: 2, syncedAt: 2 } }, 0), [], now, new OutboxGroup());
    await assert.rejects(batch.commit(), (e: { code?: number }) => e.code === 9);
    assert.equal((await db.doc('inventory/Q').get()).data()!.locations['wh-01'].onHand, 1);
  });
});
