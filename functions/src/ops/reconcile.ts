/**
 * Reconciliation against a full WMS snapshot: find discrepancies per (sku, location), record them
 * per run with the rate, and correct where the WMS is authoritative (counts only: reservations are
 * never touched). The invariant check is in invariants.ts.
 */
import { randomBytes } from 'node:crypto';
import { FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { LocationChange } from '../domain/sequence';
import { applySnapshot } from '../domain/resync';
import { C } from '../adapters/collections';
import { raiseOrResolve } from '../adapters/alerts';
import { stockPages } from '../stock/stock-store';
import { StockState } from '../domain/inventory';
import { InventoryConnector } from '../stock/ports';
import { CountApplier } from '../stock/count-applier';

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

export interface ReconcileResult {
  runId: string;
  skus: number;
  positions: number;
  discrepancies: number;
  skusWithDiscrepancy: number;
  rate: number;
  fixed: number;
  byKind: Record<DiscrepancyKind, number>;
}

export async function reconcile(
  db: Firestore,
  connector: InventoryConnector,
  applier: CountApplier,
  o: { fix: boolean; defaultThreshold: number; trigger: string; alertRate?: number },
): Promise<ReconcileResult> {
  const startedAt = Date.now();
  const runId = `${new Date(startedAt).toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  const wms = new Map<string, LocationChange[]>();
  let token: string | null = null;
  do {
    const page = await connector.fetchSnapshot(token, 5000, startedAt + 20 * 60_000);
    for (const i of page.items) (wms.get(i.sku) ?? wms.set(i.sku, []).get(i.sku)!).push(i);
    token = page.nextPageToken;
  } while (token);

  const oursBySku = new Map<string, StockState>();
  for await (const page of stockPages(db, o.defaultThreshold)) for (const r of page) oursBySku.set(r.sku, r.state);
  const skus = new Set([...wms.keys(), ...oursBySku.keys()]);
  const found: Discrepancy[] = [];
  let positions = 0;
  for (const sku of skus) {
    const w = new Map((wms.get(sku) ?? []).map((i) => [i.locationId, i]));
    const mine = oursBySku.get(sku)?.locations ?? {};
    for (const loc of new Set([...w.keys(), ...Object.keys(mine)])) {
      positions++;
      const a = w.get(loc);
      const b = mine[loc];
      if (a && !b) found.push({ sku, locationId: loc, kind: 'missing_here', wms: a.onHand, ours: null, wmsSeq: a.seq, ourSeq: null });
      else if (!a && b) found.push({ sku, locationId: loc, kind: 'extra_here', wms: null, ours: b.wmsOnHand, wmsSeq: null, ourSeq: b.seq });
      else if (a && b && a.seq > b.seq) found.push({ sku, locationId: loc, kind: 'behind', wms: a.onHand, ours: b.wmsOnHand, wmsSeq: a.seq, ourSeq: b.seq });
      else if (a && b && a.onHand !== b.wmsOnHand) found.push({ sku, locationId: loc, kind: 'count_mismatch', wms: a.onHand, ours: b.wmsOnHand, wmsSeq: a.seq, ourSeq: b.seq });
    }
  }
  // "behind" is the sync catching up, not drift; it does not count towards the rate.
  const drift = found.filter((d) => d.kind !== 'behind');
  const skusWithDiscrepancy = new Set(drift.map((d) => d.sku)).size;
  const byKind = { count_mismatch: 0, missing_here: 0, extra_here: 0, behind: 0 } as Record<DiscrepancyKind, number>;
  for (const d of found) byKind[d.kind]++;
  let fixed = 0;
  if (o.fix) {
    // Every SKU of the snapshot: discrepancies are corrected, and positions the WMS confirms as
    // they are get their syncedAt refreshed (no event), so freshness per position stays true.
    const affected = new Map([...new Set([...wms.keys(), ...found.map((d) => d.sku)])].map((s) => [s, wms.get(s) ?? []]));
    // Drift is by definition something the applier's cache did not see: read these afresh.
    applier.invalidate(affected.keys());
    await applier.apply(affected, 'reconcile', undefined, (prev, items, at, source) => {
      const r = applySnapshot(prev, items, startedAt, at, source);
      if (r.applied > 0) fixed++;
      return r;
    });
  }
  const result: ReconcileResult = {
    runId, skus: skus.size, positions, discrepancies: drift.length, skusWithDiscrepancy,
    rate: skus.size ? skusWithDiscrepancy / skus.size : 0, fixed, byKind,
  };
  const runRef = db.collection(C.reconciliationRuns).doc(runId);
  await runRef.set({ ...result, trigger: o.trigger, fix: o.fix, startedAt: Timestamp.fromMillis(startedAt), finishedAt: FieldValue.serverTimestamp() });
  for (let i = 0; i < found.length; i += 400) {
    const b = db.batch();
    found.slice(i, i + 400).forEach((d, k) => b.set(runRef.collection('discrepancies').doc(String(i + k)), d));
    await b.commit();
  }
  // Stale products: SKUs the WMS no longer reports at all and has not confirmed for a day. A quiet
  // SKU (no change for weeks) is in the snapshot, so it is not stale.
  const staleSkus = [...oursBySku.values()].filter((s) => !wms.has(s.sku) && (s.syncedAt === null || startedAt - s.syncedAt > 24 * 3_600_000)).map((s) => s.sku);
  await raiseOrResolve(db, [
    { id: 'stale-products', active: staleSkus.length > 0, fields: { kind: 'stale_product', count: staleSkus.length, sample: staleSkus.slice(0, 50), runId } },
    { id: `discrepancy-${runId}`, active: result.rate > (o.alertRate ?? 0.005), fields: { kind: 'discrepancy_rate', runId, rate: result.rate, discrepancies: drift.length } },
  ]);
  return result;
}
