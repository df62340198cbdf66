import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { makeService, seedStock } from '../checkout-fixtures';
import { reservationIdFor } from '../../../src/checkout/service';
import { DomainError } from '../../../src/errors';

describe('checkout/service (emulator)', () => {
  const db = adminDb();
  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 3, B: 0 });
  });

  it('validates a cart per line, saying whether the figures may be stale', async () => {
    const { service } = makeService(db, 'svc-1');
    const r = await service.validateCart('u1', { items: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }, { sku: 'Z', quantity: 1 }] });
    assert.equal(r.ok, false);
    assert.deepEqual(r.items.map((i) => i.status), ['ok', 'out_of_stock', 'unknown_sku']);
    await db.doc('syncStatus/wms').set({ stale: true, state: 'ok', staleAfterSeconds: 30, lastSuccessAt: Timestamp.fromMillis(Date.now() - 60_000) });
    assert.equal((await service.validateCart('u1', { items: [{ sku: 'A', quantity: 1 }] })).stale, true);
  });

  it('bad input is refused naming each field, and changes nothing', async () => {
    const { service } = makeService(db, 'svc-2');
    await assert.rejects(service.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'A', quantity: 0 }] }), (e: unknown) => {
      assert.ok(e instanceof DomainError);
      assert.equal(e.code, 'invalid-argument');
      assert.deepEqual((e.details!.errors as { field: string }[]).map((f) => f.field), ['items[0].quantity']);
      return true;
    });
    await assert.rejects(service.reserveCart('u1', undefined), /cartId/);
    assert.equal((await db.collection('reservations').get()).size, 0);
  });

  it("a hold's id is the shopper's cart's: the same cart holds once", async () => {
    const { service } = makeService(db, 'svc-3');
    const a = await service.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'A', quantity: 1 }] });
    const b = await service.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'A', quantity: 1 }] });
    assert.equal(a.reservationId, reservationIdFor('u1', 'c1'));
    assert.equal(b.reservationId, a.reservationId);
    assert.equal((await db.doc('inventory/A').get()).data()!.reserved, 1);
    assert.notEqual(reservationIdFor('u1', 'c1'), reservationIdFor('u2', 'c1'));
  });

  it('the sweeper expires due holds and gives their units back', async () => {
    const { service } = makeService(db, 'svc-4', { ttl: 60 });
    const r = await service.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'A', quantity: 2 }] });
    assert.deepEqual(await service.sweep(), { expired: 0, drained: true });
    await db.doc(`reservations/${r.reservationId}`).update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    const s = await service.sweep();
    assert.equal(s.expired, 1);
    assert.equal((await db.doc(`reservations/${r.reservationId}`).get()).data()!.state, 'expired');
    assert.equal((await db.doc('inventory/A').get()).data()!.available, 3);
  });
});
