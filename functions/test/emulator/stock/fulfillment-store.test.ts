import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { FulfillmentDoc, fulfillmentRef, markAcked, readFulfillment, saleLines } from '../../../src/stock/fulfillment-store';

describe('stock/fulfillment-store (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('a sale as the WMS takes it (one line per SKU and location), acknowledged in a transaction', async () => {
    const f: FulfillmentDoc = {
      reservationId: 'r1', uid: 'u1', paymentId: 'p1', wmsState: 'pending', createdAt: Timestamp.now(),
      lines: [{ sku: 'A', quantity: 3, allocations: [{ locationId: 'wh-1', quantity: 2 }, { locationId: 'wh-2', quantity: 1 }] }],
    };
    await fulfillmentRef(db, 'r1').set(f);
    const read = (await readFulfillment(db, 'r1'))!;
    assert.deepEqual(saleLines(read), [{ sku: 'A', locationId: 'wh-1', quantity: 2 }, { sku: 'A', locationId: 'wh-2', quantity: 1 }]);
    const acks = [{ sku: 'A', locationId: 'wh-1', ackSeq: 9 }];
    await db.runTransaction(async (tx) => markAcked(tx, db, 'r1', acks, Timestamp.now()));
    const after = (await readFulfillment(db, 'r1'))!;
    assert.deepEqual([after.wmsState, after.wmsAcks], ['acked', acks]);
    assert.equal(await readFulfillment(db, 'none'), undefined);
  });
});
