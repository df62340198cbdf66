/** The read side of stock: the public view of `inventory/{sku}` that the read API answers with. */
import { DocumentData, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { freshnessFields, statusRef } from './freshness';
import { loadStocks, OFFER_DOC_FIELDS } from './stock-store';
import { levelsOf } from '../domain/inventory';

export const MAX_BULK = 1000;

const iso = (v: unknown) => (v instanceof Timestamp ? v.toDate().toISOString() : null);

/**
 * The public view of a stock document. Asked for a channel, `available` and `status` are that
 * channel's (the document's per-channel figures; with no channels configured, the default channel
 * sells everything, so the totals); the totals stay in `total`.
 */
export function publicStock(d: DocumentData, channel?: string): Record<string, unknown> {
  const locations: Record<string, unknown> = {};
  for (const [loc, p] of Object.entries((d.locations ?? {}) as Record<string, DocumentData>)) {
    locations[loc] = { onHand: p.onHand, seq: p.seq, syncedAt: iso(p.syncedAt), ...(p.incoming ? { incoming: p.incoming, incomingAt: iso(p.incomingAt) } : {}) };
  }
  const offer = Object.fromEntries(OFFER_DOC_FIELDS.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
  const ch = channel !== undefined ? (d.channels?.[channel] as { available: number; status: string } | undefined) : undefined;
  return {
    sku: d.sku, onHand: d.onHand, reserved: d.reserved, available: ch ? ch.available : d.available, status: ch ? ch.status : d.status,
    ...(channel !== undefined ? { channel, total: { available: d.available, status: d.status } } : {}),
    ...(d.channels ? { channels: d.channels } : {}),
    ...(d.backOn ? { backOn: iso(d.backOn) } : {}),
    ...offer,
    locations, syncedAt: iso(d.syncedAt), updatedAt: iso(d.updatedAt), version: d.version,
  };
}


/** One SKU, with the sync's freshness as of now (`stale` is derived from time, not stored). */
export async function getStock(db: Firestore, sku: string, channel?: string): Promise<Record<string, unknown> | null> {
  const [snap, status] = await db.getAll(db.collection(C.inventory).doc(sku), statusRef(db));
  return snap!.exists ? { ...publicStock(snap!.data()!, channel), ...freshnessFields(status!.data()) } : null;
}

/** Only the public fields travel: internal bookkeeping (pending sales, tombstones) stays behind. */
const PUBLIC_FIELDS = ['sku', 'onHand', 'reserved', 'available', 'status', 'locations', 'syncedAt', 'updatedAt', 'version', 'channels', 'backOn', ...OFFER_DOC_FIELDS];

export async function getStocks(db: Firestore, skus: string[], channel?: string): Promise<{ items: Record<string, unknown>[]; missing: string[]; stale: boolean; lastSyncSuccessAt: string | null }> {
  const [snaps, status] = await Promise.all([db.getAll(...skus.map((s) => db.collection(C.inventory).doc(s)), { fieldMask: PUBLIC_FIELDS }), statusRef(db).get()]);
  return {
    items: snaps.filter((s) => s.exists).map((s) => publicStock(s.data()!, channel)),
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
