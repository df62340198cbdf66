/**
 * What a batch would do, computed as its job would apply it: the same rows, coalesced the same way,
 * through the same compute (a vendor's `vendorOnly`, a system source's `applyCounts`) over the
 * stock as stored now. The dry run answers it; the mass-change guard judges it against the
 * vendor's listing.
 */
import { AggregateField, Firestore } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { coalesce } from '../domain/sequence';
import { applyCounts } from '../domain/inventory';
import { totalOnHand } from '../domain/locations';
import { diffOffers, FeedDiff, VendorTotals } from '../domain/feed-guard';
import { pagesById } from '../adapters/firestore-order';
import { readStocks } from '../stock/stock-store';
import { rowsToChanges, vendorOnly, vendorThreshold } from './processor';
import type { StoredRow } from './service';

/** The batch's diff, and the listing of the offers it touches before it (a lower bound of the vendor's). */
export async function previewBatch(db: Firestore, vendorId: string | null, rows: readonly StoredRow[], defaultThreshold: number, now = Date.now()): Promise<{ diff: FeedDiff; touched: VendorTotals }> {
  const co = coalesce(rowsToChanges(rows, vendorId));
  const stocks = await readStocks((...refs) => db.getAll(...refs), db, [...co.bySku.keys()], defaultThreshold);
  const compute = vendorId ? vendorOnly(vendorId, await vendorThreshold(db, vendorId)) : applyCounts;
  const touched: VendorTotals = { offers: 0, units: 0 };
  const pairs = stocks.map((s) => {
    // Only the vendor's own offers count toward its listing (a row naming another's changes nothing).
    if (s.exists && Object.keys(s.state.locations).length && (!vendorId || s.state.offer?.vendorId === vendorId)) {
      touched.offers++;
      touched.units += totalOnHand(s.state.locations);
    }
    return { before: s.exists ? s.state : null, after: compute(s.state, co.bySku.get(s.sku)!, now, 'preview').state };
  });
  return { diff: diffOffers(pairs), touched };
}

/** The vendor's offers and units now, counted by the database (an aggregation, not a read of every offer). */
export async function vendorTotals(db: Firestore, vendorId: string): Promise<VendorTotals> {
  const agg = await db.collection(C.inventory).where('vendorId', '==', vendorId).aggregate({ offers: AggregateField.count(), units: AggregateField.sum('onHand') }).get();
  return { offers: agg.data().offers, units: agg.data().units ?? 0 };
}

/** The vendor's listed offers (at least one location) and where each is: what a replace batch must name. */
export async function vendorListing(db: Firestore, vendorId: string): Promise<{ offers: Map<string, { locations: string[] }> }> {
  const offers = new Map<string, { locations: string[] }>();
  const q = db.collection(C.inventory).where('vendorId', '==', vendorId).select('locationIds');
  for await (const page of pagesById(q, 1000)) {
    for (const d of page) {
      const locations = (d.get('locationIds') as string[] | undefined) ?? [];
      if (locations.length) offers.set(d.id, { locations });
    }
  }
  return { offers };
}
