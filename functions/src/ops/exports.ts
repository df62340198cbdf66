/** CSV exports for reconciliation: stock, reservations, discrepancies of a run. */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { allReservations } from '../checkout/reservation-store';
import { stockPages } from '../stock/stock-store';
import { publicStock } from '../stock/stock-reads';

export const EXPORTS = ['stock', 'reservations', 'discrepancies'] as const;
export type ExportKind = (typeof EXPORTS)[number];

function cell(v: unknown): string {
  const s = v instanceof Timestamp ? v.toDate().toISOString() : v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: string[], rows: unknown[][]): string {
  return [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}

export async function exportCsv(db: Firestore, kind: ExportKind, runId?: string): Promise<string> {
  if (kind === 'stock') {
    const rows: unknown[][] = [];
    for await (const page of stockPages(db, 0)) {
      for (const r of page) {
        const d = publicStock(r.data) as { sku: string; onHand: number; reserved: number; available: number; status: string; updatedAt: string | null; locations: Record<string, { onHand: number; seq: number; syncedAt: string | null }> };
        const base = [d.onHand, d.reserved, d.available, d.status, d.updatedAt];
        const locs = Object.entries(d.locations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        if (!locs.length) rows.push([d.sku, '', '', '', '', ...base]);
        for (const [loc, p] of locs) rows.push([d.sku, loc, p.onHand, p.seq, p.syncedAt, ...base]);
      }
    }
    return csv(['sku', 'locationId', 'onHand', 'seq', 'syncedAt', 'skuOnHand', 'reserved', 'available', 'status', 'updatedAt'], rows);
  }
  if (kind === 'reservations') {
    const all = await allReservations(db);
    return csv(
      ['reservationId', 'uid', 'cartId', 'state', 'sku', 'quantity', 'expiresAt', 'createdAt', 'updatedAt'],
      all.flatMap(({ id, doc: r }) => r.items.map((l) => [id, r.uid, r.cartId, r.state, l.sku, l.quantity, r.expiresAt, r.createdAt, r.updatedAt])),
    );
  }
  const run = runId
    ? await db.collection(C.reconciliationRuns).doc(runId).get()
    : (await db.collection(C.reconciliationRuns).orderBy('startedAt', 'desc').limit(1).get()).docs[0];
  if (!run?.exists) return csv(['runId', 'sku', 'locationId', 'kind', 'wms', 'ours', 'wmsSeq', 'ourSeq'], []);
  const items = (await run.ref.collection('discrepancies').get()).docs.map((d) => d.data());
  return csv(['runId', 'sku', 'locationId', 'kind', 'wms', 'ours', 'wmsSeq', 'ourSeq'], items.map((d) => [run.id, d.sku, d.locationId, d.kind, d.wms, d.ours, d.wmsSeq, d.ourSeq]));
}
