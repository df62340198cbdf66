/**
 * Applies a queued push job through the same CountApplier the poller uses: queued ->
 * processing (lease) -> done | failed. Re-running a job is harmless: counts apply by seq.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { coalesce, LocationChange } from '../domain/sequence';
import { CountApplier } from '../sync/count-applier';
import { IngestQueue } from './service';
import * as logs from '../logs';

const LEASE_MS = 120_000;

export async function processIngestJob(db: Firestore, applier: CountApplier, jobId: string, now = Date.now): Promise<{ state: string }> {
  const ref = db.collection(C.ingestJobs).doc(jobId);
  const claimed = await db.runTransaction(async (tx) => {
    const d = (await tx.get(ref)).data();
    if (!d) return null;
    if (d.state === 'done') return null;
    const leased = d.state === 'processing' && d.leaseUntil instanceof Timestamp && d.leaseUntil.toMillis() > now();
    if (leased) return null;
    tx.update(ref, { state: 'processing', leaseUntil: Timestamp.fromMillis(now() + LEASE_MS), attempts: (d.attempts ?? 0) + 1, updatedAt: Timestamp.fromMillis(now()) });
    return d;
  });
  if (!claimed) return { state: 'skipped' };
  try {
    const chunks = await ref.collection('chunks').get();
    const changes: LocationChange[] = [];
    for (const c of chunks.docs) {
      for (const r of c.data().rows as { op: string; sku: string; locationId: string; onHand?: number; seq: number; occurredAt: string }[]) {
        changes.push({ sku: r.sku, locationId: r.locationId, onHand: r.onHand ?? 0, seq: r.seq, updatedAt: Date.parse(r.occurredAt), deleted: r.op === 'delete' });
      }
    }
    const co = coalesce(changes);
    const stats = await applier.apply(co.bySku, `push:${claimed.source}`, co.oldestUpdatedAt);
    const at = now();
    const latencyMs = at - (claimed.receivedAt as Timestamp).toMillis();
    await ref.update({
      state: 'done', applied: stats.applied, duplicate: stats.duplicate + co.duplicates, stale: stats.stale + co.superseded,
      skusWritten: stats.skusWritten, appliedAt: Timestamp.fromMillis(at), latencyMs, updatedAt: Timestamp.fromMillis(at), leaseUntil: null,
    });
    logs.ingest('applied', { jobId, source: claimed.source, rows: changes.length, applied: stats.applied, duplicate: stats.duplicate + co.duplicates, stale: stats.stale + co.superseded, latencyMs });
    return { state: 'done' };
  } catch (err) {
    logs.internalError('ingest apply', err, { jobId });
    await ref.update({ state: 'queued', error: err instanceof Error ? err.message.slice(0, 300) : String(err), leaseUntil: null, updatedAt: Timestamp.fromMillis(now()) });
    throw err;
  }
}

/** The safety net: jobs still queued a minute after they were received are queued again. */
export async function requeueStuckJobs(db: Firestore, queue: IngestQueue, olderThanMs = 60_000): Promise<number> {
  const cutoff = Timestamp.fromMillis(Date.now() - olderThanMs);
  const stuck = await db.collection(C.ingestJobs).where('state', 'in', ['queued', 'processing']).where('updatedAt', '<', cutoff).limit(200).get();
  await Promise.all(stuck.docs.map((d) => queue.enqueue(d.id)));
  return stuck.size;
}
