/** Read side of the HTTP API: the public view of `inventory/{sku}`. */
import { DocumentData, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';

export const MAX_BULK = 1000;

const iso = (v: unknown) => (v instanceof Timestamp ? v.toDate().toISOString() : null);

export function publicStock(d: DocumentData): Record<string, unknown> {
  const locations: Record<string, unknown> = {};
  for (const [loc, p] of Object.entries((d.locations ?? {}) as Record<string, DocumentData>)) {
    locations[loc] = { onHand: p.onHand, seq: p.seq, syncedAt: iso(p.syncedAt) };
  }
  return {
    sku: d.sku, onHand: d.onHand, reserved: d.reserved, available: d.available, status: d.status,
    locations, syncedAt: iso(d.syncedAt), updatedAt: iso(d.updatedAt), version: d.version,
  };
}

export async function getStock(db: Firestore, sku: string): Promise<Record<string, unknown> | null> {
  const snap = await db.collection(C.inventory).doc(sku).get();
  return snap.exists ? publicStock(snap.data()!) : null;
}

/** Only the public fields travel: internal bookkeeping (pending sales, tombstones) stays behind. */
const PUBLIC_FIELDS = ['sku', 'onHand', 'reserved', 'available', 'status', 'locations', 'syncedAt', 'updatedAt', 'version'];

export async function getStocks(db: Firestore, skus: string[]): Promise<{ items: Record<string, unknown>[]; missing: string[] }> {
  const snaps = await db.getAll(...skus.map((s) => db.collection(C.inventory).doc(s)), { fieldMask: PUBLIC_FIELDS });
  return {
    items: snaps.filter((s) => s.exists).map((s) => publicStock(s.data()!)),
    missing: snaps.filter((s) => !s.exists).map((s) => s.id),
  };
}
