import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { openIntent, paymentIdFor, readIntent, recordEvent } from '../../../src/checkout/payment-intents';

describe('checkout/payment-intents (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('one intent per reservation, opened once; each provider event is recorded and moves the intent', async () => {
    const a = await openIntent(db, 'r1', 'u1', 1000);
    const b = await openIntent(db, 'r1', 'u1', 2000);
    assert.equal(a.paymentId, paymentIdFor('r1'));
    assert.equal(b.createdAt.toMillis(), 1000, 'the second open returns the first intent');
    await recordEvent(db, { id: 'evt-1', type: 'payment.succeeded', paymentId: a.paymentId }, 'succeeded', 'confirmed', 3000);
    const after = (await readIntent(db, a.paymentId))!;
    assert.deepEqual([after.state, after.lastEventId, after.outcome], ['succeeded', 'evt-1', 'confirmed']);
    assert.equal((await db.doc('paymentEvents/evt-1').get()).data()!.outcome, 'confirmed');
    await recordEvent(db, { id: 'evt-2', type: 'payment.unknown', paymentId: a.paymentId }, null, 'ignored', 4000);
    assert.equal((await readIntent(db, a.paymentId))!.state, 'succeeded', 'an ignored event moves nothing');
    assert.equal(await readIntent(db, 'pi_none'), undefined);
  });
});
