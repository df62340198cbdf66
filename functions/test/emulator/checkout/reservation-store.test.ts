import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { dueHolds, heldUnits, readReservation, reservationRef, reservationView } from '../../../src/checkout/reservation-store';

describe('checkout/reservation-store (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('lists the holds that are due and the units held per SKU; only held reservations count', async () => {
    const doc = (state: string, expiresAt: number, items: { sku: string; quantity: number }[]) => ({
      uid: 'u', cartId: 'c', items, state, expiresAt: Timestamp.fromMillis(expiresAt), maxExpiresAt: Timestamp.fromMillis(expiresAt), createdAt: Timestamp.now(), updatedAt: Timestamp.now(),
    });
    await reservationRef(db, 'due').set(doc('held', 1000, [{ sku: 'A', quantity: 2 }]));
    await reservationRef(db, 'later').set(doc('held', 9000, [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 4 }]));
    await reservationRef(db, 'sold').set(doc('committed', 500, [{ sku: 'A', quantity: 7 }]));
    assert.deepEqual(await dueHolds(db, 5000, 10), [{ id: 'due', expiresAt: 1000 }]);
    assert.deepEqual(Object.fromEntries(await heldUnits(db)), { A: 3, B: 4 });
    const r = (await readReservation(db, 'due'))!;
    assert.deepEqual(reservationView('due', r), { reservationId: 'due', state: 'held', expiresAt: '1970-01-01T00:00:01.000Z', items: [{ sku: 'A', quantity: 2 }] });
    assert.equal(await readReservation(db, 'none'), undefined);
  });
});
