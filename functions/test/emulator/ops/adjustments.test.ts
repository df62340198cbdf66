import assert from 'node:assert/strict';
import { clearFirestore } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { CountApplier } from '../../../src/stock/count-applier';
import { idToken, db, postJson } from './ops-fixtures';
import { logEntryData } from '../../../src/domain/events';

describe('ops/adjustments, through the api function (emulator)', function () {
  this.timeout(60_000);
  beforeEach(() => clearFirestore());

  it('overrides need an operator; large ones a second operator; every one is in the event log', async () => {
    await seedStock(db, { A: { 'wh-01': 100 } });
    const olga = await idToken('olga', { admin: true });
    const omar = await idToken('omar', { admin: true });
    const alice = await idToken('alice-ops', {});
    assert.equal((await postJson('/v1/inventory/A/reconcile', null, { locationId: 'wh-01', onHand: 90, reasonCode: 'damaged' })).status, 401);
    assert.equal((await postJson('/v1/inventory/A/reconcile', alice, { locationId: 'wh-01', onHand: 90, reasonCode: 'damaged' })).status, 403);
    const bad = await postJson('/v1/inventory/A/reconcile', olga, { locationId: 'wh-01', onHand: -1, reasonCode: 'because' });
    assert.equal(bad.status, 400);
    assert.deepEqual(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort(), ['onHand', 'reasonCode']);

    const small = (await (await postJson('/v1/inventory/A/reconcile', olga, { locationId: 'wh-01', onHand: 90, reasonCode: 'damaged', note: 'water' })).json()) as { state: string };
    assert.equal(small.state, 'applied');
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 90);

    const large = (await (await postJson('/v1/inventory/A/reconcile', olga, { locationId: 'wh-01', onHand: 10, reasonCode: 'lost' })).json()) as { state: string; adjustmentId: string };
    assert.equal(large.state, 'pending_approval');
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 90, 'waits for approval');
    assert.equal((await postJson(`/v1/adjustments/${large.adjustmentId}/approve`, olga)).status, 403, 'not by the requester');
    const ok = await postJson(`/v1/adjustments/${large.adjustmentId}/approve`, omar);
    assert.equal(ok.status, 200);
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 10);
    assert.equal((await postJson(`/v1/adjustments/${large.adjustmentId}/approve`, omar)).status, 409);
    const adjusted = (await db.collection('inventoryEvents').where('type', '==', 'inventory.adjusted').get()).docs.map((d) => [logEntryData(d.data()).reason, logEntryData(d.data()).actor]);
    assert.deepEqual(adjusted.sort(), [['damaged: water', 'olga'], ['lost', 'omar']], 'the operator is on every manual change');
  });

  it('the threshold is cumulative per SKU per day; approval applies the reviewed delta in one transaction, or refuses if the count moved', async () => {
    await seedStock(db, { B: { 'wh-01': 1000 } });
    const olga = await idToken('olga', { admin: true });
    const omar = await idToken('omar', { admin: true });
    const ask = async (onHand: number) => (await (await postJson('/v1/inventory/B/reconcile', olga, { locationId: 'wh-01', onHand, reasonCode: 'cycle_count' })).json()) as { state: string; adjustmentId: string };
    assert.equal((await ask(970)).state, 'applied', '30 units: under the threshold');
    const split = await ask(940);
    assert.equal(split.state, 'pending_approval', 'another 30 the same day: 60 > 50, a second operator must look');
    // The count moves before the approval (the WMS reports a new one).
    await new CountApplier(db, { defaultThreshold: 2 }).apply(new Map([['B', [{ sku: 'B', locationId: 'wh-01', onHand: 955, seq: 2, updatedAt: Date.now(), deleted: false }]]]), 'wms');
    const refused = await postJson(`/v1/adjustments/${split.adjustmentId}/approve`, omar);
    assert.equal(refused.status, 409);
    assert.match(((await refused.json()) as { error: string }).error, /count moved from 970 to 955/);
    assert.equal((await db.doc('inventory/B').get()).data()!.onHand, 955, 'nothing applied');
    assert.equal((await db.doc(`adjustments/${split.adjustmentId}`).get()).data()!.state, 'superseded');
    // Asked again against the new count, and approved: the reviewed delta applies.
    const again = await ask(925);
    assert.equal(again.state, 'pending_approval');
    assert.equal((await postJson(`/v1/adjustments/${again.adjustmentId}/approve`, omar)).status, 200);
    const applied = (await db.doc(`adjustments/${again.adjustmentId}`).get()).data()!;
    assert.deepEqual([applied.state, applied.from, applied.delta, applied.requestedBy, applied.approvedBy, applied.appliedBy], ['applied', 955, -30, 'olga', 'omar', 'omar']);
    assert.equal((await db.doc('inventory/B').get()).data()!.onHand, 925);
  });
});
