/** CSV exports for reconciliation: stock, reservations, discrepancies of a run. */
import { DocumentData, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { allReservations } from '../checkout/reservation-store';

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
    const docs = (await db.collection(C.inventory).orderBy('sku').get()).docs.map((d) => d.data());
    return csv(
      ['sku', 'locationId', 'onHand', 'seq', 'syncedAt', 'skuOnHand', 'reserved', 'available', 'status', 'updatedAt'],
      docs.flatMap((d: DocumentData) => {
        const locs = Object.entries((d.locations ?? {}) as Record<string, DocumentData>);
        const base = [d.onHand, d.reserved, d.available, d.status, d.updatedAt];
        return locs.length ? locs.sort().map(([loc, p]) => [d.sku, loc, p.onHand, p.seq, p.syncedAt, ...base]) : [[d.sku, '', '', '', '', ...base]];
      }),
    );
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
