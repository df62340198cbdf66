/**
 * The reservation aggregate's documents (`reservations/{id}`): the only code that knows their
 * shape (the fulfilment a confirmed one leaves for the WMS is stock/fulfillment-store.ts). Use cases, exports and
 * the invariant check read reservations through here.
 */
import { DocumentReference, Firestore, Timestamp } from 'firebase-admin/firestore';
import { CartLine, ReservationState } from '../domain/reservation';
import { C } from '../adapters/collections';

import { Allocation } from '../stock/fulfillment-store';

export type { Allocation } from '../stock/fulfillment-store';

export interface ReservationDoc {
  uid: string;
  cartId: string;
  items: CartLine[];
  /** The SKUs of `items`: an operator lists one SKU's reservations with an array-contains query. */
  skus?: string[];
  state: ReservationState;
  expiresAt: Timestamp;
  maxExpiresAt: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Taken through the command queue: its SKUs were hot, so its later commands queue too. */
  viaQueue?: boolean;
  paymentId?: string;
  committedItems?: CartLine[];
  releasedItems?: CartLine[];
  /** Units given back after the sale, with the operator (or `payment-provider`) who did it. */
  cancelledItems?: (CartLine & { operator?: string; reason?: string })[];
  /**
   * sku -> where its units are: while held, the locations the hold's transaction allocated them to
   * (when allocation is configured); once committed, the locations they were taken from.
   */
  allocations?: Record<string, Allocation[]>;
  /** The sales channel the hold was taken in, its pickup store (click & collect), its shipping point. */
  channel?: string;
  pickupLocationId?: string;
  shipFrom?: { lat: number; lng: number };
  /** True when the allocation spans more than one location (a split cart). */
  split?: boolean;
  /** At confirm: units made up at other locations than the hold's, and units no location had (sold all the same). */
  reallocated?: number;
  backordered?: CartLine[];
  reason?: string;
}

export function reservationRef(db: Firestore, id: string): DocumentReference {
  return db.collection(C.reservations).doc(id);
}

export async function readReservation(db: Firestore, id: string): Promise<ReservationDoc | undefined> {
  return (await reservationRef(db, id).get()).data() as ReservationDoc | undefined;
}

/** What a caller is shown of a reservation. */
export function reservationView(id: string, r: Pick<ReservationDoc, 'state' | 'expiresAt' | 'items' | 'allocations' | 'channel' | 'pickupLocationId' | 'split'>): Record<string, unknown> {
  return {
    reservationId: id,
    state: r.state,
    expiresAt: r.expiresAt.toDate().toISOString(),
    items: r.items,
    ...(r.channel ? { channel: r.channel } : {}),
    ...(r.pickupLocationId ? { pickupLocationId: r.pickupLocationId } : {}),
    ...(r.allocations ? { allocations: r.allocations, split: r.split === true } : {}),
  };
}

/** Held reservations due by `now` (the sweeper's safety net). */
export async function dueHolds(db: Firestore, now: number, limit: number): Promise<{ id: string; expiresAt: number }[]> {
  const snap = await db
    .collection(C.reservations)
    .where('state', '==', 'held')
    .where('expiresAt', '<=', Timestamp.fromMillis(now))
    .limit(limit)
    .get();
  return snap.docs.map((d) => ({ id: d.id, expiresAt: (d.data().expiresAt as Timestamp).toMillis() }));
}

/** Units held per SKU by every held reservation (`read` runs the query: a transaction may pass its own). */
export async function heldUnits(db: Firestore, read: (q: FirebaseFirestore.Query) => Promise<FirebaseFirestore.QuerySnapshot> = (q) => q.get()): Promise<Map<string, number>> {
  const held = new Map<string, number>();
  const snap = await read(db.collection(C.reservations).where('state', '==', 'held'));
  for (const d of snap.docs) for (const l of (d.data() as ReservationDoc).items) held.set(l.sku, (held.get(l.sku) ?? 0) + l.quantity);
  return held;
}

