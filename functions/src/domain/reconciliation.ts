/**
 * The reconciliation's comparison of one SKU: the WMS's snapshot of its positions against ours.
 * Pure; ops/reconcile.ts runs it over the whole catalogue a chunk at a time.
 */
import type { StockState } from './inventory';
import type { LocationChange } from './sequence';

export type DiscrepancyKind = 'count_mismatch' | 'missing_here' | 'extra_here' | 'behind';

export interface Discrepancy {
  sku: string;
  locationId: string;
  kind: DiscrepancyKind;
  wms: number | null;
  ours: number | null;
  wmsSeq: number | null;
  ourSeq: number | null;
}

/** A SKU the WMS no longer reports, and has not confirmed for this long, is a stale product. */
export const STALE_PRODUCT_MS = 24 * 3_600_000;

export interface SkuComparison {
  discrepancies: Discrepancy[];
  /** Positions compared (the union of both sides' locations). */
  positions: number;
  /** We hold it, the WMS no longer reports it, and it has not been confirmed for a day. */
  staleProduct: boolean;
}

/**
 * Per location: the WMS has it and we do not (missing_here), we have it and the WMS does not
 * (extra_here), the WMS is at a newer seq (behind: the sync catching up, not drift), or the same
 * seq with another count (count_mismatch). Our side is the WMS's own count as we hold it
 * (`wmsOnHand`), so a sale here the WMS has not reflected yet is not drift.
 */
export function compareSku(sku: string, ours: StockState | undefined, wms: readonly LocationChange[] | undefined, at: number): SkuComparison {
  const w = new Map((wms ?? []).map((i) => [i.locationId, i]));
  const mine = ours?.locations ?? {};
  const discrepancies: Discrepancy[] = [];
  const locations = new Set([...w.keys(), ...Object.keys(mine)]);
  for (const loc of locations) {
    const a = w.get(loc);
    const b = mine[loc];
    if (a && !b) discrepancies.push({ sku, locationId: loc, kind: 'missing_here', wms: a.onHand, ours: null, wmsSeq: a.seq, ourSeq: null });
    else if (!a && b) discrepancies.push({ sku, locationId: loc, kind: 'extra_here', wms: null, ours: b.wmsOnHand, wmsSeq: null, ourSeq: b.seq });
    else if (a && b && a.seq > b.seq) discrepancies.push({ sku, locationId: loc, kind: 'behind', wms: a.onHand, ours: b.wmsOnHand, wmsSeq: a.seq, ourSeq: b.seq });
    else if (a && b && a.onHand !== b.wmsOnHand) discrepancies.push({ sku, locationId: loc, kind: 'count_mismatch', wms: a.onHand, ours: b.wmsOnHand, wmsSeq: a.seq, ourSeq: b.seq });
  }
  const staleProduct = !!ours && !wms && (ours.syncedAt === null || at - ours.syncedAt > STALE_PRODUCT_MS);
  return { discrepancies, positions: locations.size, staleProduct };
}
