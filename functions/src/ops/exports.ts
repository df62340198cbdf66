/**
 * CSV exports for reconciliation: stock, reservations, discrepancies of a run. Streamed: rows go
 * to `write` a page at a time (bounded memory, whatever the catalogue's size), and a slow reader
 * holds the next page back (`write` resolves when the chunk is taken).
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { pagesById } from '../adapters/firestore-order';
import { C } from '../adapters/collections';
import { ReservationDoc } from '../checkout/reservation-store';
import { stockPages } from '../stock/stock-store';
import { publicStock } from '../stock/stock-reads';
import { csvLines } from '../adapters/csv';

export const EXPORTS = ['stock', 'reservations', 'discrepancies'] as const;
export type ExportKind = (typeof EXPORTS)[number];

export type ChunkWriter = (chunk: string) => Promise<void> | void;

/**
 * One CSV cell. A text cell that a spreadsheet would read as a formula (starting with = + - @, a
 * tab or a carriage return) is neutralised with a leading apostrophe (OWASP "CSV injection"):
 * SKU names, notes and location ids come from outside. Numbers are written as numbers.
 */
export function cell(v: unknown): string | number {
  if (typeof v === 'number') return v;
  const s = v instanceof Timestamp ? v.toDate().toISOString() : v === null || v === undefined ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export const csvLine = (cells: readonly unknown[]) => csvLines([cells.map(cell)]);

const HEADERS: Record<ExportKind, string[]> = {
  stock: ['sku', 'locationId', 'onHand', 'seq', 'syncedAt', 'skuOnHand', 'reserved', 'available', 'status', 'updatedAt'],
  reservations: ['reservationId', 'uid', 'cartId', 'state', 'sku', 'quantity', 'expiresAt', 'createdAt', 'updatedAt'],
  discrepancies: ['runId', 'sku', 'locationId', 'kind', 'wms', 'ours', 'wmsSeq', 'ourSeq'],
};

export async function exportCsv(db: Firestore, kind: ExportKind, write: ChunkWriter, runId?: string): Promise<void> {
  await write(csvLine(HEADERS[kind]));
  if (kind === 'stock') {
    for await (const page of stockPages(db, 0, 1000, ['sku', 'onHand', 'reserved', 'available', 'status', 'locations', 'syncedAt', 'updatedAt', 'version'])) {
      let out = '';
      for (const r of page) {
        const d = publicStock(r.data) as { sku: string; onHand: number; reserved: number; available: number; status: string; updatedAt: string | null; locations: Record<string, { onHand: number; seq: number; syncedAt: string | null }> };
        const base = [d.onHand, d.reserved, d.available, d.status, d.updatedAt];
        const locs = Object.entries(d.locations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        if (!locs.length) out += csvLine([d.sku, '', '', '', '', ...base]);
        for (const [loc, p] of locs) out += csvLine([d.sku, loc, p.onHand, p.seq, p.syncedAt, ...base]);
      }
      await write(out);
    }
    return;
  }
  if (kind === 'reservations') {
    for await (const docs of pagesById(db.collection(C.reservations))) {
      let out = '';
      for (const d of docs) {
        const r = d.data() as ReservationDoc;
        for (const l of r.items) out += csvLine([d.id, r.uid, r.cartId, r.state, l.sku, l.quantity, r.expiresAt, r.createdAt, r.updatedAt]);
      }
      await write(out);
    }
    return;
  }
  const run = runId
    ? await db.collection(C.reconciliationRuns).doc(runId).get()
    : (await db.collection(C.reconciliationRuns).where('state', '==', 'done').orderBy('finishedAt', 'desc').limit(1).get()).docs[0];
  if (!run?.exists) return;
  for await (const docs of pagesById(run.ref.collection('discrepancies'))) {
    await write(docs.map((doc) => {
      const d = doc.data();
      return csvLine([run.id, d.sku, d.locationId, d.kind, d.wms, d.ours, d.wmsSeq, d.ourSeq]);
    }).join(''));
  }
}

const OFFER_HEADERS = ['offerId', 'vendorSku', 'productId', 'condition', 'language', 'foil', 'signed', 'priceAmount', 'priceCurrency', 'onHand', 'reserved', 'available', 'status', 'halt', 'locations', 'syncedAt', 'updatedAt'];

/** One vendor's offers as CSV (the vendor panel's export), streamed a page at a time like the others. */
export async function exportVendorOffers(db: Firestore, vendorId: string, write: ChunkWriter): Promise<void> {
  await write(csvLine(OFFER_HEADERS));
  for await (const docs of pagesById(db.collection(C.inventory).where('vendorId', '==', vendorId), 1000)) {
    let out = '';
    for (const doc of docs) {
      const d = doc.data();
      const locations = Object.entries((d.locations ?? {}) as Record<string, { onHand: number }>).map(([l, p]) => `${l}:${p.onHand}`).sort().join(' ');
      out += csvLine([doc.id, d.vendorSku, d.productId, d.condition, d.language, String(d.foil === true), String(d.signed === true), d.price?.amount ?? '', d.price?.currency ?? '', d.onHand, d.reserved, d.available, d.status, d.halt ?? '', locations, d.syncedAt ?? null, d.updatedAt ?? null]);
    }
    await write(out);
  }
}
