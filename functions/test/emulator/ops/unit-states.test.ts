import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { changeUnitStates } from '../../../src/ops/unit-states';
import { CountApplier } from '../../../src/stock/count-applier';
import { parseRows } from '../../../src/adapters/wms-http';
import { coalesce } from '../../../src/domain/sequence';
import { DomainError } from '../../../src/errors';
import { forgetAllocation } from '../../../src/adapters/allocation-config';
import { logEntryData } from '../../../src/domain/events';

describe('ops/unit-states (emulator)', function () {
  this.timeout(60_000);
  const db = adminDb();
  beforeEach(async () => {
    await clearFirestore();
    forgetAllocation();
  });
  const doc = async (sku: string) => (await db.doc(`inventory/${sku}`).get()).data()!;

  it('moves units to damaged and back with a reason: onHand stays, available follows; the event names the operator; too many is refused naming the field, changing nothing', async () => {
    await seedStock(db, { A: { 'wh-01': 10 } });
    const r = await changeUnitStates(db, 'A', 'olga', { locationId: 'wh-01', move: { from: 'sellable', to: 'damaged', quantity: 3 }, reasonCode: 'damaged', note: 'forklift' }, 2);
    assert.deepEqual([r.available, r.position.damaged], [{ before: 10, after: 7 }, 3]);
    let d = await doc('A');
    assert.deepEqual([d.onHand, d.available, d.locations['wh-01'].damaged], [10, 7, 3]);
    const ev = (await db.collection('inventoryEvents').where('sku', '==', 'A').where('type', '==', 'inventory.adjusted').get()).docs.map((x) => logEntryData(x.data()));
    assert.deepEqual(ev.map((e) => [e.actor, e.reason, e.delta]), [['olga', 'damaged: forklift (3 sellable -> damaged)', -3]]);
    await assert.rejects(changeUnitStates(db, 'A', 'olga', { locationId: 'wh-01', move: { from: 'damaged', to: 'sellable', quantity: 4 }, reasonCode: 'found' }, 2), (e: DomainError) => e.code === 'failed-precondition' && /move.quantity: 4 asked, 3 damaged/.test(e.message));
    await assert.rejects(changeUnitStates(db, 'A', 'olga', { locationId: 'wh-01', reasonCode: 'found' }, 2), (e: DomainError) => e.code === 'invalid-argument');
    await assert.rejects(changeUnitStates(db, 'A', 'olga', { locationId: 'wh-09', move: { from: 'damaged', to: 'sellable', quantity: 1 }, reasonCode: 'found' }, 2), (e: DomainError) => e.code === 'invalid-argument' && /locationId/.test(e.message));
    d = await doc('A');
    assert.deepEqual([d.available, d.locations['wh-01'].damaged], [7, 3], 'refusals changed nothing');
    await changeUnitStates(db, 'A', 'omar', { locationId: 'wh-01', move: { from: 'damaged', to: 'qualityControl', quantity: 3 }, reasonCode: 'quality_check' }, 2);
    await changeUnitStates(db, 'A', 'omar', { locationId: 'wh-01', move: { from: 'qualityControl', to: 'sellable', quantity: 3 }, reasonCode: 'quality_check' }, 2);
    d = await doc('A');
    assert.deepEqual([d.available, d.locations['wh-01'].damaged, d.locations['wh-01'].qualityControl], [10, undefined, undefined]);
    assert.equal((await db.collection('adjustments').where('kind', '==', 'units').get()).size, 3);
  });

  it('incoming units with a date show as backOn on the public document; their arrival clears it', async () => {
    await seedStock(db, { B: { 'wh-01': 0 } });
    await changeUnitStates(db, 'B', 'olga', { locationId: 'wh-01', incoming: 24, incomingAt: '2026-12-20T09:00:00Z', reasonCode: 'purchase_order' }, 2);
    let d = await doc('B');
    assert.ok((d.backOn as Timestamp).isEqual(Timestamp.fromDate(new Date('2026-12-20T09:00:00Z'))));
    assert.equal(d.status, 'out_of_stock');
    // The WMS's v2 row says they arrived: 24 on hand, none incoming.
    const { changes } = parseRows([{ sku: 'B', locationId: 'wh-01', onHand: 24, seq: 5, updatedAt: new Date().toISOString(), incoming: 0, incomingAt: null }], 2);
    await new CountApplier(db, { defaultThreshold: 2 }).apply(coalesce(changes).bySku, 'wms');
    d = await doc('B');
    assert.equal(d.backOn, undefined);
    assert.deepEqual([d.available, d.locations['wh-01'].incoming], [24, undefined]);
  });

  it('the WMS (v2) and pushes report damaged and quality-control units: counted in onHand, never available', async () => {
    const { changes } = parseRows([{ sku: 'C', locationId: 'wh-01', onHand: 10, seq: 1, updatedAt: new Date().toISOString(), damaged: 2, qualityControl: 1, safetyStock: 4 }], 2);
    await new CountApplier(db, { defaultThreshold: 2 }).apply(coalesce(changes).bySku, 'wms');
    const d = await doc('C');
    assert.deepEqual([d.onHand, d.available, d.locations['wh-01'].damaged, d.locations['wh-01'].qualityControl, d.locations['wh-01'].safetyStock], [10, 7, 2, 1, 4]);
  });
});
