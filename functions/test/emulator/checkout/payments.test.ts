/**
 * Payments as deployed: the shopper's startPayment (the use case), then the provider's signed
 * webhook through the `api` function in the Functions emulator. Success, failure, duplicate and
 * out-of-order delivery, a forged signature, and a shopper's direct confirm: only the payment side
 * sells.
 */
import assert from 'node:assert/strict';
import { adminDb, call, clearFirestore, waitFor } from '../helpers';
import { emulatorIdToken } from '../../../tools/auth-emulator';
import { makeService, seedStock } from '../checkout-fixtures';
import { PaymentService } from '../../../src/checkout/payments';
import { sign } from '../../../src/adapters/hmac-signature';
import { PAYMENT_SIGNATURE_HEADER } from '../../../src/checkout/payment-intents';
import { localWebhookSecret, PaymentSimulator } from '../../../tools/payment-simulator';
import { ApiContract } from '../api-contract';

/** Every answer these tests get is also checked against docs/openapi.json. */
const fetch = new ApiContract().asFetch();

const db = adminDb();
const WEBHOOK = 'http://127.0.0.1:5001/demo-inventory/us-central1/api/v1/payments/events';
const SECRET = localWebhookSecret();

async function deliver(event: { id: string; type: string; paymentId: string }, secret = SECRET) {
  const body = JSON.stringify({ id: event.id, type: event.type, created: Math.floor(Date.now() / 1000), data: { paymentId: event.paymentId } });
  const res = await fetch(WEBHOOK, { method: 'POST', headers: { 'content-type': 'application/json', [PAYMENT_SIGNATURE_HEADER]: sign(secret, body, Math.floor(Date.now() / 1000)) }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const stock = async (sku: string) => {
  const d = (await db.doc(`inventory/${sku}`).get()).data()!;
  return { onHand: d.onHand as number, reserved: d.reserved as number, available: d.available as number };
};

describe('checkout/payments (Functions emulator)', function () {
  this.timeout(90_000);
  let n = 0;

  async function heldAndStarted(quantity = 2) {
    const { service, queue } = makeService(db, `p${++n}`);
    const payments = new PaymentService(db, queue, { reservationTtlSeconds: 900, reservationMaxLifetimeSeconds: 2700, lowStockThreshold: 2, paymentProviderUrl: 'http://127.0.0.1:8091' });
    const { reservationId } = (await service.reserveCart('u1', { cartId: `c${n}`, items: [{ sku: 'A', quantity }] })) as { reservationId: string };
    const started = await payments.start('u1', { reservationId });
    return { service, payments, ...started };
  }

  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 10 });
  });

  it('starting a payment sells nothing; the signed succeeded event confirms the sale once, whatever the duplicates', async () => {
    const { reservationId, paymentId, checkoutUrl } = await heldAndStarted();
    assert.equal(checkoutUrl, 'http://127.0.0.1:8091/v1/checkout');
    assert.deepEqual(await stock('A'), { onHand: 10, reserved: 2, available: 8 }, 'a started payment is still only a hold');
    assert.equal((await db.doc(`paymentIntents/${paymentId}`).get()).data()!.state, 'pending');
    const ok = await deliver({ id: 'evt_ok_1', type: 'payment.succeeded', paymentId });
    assert.deepEqual([ok.status, ok.body.outcome, ok.body.state], [200, 'confirmed', 'succeeded']);
    assert.deepEqual(await stock('A'), { onHand: 8, reserved: 0, available: 8 });
    assert.equal((await db.doc(`reservations/${reservationId}`).get()).data()!.paymentId, paymentId);
    // The provider delivers the same event again, and a second event saying the same.
    assert.equal((await deliver({ id: 'evt_ok_1', type: 'payment.succeeded', paymentId })).body.outcome, 'duplicate');
    assert.equal((await deliver({ id: 'evt_ok_2', type: 'payment.succeeded', paymentId })).body.outcome, 'confirmed');
    assert.deepEqual(await stock('A'), { onHand: 8, reserved: 0, available: 8 }, 'sold once');
    assert.equal((await db.collection('fulfillments').count().get()).data().count, 1);
  });

  it('a failed payment releases the hold; a late success for it is an alert for a refund, not a sale', async () => {
    const { paymentId } = await heldAndStarted();
    assert.equal((await deliver({ id: 'evt_f', type: 'payment.failed', paymentId })).body.outcome, 'released');
    assert.deepEqual(await stock('A'), { onHand: 10, reserved: 0, available: 10 });
    const late = await deliver({ id: 'evt_s', type: 'payment.succeeded', paymentId });
    assert.equal(late.body.outcome, 'hold_gone');
    assert.deepEqual(await stock('A'), { onHand: 10, reserved: 0, available: 10 });
    assert.equal((await db.doc(`alerts/payment-without-hold-${paymentId}`).get()).data()!.status, 'open');
  });

  it('out of order: a refund before the success releases the hold, and the success after it is ignored; a refund after a sale restocks', async () => {
    const first = await heldAndStarted();
    assert.equal((await deliver({ id: 'evt_r1', type: 'payment.refunded', paymentId: first.paymentId })).body.outcome, 'released');
    assert.equal((await deliver({ id: 'evt_s1', type: 'payment.succeeded', paymentId: first.paymentId })).body.outcome, 'ignored');
    assert.deepEqual(await stock('A'), { onHand: 10, reserved: 0, available: 10 });

    const second = await heldAndStarted(3);
    await deliver({ id: 'evt_s2', type: 'payment.succeeded', paymentId: second.paymentId });
    assert.equal((await deliver({ id: 'evt_f2', type: 'payment.failed', paymentId: second.paymentId })).body.outcome, 'ignored', 'a stale failure after the success');
    assert.deepEqual(await stock('A'), { onHand: 7, reserved: 0, available: 7 });
    assert.equal((await deliver({ id: 'evt_r2', type: 'payment.refunded', paymentId: second.paymentId })).body.outcome, 'restocked');
    assert.equal((await deliver({ id: 'evt_r3', type: 'payment.refunded', paymentId: second.paymentId })).body.outcome, 'restocked');
    assert.deepEqual(await stock('A'), { onHand: 10, reserved: 0, available: 10 }, 'restocked once');
  });

  it('refuses a forged or unsigned event with 401 and an unknown payment without effect; a malformed one with 400 naming the field', async () => {
    const { paymentId } = await heldAndStarted();
    assert.equal((await deliver({ id: 'evt_x', type: 'payment.succeeded', paymentId }, 'a-forged-secret-of-at-least-32-bytes!!')).status, 401);
    const unsigned = await fetch(WEBHOOK, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'e', type: 'payment.succeeded', data: { paymentId } }) });
    assert.equal(unsigned.status, 401);
    assert.equal((await deliver({ id: 'evt_u', type: 'payment.succeeded', paymentId: 'pi_nobody' })).body.outcome, 'unknown_payment');
    const bad = await deliver({ id: 'evt_b', type: 'payment.maybe', paymentId });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /"field":"type"/);
    assert.deepEqual(await stock('A'), { onHand: 10, reserved: 2, available: 8 }, 'nothing sold');
  });

  it('a shopper cannot confirm without a payment event: the direct confirm is for trusted servers, and changes nothing', async () => {
    const { reservationId } = await heldAndStarted();
    const r = await call('confirmReservation', { reservationId, paymentId: 'pay-anything' }, await emulatorIdToken('u1'));
    assert.equal(r.error?.status, 'PERMISSION_DENIED');
    assert.match(r.error!.message, /startPayment/);
    assert.deepEqual(await stock('A'), { onHand: 10, reserved: 2, available: 8 });
    assert.equal((await db.collection('fulfillments').count().get()).data().count, 0);
  });

  it('the payment simulator delivers signed events, and again while the webhook answers busy', async () => {
    const { paymentId } = await heldAndStarted();
    const sim = new PaymentSimulator({ webhookUrl: WEBHOOK, secret: SECRET, delayMs: 0 });
    // Another event of this payment is being handled: the webhook answers 409 and the provider retries.
    await db.doc(`leases/payment-${paymentId}`).set({ owner: 'another-delivery', expiresAt: new Date(Date.now() + 1500), successor: null, successorUntil: null, nextDueAt: null });
    const d = await sim.deliver('payment.succeeded', paymentId);
    assert.equal(d.status, 200);
    assert.ok(d.attempts >= 2, `delivered in ${d.attempts} attempts`);
    await waitFor(async () => (await stock('A')).onHand === 8, 10_000, 100);
  });
});
