/**
 * Applies a queued push job through the same CountApplier the poller uses: queued -> processing
 * (under the shared lease, `leases/ingest-job-{id}`) -> done, or failed after MAX_ATTEMPTS.
 * Re-running a job is harmless: counts apply by seq.
 */
import { randomUUID } from 'node:crypto';
import { Firestore, Timestamp, WriteBatch } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { RelayLease } from '../adapters/lease';
import { coalesce, LocationChange } from '../domain/sequence';
import { CountApplier, ComputeFn } from '../stock/count-applier';
import { applyCounts } from '../domain/inventory';
import { isCompleteOffer } from '../domain/offer';
import { IngestQueue } from './ports';
import type { StoredRow } from './service';
import * as logs from '../logs';
import { instruments } from '../adapters/metrics';
import { inSpan, TraceCarrier } from '../adapters/tracing';
import { statesOf } from '../domain/locations';

const LEASE_MS = 120_000;
/** A job that failed this many times is `failed` (the reason in its status), never retried again. */
export const MAX_ATTEMPTS = 5;

export async function processIngestJob(db: Firestore, applier: CountApplier, jobId: string, now = Date.now, owner = randomUUID()): Promise<{ state: string; vendorId?: string | null }> {
  const ref = db.collection(C.ingestJobs).doc(jobId);
  const lease = new RelayLease(db, `ingest-job-${jobId}`, owner, LEASE_MS, now);
  if (!(await lease.tryHold())) return { state: 'skipped' };
  try {
    return await processHeld(db, applier, jobId, ref, now);
  } finally {
    await lease.release(null).catch(() => undefined);
  }
}

async function processHeld(db: Firestore, applier: CountApplier, jobId: string, ref: FirebaseFirestore.DocumentReference, now: () => number): Promise<{ state: string; vendorId?: string | null }> {
  const claimed = await db.runTransaction(async (tx) => {
    const d = (await tx.get(ref)).data();
    // Done, failed, held for a person's review or discarded: nothing to apply (a confirmed batch is queued again).
    if (!d || !['queued', 'processing'].includes(d.state as string)) return null;
    const attempts = (d.attempts ?? 0) + 1;
    if (attempts > MAX_ATTEMPTS) {
      tx.update(ref, { state: 'failed', failedAt: Timestamp.fromMillis(now()), updatedAt: Timestamp.fromMillis(now()), error: `gave up after ${MAX_ATTEMPTS} attempts: ${String(d.error ?? 'unknown error')}` });
      return 'failed' as const;
    }
    tx.update(ref, { state: 'processing', attempts, updatedAt: Timestamp.fromMillis(now()) });
    return d;
  });
  if (claimed === 'failed') {
    logs.ingest('failed', { jobId, attempts: MAX_ATTEMPTS });
    return { state: 'failed' };
  }
  if (!claimed) return { state: 'skipped' };
  return applyClaimed(db, applier, { jobId, source: String(claimed.source), batchId: String(claimed.batchId), vendorId: typeof claimed.vendorId === 'string' ? claimed.vendorId : null, receivedAt: (claimed.receivedAt as Timestamp).toMillis() }, async () => (await ref.collection('chunks').get()).docs.flatMap((c) => c.data().rows as StoredRow[]), now, 'queued');
}

/** What applying a job needs to know of it. */
export interface ClaimedJob {
  jobId: string;
  source: string;
  batchId: string;
  vendorId: string | null;
  receivedAt: number;
}

/**
 * A push applied in the request that accepted it (`IngestService.accept`, up to INLINE_PUSH_MAX_ROWS
 * rows): the same applier, the same job record. The job was created `processing` in the accepting
 * commit; if this throws, the job is `queued` again (or, if the process died, the sweeper finds it
 * `processing` a minute later) and the worker applies it: counts apply by seq, so twice is once.
 */
export function applyInline(db: Firestore, applier: CountApplier, job: ClaimedJob, rows: StoredRow[], now = Date.now): Promise<{ state: string; vendorId?: string | null }> {
  // The batch's stored answer becomes `done` with the job, so a repeat of the batch gets the answer the first request got.
  const answer = db.collection(C.ingestBatches).doc(`${job.source}:${job.batchId}`);
  return applyClaimed(db, applier, job, async () => rows, now, 'inline', (b) => b.update(answer, { 'answer.state': 'done' }));
}

async function applyClaimed(
  db: Firestore,
  applier: CountApplier,
  job: ClaimedJob,
  rowsOf: () => Promise<StoredRow[]>,
  now: () => number,
  path: 'inline' | 'queued',
  alsoOnDone?: (b: WriteBatch) => void,
): Promise<{ state: string; vendorId?: string | null }> {
  return inSpan('ingest.apply', { attributes: { 'ingest.job_id': job.jobId, 'ingest.path': path, 'ingest.source': job.source } }, () => applyJob(db, applier, job, rowsOf, now, path, alsoOnDone));
}

