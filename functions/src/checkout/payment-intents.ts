/**
 * Payment intents (`paymentIntents/{paymentId}`) and the provider events seen
 * (`paymentEvents/{eventId}`): the only code that knows their shape. A shopper may read their own
 * intent (firestore.rules); only the payment use case writes.
 */
import { DocumentReference, Firestore, Timestamp } from 'firebase-admin/firestore';
import { PaymentState } from '../domain/payment';
import { C } from '../adapters/collections';
import { expireAt } from '../adapters/retention';

export interface PaymentIntentDoc {
  paymentId: string;
  reservationId: string;
  uid: string;
  state: PaymentState;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  lastEventId?: string;
  /** What the last event did (confirmed, released, restocked, ignored, hold_gone). */
  outcome?: string;
}

/** The provider signs its webhook calls under this header (the scheme of adapters/hmac-signature.ts). */
export const PAYMENT_SIGNATURE_HEADER = 'x-payment-signature';

export function paymentIdFor(reservationId: string): string {
  return `pi_${reservationId}`;
}

export function intentRef(db: Firestore, paymentId: string): DocumentReference {
  return db.collection(C.paymentIntents).doc(paymentId);
}

export function paymentEventRef(db: Firestore, eventId: string): DocumentReference {
  return db.collection(C.paymentEvents).doc(eventId);
}

export async function readIntent(db: Firestore, paymentId: string): Promise<PaymentIntentDoc | undefined> {
  return (await intentRef(db, paymentId).get()).data() as PaymentIntentDoc | undefined;
}

/** Creates the intent for a reservation, or returns the one that exists. */
export async function openIntent(db: Firestore, reservationId: string, uid: string, now: number): Promise<PaymentIntentDoc> {
  const paymentId = paymentIdFor(reservationId);
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(intentRef(db, paymentId));
    if (snap.exists) return snap.data() as PaymentIntentDoc;
    const doc: PaymentIntentDoc = { paymentId, reservationId, uid, state: 'pending', createdAt: Timestamp.fromMillis(now), updatedAt: Timestamp.fromMillis(now) };
    tx.create(snap.ref, doc);
    return doc;
  });
}

/** Records an event as handled and the intent's new state, in one commit. */
export async function recordEvent(db: Firestore, e: { id: string; type: string; paymentId: string }, next: PaymentState | null, outcome: string, now: number): Promise<void> {
  const at = Timestamp.fromMillis(now);
  const batch = db.batch();
  batch.set(paymentEventRef(db, e.id), { eventId: e.id, type: e.type, paymentId: e.paymentId, outcome, at, expireAt: expireAt('paymentEvents', now) });
  if (next) batch.update(intentRef(db, e.paymentId), { state: next, updatedAt: at, lastEventId: e.id, outcome });
  await batch.commit();
}
