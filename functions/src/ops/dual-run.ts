/**
 * The staged migration's consistency check ("dual processing with consistency checks"): while the
 * legacy system still runs beside this one, its counts for the SKUs in this system's share are
 * compared with ours. The legacy counts arrive as `legacyStock/{sku}` documents (`{ onHand }`, the
 * SKU's total), loaded from the legacy system's export by `npm run legacy-import`.
 *
 * Both sides are read a page at a time in document-id order and joined (bounded memory). The
 * report (`dualRunReports/{id}`) is written first and completed at the end: SKUs compared,
 * mismatches, SKUs only one side has, the mismatch rate and a sample. The rate feeds the
 * discrepancy alert (`dual-run`, kind `discrepancy_rate`, source `dual_run`).
 */
import { randomBytes } from 'node:crypto';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { raiseOrResolve } from '../adapters/alerts';
import { mergeById, pagesById } from '../adapters/firestore-order';
import { expireAt } from '../adapters/retention';
import { OwnershipSource } from '../stock/ports';
import { instruments } from '../adapters/metrics';

export interface DualRunMismatch {
  sku: string;
  ours: number | null;
  legacy: number | null;
}

export interface DualRunResult {
  reportId: string;
  /** SKUs in the share that either side counts. */
  compared: number;
  mismatched: number;
  /** In the share, counted by the legacy system, absent here. */
  missingHere: number;
  /** In the share, here, absent from the legacy export. */
  missingInLegacy: number;
  /** SKUs outside the share (the legacy system's alone): not compared. */
  outsideShare: number;
  rate: number;
  sample: DualRunMismatch[];
}

async function* counts(db: Firestore, collection: string, field: string): AsyncGenerator<{ id: string; value: number | null }> {
  for await (const docs of pagesById(db.collection(collection).select(field))) {
    for (const d of docs) {
      const v = d.get(field) as unknown;
      yield { id: d.id, value: typeof v === 'number' ? v : null };
    }
  }
}

export async function hasLegacyCounts(db: Firestore): Promise<boolean> {
  return !(await db.collection(C.legacyStock).limit(1).get()).empty;
}

export async function dualRunReport(db: Firestore, ownership: OwnershipSource, o: { trigger: string; alertRate?: number; alertForMs?: number }): Promise<DualRunResult> {
  const startedAt = Date.now();
  const reportId = `${new Date(startedAt).toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  const ref = db.collection(C.dualRunReports).doc(reportId);
  await ref.create({ reportId, state: 'running', trigger: o.trigger, startedAt: Timestamp.fromMillis(startedAt), expireAt: expireAt('dualRunReports', startedAt) });
  const owns = await ownership.current();
  const r: DualRunResult = { reportId, compared: 0, mismatched: 0, missingHere: 0, missingInLegacy: 0, outsideShare: 0, rate: 0, sample: [] };
  for await (const { id: sku, left: ours, right: legacy } of mergeById(counts(db, C.inventory, 'onHand'), counts(db, C.legacyStock, 'onHand'))) {
    if (!owns(sku)) {
      r.outsideShare++;
      continue;
    }
    r.compared++;
    if (ours !== undefined && legacy !== undefined && ours === legacy) continue;
    if (legacy === undefined) r.missingInLegacy++;
    else if (ours === undefined) r.missingHere++;
    r.mismatched++;
    if (r.sample.length < 50) r.sample.push({ sku, ours: ours ?? null, legacy: legacy ?? null });
  }
  r.rate = r.compared ? r.mismatched / r.compared : 0;
  instruments().discrepancyRate.record(r.rate, { source: 'dual_run' });
  await ref.update({ ...r, state: 'done', finishedAt: Timestamp.now() });
  await raiseOrResolve(db, [
    { id: 'dual-run', active: r.rate > (o.alertRate ?? 0.005), forMs: o.alertForMs, fields: { kind: 'discrepancy_rate', source: 'dual_run', reportId, rate: r.rate, mismatched: r.mismatched, compared: r.compared } },
  ]);
  return r;
}
