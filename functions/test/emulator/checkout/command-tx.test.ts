import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { processDirect } from '../../../src/checkout/command-tx';
import { Code, codeOf } from '../../../src/adapters/firestore-errors';

describe('checkout/command-tx (emulator)', () => {
  const db = adminDb();
  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 2 });
  });
  const reserve = (id: string, uid: string, quantity: number) => ({ type: 'reserve' as const, reservationId: id, uid, cartId: id, items: [{ sku: 'A', quantity }], ttlSeconds: 900, maxLifetimeSeconds: 2700 });

  it('a direct command writes its reservation, stock, shopper and events in one commit, and asks for its expiry', async () => {
    const p = await processDirect(db, reserve('r1', 'u1', 2), { defaultThreshold: 2 });
    assert.equal(p.result.ok, true);
    assert.equal(p.scheduleExpiry?.reservationId, 'r1');
    const a = (await db.doc('inventory/A').get()).data()!;
    assert.deepEqual([a.reserved, a.available], [2, 0]);
    assert.equal((await db.doc('shoppers/u1').get()).data()!.openHolds, 1);
    assert.equal((await db.collection('inventoryEvents').where('type', '==', 'inventory.reserved').get()).size, 1);
  });

  it('two direct commands racing for the last units: one commits, the other fails on its precondition, nothing oversold', async () => {
    const results = await Promise.allSettled([processDirect(db, reserve('r1', 'u1', 2), { defaultThreshold: 2 }), processDirect(db, reserve('r2', 'u2', 2), { defaultThreshold: 2 })]);
    const held = results.filter((r) => r.status === 'fulfilled' && r.value.result.ok).length;
    assert.ok(held <= 1);
    for (const r of results) if (r.status === 'rejected') assert.ok([Code.FAILED_PRECONDITION, Code.ABORTED, Code.ALREADY_EXISTS].includes(codeOf(r.reason) as never));
    const a = (await db.doc('inventory/A').get()).data()!;
    assert.equal(a.reserved, 2 * held);
    assert.ok(a.available >= 0);
  });

  it('a refusal writes nothing', async () => {
    const p = await processDirect(db, reserve('r1', 'u1', 3), { defaultThreshold: 2 });
    assert.equal(p.result.ok, false);
    assert.equal((await db.doc('reservations/r1').get()).exists, false);
    assert.equal((await db.doc('inventory/A').get()).data()!.reserved, 0);
  });
});
