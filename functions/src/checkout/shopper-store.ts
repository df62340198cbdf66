/**
 * Per-shopper hold counters (`shoppers/{uid}`, server-only): open holds and units held per SKU.
 * The checkout commands change them in the same commit as the holds they count, so the limits
 * hold under any concurrency and across instances.
 */
import { DocumentReference, DocumentSnapshot, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';

export interface ShopperHolds {
  uid: string;
  openHolds: number;
  /** sku -> units this shopper holds now (sold or released units no longer count). */
  units: Record<string, number>;
}

export interface ShopperLimits {
  maxOpenHolds: number;
  maxUnitsPerSku: number;
}

export function shopperRef(db: Firestore, uid: string): DocumentReference {
  return db.collection(C.shoppers).doc(uid);
}

export function shopperFromDoc(uid: string, snap: DocumentSnapshot | undefined): ShopperHolds {
  const d = snap?.data();
  return { uid, openHolds: typeof d?.openHolds === 'number' ? d.openHolds : 0, units: (d?.units ?? {}) as Record<string, number> };
}

export function shopperDoc(s: ShopperHolds, now: Timestamp): Record<string, unknown> {
  const units = Object.fromEntries(Object.entries(s.units).filter(([, n]) => n > 0));
  return { uid: s.uid, openHolds: Math.max(0, s.openHolds), units, updatedAt: now };
}
