/**
 * The checkout callables as a storefront calls them: through the Functions emulator with real
 * Auth emulator ID tokens. Also the Cloud Tasks expiry path end to end, and the trigger adapters
 * run in-process through their `.run()`.
 */
import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, call, clearFirestore, waitFor } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { TaskQueueExpiryScheduler } from '../../../src/adapters/expiry-tasks';
import { emulatorIdToken as idToken } from '../../../tools/auth-emulator';
import { reserveCart, validateCart } from '../../../src/triggers/checkout';

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

  it('expires a due hold through the Cloud Tasks queue and the expireReservation task function', async () => {
    const held = await call('reserveCart', { cartId: 'c3', items: [{ sku: 'A', quantity: 1 }] }, alice);
    const id = held.result?.reservationId as string;
    // The Tasks emulator dispatches at once (it ignores scheduleTime), so make the hold due first.
    const due = Date.now() - 1000;
    await db.doc(`reservations/${id}`).update({ expiresAt: Timestamp.fromMillis(due) });
    await new TaskQueueExpiryScheduler().schedule(id, due);
    await waitFor(async () => (await db.doc(`reservations/${id}`).get()).data()?.state === 'expired', 30_000, 250);
    const a = (await db.doc('inventory/A').get()).data()!;
    assert.deepEqual([a.reserved, a.available], [0, 2]);
  });

  // In-process through the v2 functions' own `.run()`: firebase-functions-test's wrap() mishandles
  // v2 onCall, and nothing else of it was used, so the package is gone (CHANGELOG, session 6).
  describe('trigger adapters in-process (.run())', () => {
    before(() => {
      Object.assign(process.env, { WMS_BASE_URL: 'http://127.0.0.1:1', WMS_API_KEY: 'k', INGEST_SIGNING_SECRET: 's', PAYMENT_PROVIDER_URL: 'http://127.0.0.1:8091', MAX_OPEN_HOLDS_PER_SHOPPER: '5', MAX_UNITS_PER_SKU_PER_SHOPPER: '20', SHOPPER_REQUESTS_PER_MINUTE: '60', RESERVATION_TTL_SECONDS: '900', LOW_STOCK_THRESHOLD: '2', SYNC_INTERVAL_SECONDS: '5', STALE_AFTER_SECONDS: '30', ALERT_WEBHOOK_URL: '', ALERT_LAG_SECONDS: '600', ALERT_LAG_FOR_SECONDS: '300', ALERT_FAILURE_RATE_FOR_SECONDS: '300', ALERT_DISCREPANCY_FOR_SECONDS: '82800' });
    });

    it('maps results and errors at the edge', async () => {
      const ok = await reserveCart.run({ data: { cartId: 'x', items: [{ sku: 'A', quantity: 1 }] }, auth: { uid: 'carol', token: {} } } as never);
      assert.equal((ok as { state: string }).state, 'held');
      await assert.rejects(validateCart.run({ data: { items: 'nope' }, auth: { uid: 'carol', token: {} } } as never), (e: { code: string; message: string }) => e.code === 'invalid-argument' && /items/.test(e.message));
      await assert.rejects(validateCart.run({ data: { items: [] } } as never), (e: { code: string }) => e.code === 'unauthenticated');
    });
  });
});