async function applyJob(
  db: Firestore,
  applier: CountApplier,
  job: ClaimedJob,
  rowsOf: () => Promise<StoredRow[]>,
  now: () => number,
  path: 'inline' | 'queued',
  alsoOnDone?: (b: WriteBatch) => void,
): Promise<{ state: string; vendorId?: string | null }> {
  const { jobId, vendorId } = job;
  const ref = db.collection(C.ingestJobs).doc(jobId);
  try {
    const changes = rowsToChanges(await rowsOf(), vendorId);
    const co = coalesce(changes);
    const stats = await applier.apply(co.bySku, `push:${job.source}`, {
      oldestUpdatedAt: co.oldestUpdatedAt,
      batchId: job.batchId,
      fresh: true,
      ...(vendorId ? { compute: vendorOnly(vendorId, await vendorThreshold(db, vendorId)) } : {}),
    });
    const at = now();
    const latencyMs = at - job.receivedAt;
    // Received -> committed: the TDD's push latency (alert at p99 200 ms, monitoring-policies.ts).
    if (stats.skusWritten) instruments().pushCommit.record(latencyMs / 1000, { path });
    const done = db.batch();
    done.update(ref, {
      state: 'done', applied: stats.applied, duplicate: stats.duplicate + co.duplicates, stale: stats.stale + co.superseded,
      skusWritten: stats.skusWritten, notOwned: stats.notOwned, appliedAt: Timestamp.fromMillis(at), latencyMs, path, updatedAt: Timestamp.fromMillis(at), error: null,
    });
    alsoOnDone?.(done);
    await done.commit();
    logs.ingest('applied', { jobId, source: job.source, rows: changes.length, applied: stats.applied, duplicate: stats.duplicate + co.duplicates, stale: stats.stale + co.superseded, latencyMs, path });
    return { state: 'done', ...(vendorId ? { vendorId } : {}) };
  } catch (err) {
    logs.internalError(`ingest apply (${path})`, err, { jobId });
    await ref.update({ state: 'queued', error: err instanceof Error ? err.message.slice(0, 300) : String(err), updatedAt: Timestamp.fromMillis(now()) });
    throw err;
  }
}

/** A job's stored rows as the applier's changes (a vendor's carry the offer they name). */
export function rowsToChanges(rows: readonly StoredRow[], vendorId: string | null): LocationChange[] {
  return rows.map((r) => ({
    sku: r.sku, locationId: r.locationId, onHand: r.onHand ?? 0, seq: r.seq, updatedAt: Date.parse(r.occurredAt), deleted: r.op === 'delete',
    ...(r.reason ? { reason: r.reason } : {}),
    ...statesOf(r),
    ...(vendorId ? { offer: { vendorId, vendorSku: r.vendorSku ?? r.sku, patch: r.offer ?? {} } } : {}),
  }));
}

/**
 * A vendor's changes apply only to its own offers, or create one (all attributes given) where no
 * stock key exists yet; the check at acceptance is repeated here, against the document the commit
 * is conditioned on. Refused changes count as stale and change nothing.
 */
export function vendorOnly(vendorId: string, defaultThreshold: number | null): ComputeFn {
  return (prev, changes, now, source) => {
    const fresh = !prev.offer && !Object.keys(prev.locations).length && !Object.keys(prev.removed).length;
    const creates = fresh && changes.some((c) => c.offer && isCompleteOffer(c.offer.patch));
    if (prev.offer?.vendorId === vendorId) return applyCounts(prev, changes, now, source);
    if (creates) return applyCounts(defaultThreshold === null ? prev : { ...prev, lowStockThreshold: defaultThreshold }, changes, now, source);
    return { state: prev, events: [], applied: 0, duplicate: 0, stale: changes.length, outcomes: changes.map(() => 'stale' as const) };
  };
}

/** The vendor's low-stock threshold for its new offers (null: the system default). */
export async function vendorThreshold(db: Firestore, vendorId: string): Promise<number | null> {
  const t = (await db.collection(C.vendors).doc(vendorId).get()).data()?.lowStockThreshold;
  return typeof t === 'number' ? t : null;
}

/** The safety net: jobs still queued a minute after they were received are queued again. */
export async function requeueStuckJobs(db: Firestore, queue: IngestQueue, olderThanMs = 60_000): Promise<number> {
  const cutoff = Timestamp.fromMillis(Date.now() - olderThanMs);
  const stuck = await db.collection(C.ingestJobs).where('state', 'in', ['queued', 'processing']).where('updatedAt', '<', cutoff).limit(200).get();
  // Queued again with the trace the job was accepted in, so its waterfall stays one trace.
  await Promise.all(stuck.docs.map((d) => queue.enqueue(d.id, (d.data().trace as TraceCarrier | undefined) ?? {})));
  return stuck.size;
}
