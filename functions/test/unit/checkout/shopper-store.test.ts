import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { shopperDoc, shopperFromDoc } from '../../../src/checkout/shopper-store';

describe('checkout/shopper-store', () => {
  it('reads a missing shopper as holding nothing, and writes only the SKUs still held', () => {
    assert.deepEqual(shopperFromDoc('u1', undefined), { uid: 'u1', openHolds: 0, units: {} });
    const snap = { data: () => ({ openHolds: 2, units: { A: 3 } }) } as never;
    assert.deepEqual(shopperFromDoc('u1', snap), { uid: 'u1', openHolds: 2, units: { A: 3 } });
    const now = Timestamp.fromMillis(0);
    assert.deepEqual(shopperDoc({ uid: 'u1', openHolds: -1, units: { A: 0, B: 2 } }, now), { uid: 'u1', openHolds: 0, units: { B: 2 }, updatedAt: now });
  });
});
