/**
 * The checkout callables as a storefront calls them: through the Functions emulator with real
 * Auth emulator ID tokens. The Cloud Tasks expiry path is in adapters/expiry-tasks.test.ts, the
 * trigger adapters in-process in triggers/checkout.test.ts.
 */
import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, call, clearFirestore } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { emulatorIdToken as idToken } from '../../../tools/auth-emulator';

const db = adminDb();

describe('checkout callables through the Functions emulator', function () {
  this.timeout(90_000);
  let alice: string;
  let bob: string;

  before(async () => {
    alice = await idToken('alice');
    bob = await idToken('bob');
  });
  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 2, B: 0 });
  });

  it('requires sign-in', async () => {
    const r = await call('reserveCart', { cartId: 'c', items: [{ sku: 'A', quantity: 1 }] });
    assert.equal(r.error?.status, 'UNAUTHENTICATED');
  });

  it("validateCart's stale is derived from the last success and the server clock, not the stored flag", async () => {
    const items = [{ sku: 'A', quantity: 1 }];
    assert.equal((await call('validateCart', { items }, alice)).result?.stale, true, 'never synced');
    // The stored flag says fresh, but the last success is older than staleAfterSeconds: a poller that stopped.
    await db.doc('syncStatus/wms').set({ stale: false, state: 'ok', staleAfterSeconds: 30, lastSuccessAt: Timestamp.fromMillis(Date.now() - 31_000) });
    assert.equal((await call('validateCart', { items }, alice)).result?.stale, true);
    await db.doc('syncStatus/wms').set({ stale: true, state: 'ok', staleAfterSeconds: 30, lastSuccessAt: Timestamp.fromMillis(Date.now() - 2_000) });
    assert.equal((await call('validateCart', { items }, alice)).result?.stale, false);
  });

  it('validates, reserves, refuses the unavailable with per-line details, and confirms', async () => {
    await db.doc('syncStatus/wms').set({ stale: false, state: 'ok', staleAfterSeconds: 30, lastSuccessAt: Timestamp.now() });
    const v = await call('validateCart', { items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }] }, alice);
    assert.deepEqual(v.result, { ok: false, stale: false, items: [{ sku: 'A', requested: 1, available: 2, status: 'ok' }, { sku: 'B', requested: 1, available: 0, status: 'out_of_stock' }] });
    const refused = await call('reserveCart', { cartId: 'c1', items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }] }, alice);
    assert.equal(refused.error?.status, 'FAILED_PRECONDITION');
    assert.equal((refused.error?.details?.items as { status: string }[])[1]!.status, 'out_of_stock');
    const held = await call('reserveCart', { cartId: 'c2', items: [{ sku: 'A', quantity: 2 }] }, alice);
    assert.equal(held.result?.state, 'held');
    const id = held.result?.reservationId as string;
    assert.equal((await call('reserveCart', { cartId: 'c2', items: [{ sku: 'A', quantity: 2 }] }, alice)).result?.reservationId, id);
    assert.equal((await call('confirmReservation', { reservationId: id, paymentId: 'pay' }, bob)).error?.status, 'PERMISSION_DENIED');
    assert.equal((await call('confirmReservation', { reservationId: id, paymentId: 'pay' }, alice)).error?.status, 'PERMISSION_DENIED', 'a shopper pays through startPayment');
    const started = await call('startPayment', { reservationId: id }, alice);
    assert.equal(started.result?.paymentId, `pi_${id}`);
    assert.equal((await call('startPayment', { reservationId: id }, bob)).error?.status, 'PERMISSION_DENIED');
    // A trusted server (the service claim) may confirm directly, on the owner's behalf.
    const service = await idToken('fulfilment-service', { service: true });
    assert.equal((await call('confirmReservation', { reservationId: id, paymentId: 'pay' }, service)).result?.state, 'committed');
    const a = (await db.doc('inventory/A').get()).data()!;
    assert.deepEqual([a.onHand, a.reserved, a.available, a.status], [0, 0, 0, 'out_of_stock']);
  });

  it('answers bad input with invalid-argument naming the field, and an internal-free message', async () => {
    const r = await call('reserveCart', { cartId: 'c', items: [{ sku: 'A', quantity: 0 }] }, alice);
    assert.equal(r.error?.status, 'INVALID_ARGUMENT');
    assert.match(r.error!.message, /items\[0\]\.quantity/);
    const rel = await call('releaseReservation', { reservationId: 'x' }, alice);
    assert.equal(rel.error?.status, 'INVALID_ARGUMENT');
    assert.match(rel.error!.message, /reason/);
  });
});
