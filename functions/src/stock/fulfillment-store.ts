/**
 * Fulfilments (`fulfillments/{reservationId}`): a confirmed sale waiting for the WMS to
 * acknowledge it, with the locations its units were taken from. Checkout writes one when a sale
 * is confirmed; the sales sink (events) reports it and records the acknowledgement. The only code
 * that knows the document's shape.
 */
import { DocumentReference, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';

export type Allocation = { locationId: string; quantity: number };

export interface FulfillmentDoc {
  reservationId: string;
  uid: string;
  paymentId: string;
  /** Per line, the locations its units are taken from (the hold's allocation, or where a confirm made up what a location lost); `backordered`: units no location had. */
  lines: { sku: string; quantity: number; allocations: Allocation[]; backordered?: number }[];
  /** The channel it was sold in, and the store it is picked up at (click & collect). */
  channel?: string;
  pickupLocationId?: string;
  /** The SKUs of `lines`, for an operator's view of one SKU's sales. */
  skus?: string[];
  wmsState: 'pending' | 'acked';
  createdAt: Timestamp;
  wmsAcks?: { sku: string; locationId: string; ackSeq: number }[];
  ackedAt?: Timestamp;
}

export function fulfillmentRef(db: Firestore, id: string): DocumentReference {
  return db.collection(C.fulfillments).doc(id);
}

export async function readFulfillment(db: Firestore, id: string): Promise<FulfillmentDoc | undefined> {
  return (await fulfillmentRef(db, id).get()).data() as FulfillmentDoc | undefined;
}

/** The lines as the WMS takes them: one per (sku, location). */
export function saleLines(f: FulfillmentDoc): { sku: string; locationId: string; quantity: number }[] {
  return f.lines.flatMap((l) => l.allocations.map((a) => ({ sku: l.sku, locationId: a.locationId, quantity: a.quantity })));
}

/** Marks the sale acknowledged, inside the transaction that applies the acknowledgements. */
export function markAcked(tx: FirebaseFirestore.Transaction, db: Firestore, id: string, acks: FulfillmentDoc['wmsAcks'], now: Timestamp): void {
  tx.update(fulfillmentRef(db, id), { wmsState: 'acked', wmsAcks: acks, ackedAt: now });
}
