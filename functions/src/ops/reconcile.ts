/**
 * Reconciliation against a full WMS snapshot, as background work with bounded memory: find
 * discrepancies per (sku, location), record them per run with the rate, and correct where the WMS
 * is authoritative (counts only: reservations are never touched). The invariant check is in
 * invariants.ts.
 *
 * A run is a document (`reconciliationRuns/{runId}`) written first (`queued`) and kept current as
 * it goes (`running`, its phase and progress, then `done` or `failed`). One run at a time holds the
 * `reconciliation` lease (renewed as it goes). Two phases, each a page at a time:
 *
 * 1. snapshot: the WMS snapshot's pages are staged as one document per SKU under the run
 *    (`.../wms/{sku}`, merged, so a SKU split across pages comes together; TTL on `expireAt`).
 *    The WMS pages in its own order (the reference sorts by `sku|location`, which is not SKU
 *    order), so nothing can be compared before the snapshot is complete.
 * 2. compare: our stock and the staged snapshot are read side by side in document-id order
 *    (a merge join), a chunk of SKUs at a time: discrepancies are written and fixed per chunk.
 *
 * Both phases record where they are (the WMS page token; the last SKU compared, with the counts
 * so far), so a run that dies is resumed by the next attempt where it stopped, not restarted.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { LocationChange } from '../domain/sequence';
import { applySnapshot } from '../domain/resync';
import { compareSku, Discrepancy, DiscrepancyKind } from '../domain/reconciliation';
import { C } from '../adapters/collections';
import { raiseOrResolve } from '../adapters/alerts';
import { RelayLease } from '../adapters/lease';
import { stockPages } from '../stock/stock-store';
import { StockState } from '../domain/inventory';
import { InventoryConnector } from '../stock/ports';
import { CountApplier } from '../stock/count-applier';
import { DomainError } from '../errors';
import { mergeById, pagesById } from '../adapters/firestore-order';
import { expireAt as expiry } from '../adapters/retention';
import { instruments } from '../adapters/metrics';

export type { Discrepancy, DiscrepancyKind } from '../domain/reconciliation';

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

export interface ReconcileOptions {
  defaultThreshold: number;
  alertRate?: number;
  /** How long the discrepancy rate must stay above `alertRate` before the alert opens (default: at once). */
  alertForMs?: number;
  /** SKUs compared (and fixed) per chunk. */
  chunkSize?: number;
  snapshotPageSize?: number;
  /** Test seam: runs after each compared chunk is recorded (fault injection). */
  afterChunk?: (lastSku: string) => Promise<void>;
}

const LEASE = 'reconciliation';
const LEASE_MS = 120_000;
/** Attempts of one run before it is `failed` for good (the task queue's own retries stop sooner or later too). */
export const MAX_ATTEMPTS = 5;

interface Progress {
  snapshotToken: string | null;
  snapshotDone: boolean;
  snapshotPages: number;
  snapshotPositions: number;
  lastSku: string | null;
  skus: number;
  positions: number;
  discrepancies: number;
  skusWithDiscrepancy: number;
  fixed: number;
  byKind: Record<DiscrepancyKind, number>;
  staleProducts: number;
  staleSample: string[];
}

const freshProgress = (): Progress => ({
  snapshotToken: null, snapshotDone: false, snapshotPages: 0, snapshotPositions: 0, lastSku: null,
  skus: 0, positions: 0, discrepancies: 0, skusWithDiscrepancy: 0, fixed: 0,
  byKind: { count_mismatch: 0, missing_here: 0, extra_here: 0, behind: 0 }, staleProducts: 0, staleSample: [],
});

export function runRef(db: Firestore, runId: string) {
  return db.collection(C.reconciliationRuns).doc(runId);
}

