import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, call, clearFirestore, waitFor } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { TaskQueueExpiryScheduler } from '../../../src/adapters/expiry-tasks';
import { emulatorIdToken as idToken } from '../../../tools/auth-emulator';

const db = adminDb();

describe('adapters/expiry-tasks (Cloud Tasks and Functions emulators)', function () {
  this.timeout(90_000);
  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 2 });
  });

  it('expires a due hold through the Cloud Tasks queue and the expireReservation task function', async () => {
    const held = await call('reserveCart', { cartId: 'c3', items: [{ sku: 'A', quantity: 1 }] }, await idToken('alice'));
    const id = held.result?.reservationId as string;
    // The Tasks emulator dispatches at once (it ignores scheduleTime), so make the hold due first.
    const due = Date.now() - 1000;
    await db.doc(`reservations/${id}`).update({ expiresAt: Timestamp.fromMillis(due) });
    await new TaskQueueExpiryScheduler().schedule(id, due);
    await waitFor(async () => (await db.doc(`reservations/${id}`).get()).data()?.state === 'expired', 30_000, 250);
    const a = (await db.doc('inventory/A').get()).data()!;
    assert.deepEqual([a.reserved, a.available], [0, 2]);
  });

  it('scheduling the same deadline twice is one task, not an error', async () => {
    const s = new TaskQueueExpiryScheduler();
    const due = Date.now() - 1000;
    await s.schedule('no-such-reservation', due);
    await s.schedule('no-such-reservation', due);
  });
});
