import assert from 'node:assert/strict';
import { clearFirestore } from '../helpers';
import { makeService, seedStock } from '../checkout-fixtures';
import { checkInvariants } from '../../../src/ops/invariants';
import { db } from './ops-fixtures';
import { logEntryData } from '../../../src/domain/events';

describe('ops/invariants (emulator)', function () {
  this.timeout(60_000);
  beforeEach(() => clearFirestore());

  it('the invariant check repairs reserved drift with an event and an audit entry', async () => {
    await seedStock(db, { A: 5 });
    const { service } = makeService(db, 'i');
    await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'A', quantity: 2 }] });
    await db.doc('inventory/A').update({ reserved: 4, available: 1 });
    const r = await checkInvariants(db, 2);
    assert.deepEqual(r.repaired, [{ sku: 'A', field: 'reserved', was: 4, now: 2 }]);
    const a = (await db.doc('inventory/A').get()).data()!;
    assert.deepEqual([a.reserved, a.available], [2, 3]);
    const ev = (await db.collection('inventoryEvents').where('sku', '==', 'A').get()).docs.filter((d) => logEntryData(d.data()).reason === 'invariant_repair');
    assert.equal(ev.length, 1);
    assert.equal((await db.collection('adjustments').where('kind', '==', 'invariant_repair').count().get()).data().count, 1);
    assert.deepEqual((await checkInvariants(db, 2)).repaired, []);
  });
});
