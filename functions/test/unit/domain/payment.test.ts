import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PAYMENT_EVENTS, PaymentState, onPaymentEvent } from '../../../src/domain/payment';

describe('domain/payment', () => {
  it('drives the hold from the provider: success sells, failure releases, refund restocks', () => {
    assert.deepEqual(onPaymentEvent('pending', 'payment.succeeded'), { action: 'confirm', next: 'succeeded' });
    assert.deepEqual(onPaymentEvent('pending', 'payment.failed'), { action: 'release', next: 'failed' });
    assert.deepEqual(onPaymentEvent('succeeded', 'payment.refunded'), { action: 'restock', next: 'refunded' });
  });

  it('survives duplicates and out-of-order delivery', () => {
    assert.deepEqual(onPaymentEvent('succeeded', 'payment.succeeded'), { action: 'confirm', next: 'succeeded' }, 'a duplicate success is the same idempotent confirm');
    assert.deepEqual(onPaymentEvent('succeeded', 'payment.failed'), { action: 'ignore', next: 'succeeded' }, 'a stale failure after the success');
    assert.deepEqual(onPaymentEvent('pending', 'payment.refunded'), { action: 'release', next: 'refunded' }, 'a refund before the success: nothing was sold');
    assert.deepEqual(onPaymentEvent('refunded', 'payment.succeeded'), { action: 'ignore', next: 'refunded' }, 'the success after its refund');
    assert.deepEqual(onPaymentEvent('failed', 'payment.succeeded'), { action: 'confirm', next: 'succeeded' }, 'a retried charge that succeeded');
  });

  it('never sells after a refund, whatever arrives in whatever order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PAYMENT_EVENTS), { maxLength: 12 }), (events) => {
        let state: PaymentState = 'pending';
        let refunded = false;
        for (const e of events) {
          const r = onPaymentEvent(state, e);
          if (refunded) assert.notEqual(r.action, 'confirm');
          if (r.next === 'refunded') refunded = true;
          state = r.next;
        }
      }),
    );
  });
});