/** The run record, written before any work: what the API answers with and the dashboard follows. */
export async function createRun(db: Firestore, o: { fix: boolean; trigger: string; requestedBy?: string }): Promise<string> {
  const now = Date.now();
  const runId = `${new Date(now).toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  await runRef(db, runId).create({
    runId, state: 'queued', phase: 'snapshot', fix: o.fix, trigger: o.trigger, requestedBy: o.requestedBy ?? null,
    createdAt: Timestamp.fromMillis(now), updatedAt: Timestamp.fromMillis(now), attempts: 0, progress: freshProgress(),
    expireAt: expiry('reconciliationRuns', now),
  });
  return runId;
}

/**
 * An on-demand run: refused while another is in progress, else its record first, then its
 * background task (`enqueue`); a run whose task could not be queued is marked failed, not left queued.
 */
export async function startRun(db: Firestore, enqueue: (runId: string) => Promise<void>, o: { fix: boolean; requestedBy: string }): Promise<{ runId: string }> {
  const running = await activeRun(db);
  if (running) throw new DomainError('failed-precondition', `reconciliation ${running} is in progress`, { runId: running });
  const runId = await createRun(db, { fix: o.fix, trigger: 'on_demand', requestedBy: o.requestedBy });
  try {
    await enqueue(runId);
  } catch (err) {
    await runRef(db, runId).update({ state: 'failed', error: `could not be queued: ${err instanceof Error ? err.message : String(err)}` });
    throw err;
  }
  return { runId };
}

/** A run still queued or running, recently touched (a run that died long ago does not count). */
export async function activeRun(db: Firestore, now = Date.now()): Promise<string | null> {
  const snap = await db.collection(C.reconciliationRuns).where('state', 'in', ['queued', 'running']).get();
  const live = snap.docs.find((d) => ((d.data().updatedAt as Timestamp | undefined)?.toMillis() ?? 0) > now - 10 * 60_000);
  return live?.id ?? null;
}

/** One run, created and run here (the schedule, the tests): the result, or an error. */
export async function reconcile(
  db: Firestore,
  connector: InventoryConnector,
  applier: CountApplier,
  o: ReconcileOptions & { fix: boolean; trigger: string },
): Promise<ReconcileResult> {
  const runId = await createRun(db, o);
  const r = await runReconciliation(db, connector, applier, runId, o);
  if (r.state !== 'done') throw new DomainError('failed-precondition', `reconciliation ${runId} did not run: ${r.state}`);
  return r.result;
}

export type RunOutcome = { state: 'done'; result: ReconcileResult } | { state: 'busy' } | { state: 'finished_before' } | { state: 'unknown_run' };

/**
 * Runs (or resumes) `runId` under the reconciliation lease. `busy`: another run holds it (the
 * caller retries later). A failure marks the run `failed` with its error and is rethrown.
 */
export async function runReconciliation(db: Firestore, connector: InventoryConnector, applier: CountApplier, runId: string, o: ReconcileOptions): Promise<RunOutcome> {
  const ref = runRef(db, runId);
  const lease = new RelayLease(db, LEASE, `${runId}:${randomUUID()}`, LEASE_MS);
  if (!(await lease.tryHold())) return { state: 'busy' };
  try {
    const snap = await ref.get();
    if (!snap.exists) return { state: 'unknown_run' };
    const run = snap.data()!;
    if (run.state === 'done' || run.state === 'failed') return { state: 'finished_before' };
    const startedAt = run.startedAt instanceof Timestamp ? run.startedAt.toMillis() : Date.now();
    await ref.update({ state: 'running', startedAt: Timestamp.fromMillis(startedAt), updatedAt: Timestamp.now(), attempts: (run.attempts ?? 0) + 1 });
    const work = new Run(db, connector, applier, runId, run.fix === true, startedAt, { ...freshProgress(), ...(run.progress as Partial<Progress>) }, o, lease);
    try {
      return { state: 'done', result: await work.go() };
    } catch (err) {
      // Back to the queue with its progress (the next attempt resumes), until it has had enough.
      const attempts = (run.attempts ?? 0) + 1;
      const error = err instanceof Error ? err.message.slice(0, 500) : String(err);
      await ref.update({ state: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued', error, updatedAt: Timestamp.now() }).catch(() => undefined);
      throw err;
    }
  } finally {
    await lease.release(null).catch(() => undefined);
  }
}

class Run {
  constructor(
    private readonly db: Firestore,
    private readonly connector: InventoryConnector,
    private readonly applier: CountApplier,
    private readonly runId: string,
    private readonly fix: boolean,
    private readonly startedAt: number,
    private readonly p: Progress,
    private readonly o: ReconcileOptions,
    private readonly lease: RelayLease,
  ) {}

  private get ref() {
    return runRef(this.db, this.runId);
  }

  private async save(phase: string): Promise<void> {
    if ((await this.lease.renew(false, null)) === 'lost') throw new Error('lost the reconciliation lease');
    await this.ref.update({ phase, progress: this.p, updatedAt: Timestamp.now() });
  }

  async go(): Promise<ReconcileResult> {
    if (!this.p.snapshotDone) await this.stage();
    await this.compare();
    const rate = this.p.skus ? this.p.skusWithDiscrepancy / this.p.skus : 0;
    instruments().discrepancyRate.record(rate, { source: 'reconciliation' });
    const result: ReconcileResult = {
      runId: this.runId, skus: this.p.skus, positions: this.p.positions, discrepancies: this.p.discrepancies,
      skusWithDiscrepancy: this.p.skusWithDiscrepancy, rate, fixed: this.p.fixed, byKind: this.p.byKind,
    };
    await this.ref.update({ ...result, state: 'done', phase: 'done', progress: this.p, finishedAt: Timestamp.now(), updatedAt: Timestamp.now() });
    await raiseOrResolve(this.db, [
      { id: 'stale-products', active: this.p.staleProducts > 0, fields: { kind: 'stale_product', count: this.p.staleProducts, sample: this.p.staleSample, runId: this.runId } },
      // One alert for the condition (not one per run), so it can be required to persist across runs.
      { id: 'discrepancy-rate', active: rate > (this.o.alertRate ?? 0.005), forMs: this.o.alertForMs, fields: { kind: 'discrepancy_rate', source: 'reconciliation', runId: this.runId, rate, discrepancies: this.p.discrepancies } },
    ]);
    return result;
  }

  /** Phase 1: the WMS snapshot, staged a page at a time. */
  private async stage(): Promise<void> {
    const expireAt = expiry('wms', this.startedAt);
    do {
      const page = await this.connector.fetchSnapshot(this.p.snapshotToken, this.o.snapshotPageSize ?? 5000, Date.now() + 5 * 60_000);
      const bySku = new Map<string, Record<string, { onHand: number; seq: number }>>();
      for (const i of page.items) (bySku.get(i.sku) ?? bySku.set(i.sku, {}).get(i.sku)!)[i.locationId] = { onHand: i.onHand, seq: i.seq };
      const entries = [...bySku];
      for (let i = 0; i < entries.length; i += 400) {
        const b = this.db.batch();
        for (const [sku, positions] of entries.slice(i, i + 400)) b.set(this.ref.collection('wms').doc(sku), { positions, expireAt }, { merge: true });
        await b.commit();
      }
      this.p.snapshotPages++;
      this.p.snapshotPositions += page.items.length;
      this.p.snapshotToken = page.nextPageToken;
      this.p.snapshotDone = page.nextPageToken === null;
      await this.save('snapshot');
    } while (!this.p.snapshotDone);
  }

  /** Phase 2: ours against the staged snapshot, in SKU order, a chunk at a time. */
  private async compare(): Promise<void> {
    const chunkSize = this.o.chunkSize ?? 500;
    let chunk: { sku: string; ours?: StockState; wms?: LocationChange[] }[] = [];
    for await (const row of mergeById(this.ours(), this.staged())) {
      chunk.push({ sku: row.id, ours: row.left, wms: row.right });
      if (chunk.length >= chunkSize) {
        await this.compareChunk(chunk);
        chunk = [];
      }
    }
    if (chunk.length) await this.compareChunk(chunk);
    await this.save('compare');
  }

  private async *ours(): AsyncGenerator<{ id: string; value: StockState }> {
    for await (const page of stockPages(this.db, this.o.defaultThreshold, 1000, undefined, this.p.lastSku)) for (const r of page) yield { id: r.sku, value: r.state };
  }

  private async *staged(): AsyncGenerator<{ id: string; value: LocationChange[] }> {
    for await (const docs of pagesById(this.ref.collection('wms'), 1000, this.p.lastSku)) {
      for (const d of docs) {
        const positions = (d.data().positions ?? {}) as Record<string, { onHand: number; seq: number }>;
        yield {
          id: d.id,
          value: Object.entries(positions).map(([locationId, p]) => ({ sku: d.id, locationId, onHand: p.onHand, seq: p.seq, updatedAt: this.startedAt, deleted: false })),
        };
      }
    }
  }

  private async compareChunk(rows: { sku: string; ours?: StockState; wms?: LocationChange[] }[]): Promise<void> {
    const found: Discrepancy[] = [];
    for (const { sku, ours, wms } of rows) {
      const c = compareSku(sku, ours, wms, this.startedAt);
      this.p.positions += c.positions;
      found.push(...c.discrepancies);
      // Stale products: SKUs the WMS no longer reports at all and has not confirmed for a day. A
      // quiet SKU (no change for weeks) is in the snapshot, so it is not stale.
      if (c.staleProduct) {
        this.p.staleProducts++;
        if (this.p.staleSample.length < 50) this.p.staleSample.push(sku);
      }
    }
    this.p.skus += rows.length;
    // "behind" is the sync catching up, not drift; it does not count towards the rate.
    const drift = found.filter((d) => d.kind !== 'behind');
    this.p.discrepancies += drift.length;
    this.p.skusWithDiscrepancy += new Set(drift.map((d) => d.sku)).size;
    for (const d of found) this.p.byKind[d.kind]++;
    if (this.fix) {
      // Every SKU of the snapshot: discrepancies are corrected, and positions the WMS confirms as
      // they are get their syncedAt refreshed (no event), so freshness per position stays true.
      const withIssue = new Set(found.map((d) => d.sku));
      const affected = new Map(rows.filter((r) => r.wms || withIssue.has(r.sku)).map((r) => [r.sku, r.wms ?? []]));
      // A snapshot confirms most positions as they are: those are not a trail of changes.
      await this.applier.apply(affected, 'reconcile', {
        compute: (prev, items, at, source) => {
          const r = applySnapshot(prev, items, this.startedAt, at, source);
          if (r.applied > 0) this.p.fixed++;
          return r;
        },
        trail: false,
        fresh: true,
      });
    }
    for (let i = 0; i < found.length; i += 400) {
      const b = this.db.batch();
      // Ids from the position: a chunk compared again after a crash rewrites the same documents.
      for (const d of found.slice(i, i + 400)) b.set(this.ref.collection('discrepancies').doc(`${d.sku}|${d.locationId}`), { ...d, expireAt: expiry('discrepancies', this.startedAt) });
      await b.commit();
    }
    this.p.lastSku = rows[rows.length - 1]!.sku;
    await this.save('compare');
    await this.o.afterChunk?.(this.p.lastSku);
  }
}
