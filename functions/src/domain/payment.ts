/**
 * A payment intent's life, as the payment provider's webhook events drive it. The provider may
 * deliver events twice or out of order; each (state, event) pair decides what happens to the hold
 * and what the intent becomes. Pure.
 */
export const PAYMENT_STATES = ['pending', 'succeeded', 'failed', 'refunded'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];
export const PAYMENT_EVENTS = ['payment.succeeded', 'payment.failed', 'payment.refunded'] as const;
export type PaymentEventType = (typeof PAYMENT_EVENTS)[number];

/**
 * - `confirm`: sell the held units (idempotent on the payment id);
 * - `release`: give the hold back;
 * - `restock`: give back the units sold under this payment;
 * - `ignore`: a late or repeated event that changes nothing.
 */
export type PaymentAction = 'confirm' | 'release' | 'restock' | 'ignore';

export function onPaymentEvent(state: PaymentState, event: PaymentEventType): { action: PaymentAction; next: PaymentState } {
  switch (event) {
    case 'payment.succeeded':
      // After a failure the provider may still succeed (a retried charge): try to sell; if the
      // hold is gone the use case raises an alert for a refund.
      return state === 'refunded' ? { action: 'ignore', next: state } : { action: 'confirm', next: 'succeeded' };
    case 'payment.failed':
      // A failure that arrives after the success is stale: the money was taken.
      return state === 'pending' || state === 'failed' ? { action: 'release', next: 'failed' } : { action: 'ignore', next: state };
    case 'payment.refunded':
      if (state === 'succeeded') return { action: 'restock', next: 'refunded' };
      // Refunded before we saw the success (out of order): nothing was sold yet; the hold goes.
      if (state === 'pending') return { action: 'release', next: 'refunded' };
      if (state === 'failed') return { action: 'ignore', next: 'refunded' };
      return { action: 'restock', next: 'refunded' }; // repeated: restocking what is left is a no-op
  }
}
