/** The read side of stock: the public view of `inventory/{sku}` that the read API answers with. */
import { DocumentData, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { freshnessFields, statusRef } from './freshness';
import { loadStocks, OFFER_DOC_FIELDS } from './stock-store';
import { levelsOf } from '../domain/inventory';

export const MAX_BULK = 1000;

const iso = (v: unknown) => (v instanceof Timestamp ? v.toDate().toISOString() : null);

export function publicStock(d: DocumentData): Record<string, unknown> {
  const locations: Record<string, unknown> = {};
  for (const [loc, p] of Object.entries((d.locations ?? {}) as Record<string, DocumentData>)) {
    locations[loc] = { onHand: p.onHand, seq: p.seq, syncedAt: iso(p.syncedAt) };
  }
  const offer = Object.fromEntries(OFFER_DOC_FIELDS.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
  return {
    sku: d.sku, onHand: d.onHand, reserved: d.reserved, available: d.available, status: d.status,
    ...offer,
    locations, syncedAt: iso(d.syncedAt), updatedAt: iso(d.updatedAt), version: d.version,
  };
}


/** One SKU, with the sync's freshness as of now (`stale` is derived from time, not stored). */
export async function getStock(db: Firestore, sku: string): Promise<Record<string, unknown> | null> {
  const [snap, status] = await db.getAll(db.collection(C.inventory).doc(sku), statusRef(db));
  return snap!.exists ? { ...publicStock(snap!.data()!), ...freshnessFields(status!.data()) } : null;
}

/** Only the public fields travel: internal bookkeeping (pending sales, tombstones) stays behind. */
const PUBLIC_FIELDS = ['sku', 'onHand', 'reserved', 'available', 'status', 'locations', 'syncedAt', 'updatedAt', 'version', ...OFFER_DOC_FIELDS];

export async function getStocks(db: Firestore, skus: string[]): Promise<{ items: Record<string, unknown>[]; missing: string[]; stale: boolean; lastSyncSuccessAt: string | null }> {
  const [snaps, status] = await Promise.all([db.getAll(...skus.map((s) => db.collection(C.inventory).doc(s)), { fieldMask: PUBLIC_FIELDS }), statusRef(db).get()]);
  return {
    items: snaps.filter((s) => s.exists).map((s) => publicStock(s.data()!)),
    missing: snaps.filter((s) => !s.exists).map((s) => s.id),
    ...freshnessFields(status.data()),
  };
}

/**
 * One SKU as an operator sees it (never served to storefronts): the public view, and per location
 * the WMS's own count and the sales committed here that it has not reflected yet, the tombstones
 * and the shortfall, from the private document.
 */
export async function getStockDetail(db: Firestore, sku: string, defaultThreshold: number): Promise<Record<string, unknown> | null> {
  const [snap] = await db.getAll(db.collection(C.inventory).doc(sku));
  if (!snap!.exists) return null;
  const [stock] = await loadStocks((...refs) => db.getAll(...refs), db, [snap!], defaultThreshold);
  const { state } = stock!;
  const pub = publicStock(snap!.data()!);
  const locations: Record<string, unknown> = {};
  for (const [loc, p] of Object.entries(state.locations)) {
    locations[loc] = {
      onHand: p.onHand,
      wmsOnHand: p.wmsOnHand,
      seq: p.seq,
      syncedAt: p.syncedAt ? new Date(p.syncedAt).toISOString() : null,
      pendingSales: state.pendingSales[loc] ?? [],
    };
  }
  return { ...pub, locations, removedLocations: state.removed, shortfall: levelsOf(state).shortfall, lowStockThreshold: state.lowStockThreshold };
}
