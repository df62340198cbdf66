/**
 * Payments: the sale is confirmed by the payment side, as with Stripe or Adyen webhooks.
 *
 * - `startPayment` (the shopper's callable) extends the hold and opens a payment intent
 *   (`pi_<reservationId>`); it never sells anything.
 * - The provider's signed webhook (`POST /v1/payments/events`) reports `payment.succeeded`,
 *   `payment.failed` or `payment.refunded`; `domain/payment.ts` decides what each does to the hold
 *   given the intent's state (duplicates and out-of-order deliveries included), and the hold
 *   changes through the same checkout commands as everything else.
 *
 * Events of one intent are handled one at a time (the shared lease `payment-<id>`); a delivery
 * that finds another in progress is answered "busy" and the provider delivers it again.
 */
import { randomUUID } from 'node:crypto';
import { FieldValue, Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';
import { onPaymentEvent, PAYMENT_EVENTS } from '../domain/payment';
import { tokenId } from '../domain/ids';
import { raiseOrResolve } from '../adapters/alerts';
import { RelayLease } from '../adapters/lease';
import { DomainError } from '../errors';
import { describe, fieldErrors } from '../zod-errors';
import { CommandQueue } from './command-queue';
import { unwrap } from './command';
import { CheckoutConfig } from './service';
import { openIntent, paymentEventRef, readIntent, recordEvent } from './payment-intents';
import { readReservation } from './reservation-store';
import * as logs from '../logs';

export const startPaymentInput = z.object({ reservationId: tokenId }).strict();

export const paymentEventSchema = z.object({
  id: tokenId,
  type: z.enum(PAYMENT_EVENTS, { error: `must be one of ${PAYMENT_EVENTS.join(', ')}` }),
  created: z.number().int().optional(),
  data: z.object({ paymentId: tokenId, amount: z.number().int().min(0).optional(), currency: z.string().max(10).optional() }),
});
export type PaymentEvent = z.infer<typeof paymentEventSchema>;

export interface PaymentConfig extends CheckoutConfig {
  paymentProviderUrl: string;
}

export type WebhookOutcome = 'confirmed' | 'released' | 'restocked' | 'ignored' | 'hold_gone' | 'unknown_payment' | 'duplicate' | 'busy';

export class PaymentService {
  constructor(
    private readonly db: Firestore,
    private readonly queue: CommandQueue,
    private readonly cfg: PaymentConfig,
    private readonly owner: string = randomUUID(),
  ) {}

  /** The shopper starts paying: the hold is extended, the intent opened; nothing is sold. */
  async start(uid: string, input: unknown): Promise<{ paymentId: string; reservationId: string; expiresAt: string; checkoutUrl: string }> {
    if (!uid) throw new DomainError('unauthenticated', 'sign in first');
    const parsed = startPaymentInput.safeParse(input ?? {});
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      throw new DomainError('invalid-argument', describe(fields), { fields });
    }
    const { reservationId } = parsed.data;
    const extended = unwrap(await this.queue.execute({ type: 'extend', reservationId, uid, ttlSeconds: this.cfg.reservationTtlSeconds }));
    const intent = await openIntent(this.db, reservationId, uid, Date.now());
    if (intent.uid !== uid) throw new DomainError('permission-denied', 'this reservation belongs to someone else');
    logs.payment('started', { paymentId: intent.paymentId, reservationId, uid });
    return { paymentId: intent.paymentId, reservationId, expiresAt: String(extended.expiresAt), checkoutUrl: `${this.cfg.paymentProviderUrl.replace(/\/+$/, '')}/v1/checkout` };
  }

  /** One provider event, already authenticated by its signature. Idempotent on the event id. */
  async handle(input: unknown): Promise<{ outcome: WebhookOutcome; state?: string }> {
    const parsed = paymentEventSchema.safeParse(input);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error, '(body)');
      throw new DomainError('invalid-argument', `malformed payment event: ${describe(errors)}`, { errors });
    }
    const e = parsed.data;
    const paymentId = e.data.paymentId;
    const lease = new RelayLease(this.db, `payment-${paymentId}`, `${this.owner}/${randomUUID()}`, 30_000);
    if (!(await lease.tryHold())) return { outcome: 'busy' };
    try {
      if ((await paymentEventRef(this.db, e.id).get()).exists) return { outcome: 'duplicate' };
      const intent = await readIntent(this.db, paymentId);
      if (!intent) {
        logs.payment('unknown_payment', { paymentId, eventId: e.id, type: e.type });
        await recordEvent(this.db, { id: e.id, type: e.type, paymentId }, null, 'unknown_payment', Date.now());
        return { outcome: 'unknown_payment' };
      }
      const decision = onPaymentEvent(intent.state, e.type);
      const outcome = await this.act(decision.action, intent.reservationId, intent.uid, paymentId);
      await recordEvent(this.db, { id: e.id, type: e.type, paymentId }, decision.next, outcome, Date.now());
      logs.payment(e.type, { paymentId, eventId: e.id, reservationId: intent.reservationId, from: intent.state, to: decision.next, outcome });
      return { outcome, state: decision.next };
    } finally {
      await lease.release(null).catch(() => undefined);
    }
  }

  private async act(action: ReturnType<typeof onPaymentEvent>['action'], reservationId: string, uid: string, paymentId: string): Promise<WebhookOutcome> {
    if (action === 'ignore') return 'ignored';
    if (action === 'confirm') {
      const r = await this.queue.execute({ type: 'confirm', reservationId, uid, paymentId });
      if (r.ok) return 'confirmed';
      if (r.code !== 'failed-precondition') throw new DomainError(r.code, r.message, r.details);
      // Paid, but the hold is gone (expired or released first): the money must go back.
      await raiseOrResolve(this.db, [
        { id: `payment-without-hold-${paymentId}`, active: true, fields: { kind: 'payment_without_hold', paymentId, reservationId, reason: r.message, at: FieldValue.serverTimestamp() } },
      ]);
      return 'hold_gone';
    }
    if (action === 'release') {
      const r = await this.queue.execute({ type: 'release', reservationId, uid, reason: 'payment_failed' });
      if (!r.ok && r.code !== 'failed-precondition') throw new DomainError(r.code, r.message, r.details);
      return 'released';
    }
    // restock: every unit sold under this payment and not cancelled yet goes back.
    const res = await readReservation(this.db, reservationId);
    if (res?.state !== 'committed' || res.paymentId !== paymentId) return 'ignored';
    for (const line of res.committedItems ?? []) {
      const cancelled = (res.cancelledItems ?? []).filter((c) => c.sku === line.sku).reduce((n, c) => n + c.quantity, 0);
      if (line.quantity - cancelled <= 0) continue;
      unwrap(await this.queue.execute({ type: 'cancelLine', reservationId, sku: line.sku, quantity: line.quantity - cancelled, reason: 'refunded', operator: 'payment-provider' }));
    }
    return 'restocked';
  }
}

