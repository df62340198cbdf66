/**
 * Push jobs as the `applyIngestJob` trigger runs them: one processor at a time under the shared
 * lease, and a job that keeps failing ends `failed` with its reason instead of being retried forever.
 */
import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { FirestoreOfferCatalog } from '../../../src/adapters/offer-catalog';
import { IngestService } from '../../../src/ingest/service';
import { MAX_ATTEMPTS, processIngestJob, requeueStuckJobs } from '../../../src/ingest/processor';
import { CountApplier } from '../../../src/stock/count-applier';
import { RelayLease } from '../../../src/adapters/lease';

const db = adminDb();
const row = (sku: string, onHand: number, seq: number) => ({ op: 'upsert', sku, locationId: 'wh-01', onHand, seq, occurredAt: new Date().toISOString() });

describe('ingest/processor (emulator)', function () {
  this.timeout(60_000);
  const queued: string[] = [];
  const service = new IngestService(db, { enqueue: async (id) => void queued.push(id) }, new FirestoreOfferCatalog(db));
  beforeEach(async () => {
    await clearFirestore();
    queued.length = 0;
    await seedStock(db, { A: 5 });
    await db.doc('ingestSources/erp').set({ canCreateSkus: true });
  });

  it('applies a job once; a second processor while one holds the job lease skips it', async () => {
    const { jobId } = await service.accept({ source: 'erp', batchId: 'one', updates: [row('A', 9, 3)] });
    const holder = new RelayLease(db, `ingest-job-${jobId}`, 'other-invocation', 60_000);
    assert.equal(await holder.tryHold(), true);
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    assert.deepEqual(await processIngestJob(db, applier, jobId), { state: 'skipped' });
    await holder.release(null);
    assert.deepEqual(await processIngestJob(db, applier, jobId), { state: 'done' });
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 9);
    assert.deepEqual(await processIngestJob(db, applier, jobId), { state: 'skipped' }, 'a done job is not applied again');
  });

  it("judges a push against Firestore, not the process's read cache (a SKU re-created since is not 'stale')", async () => {
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    const first = await service.accept({ source: 'erp', batchId: 'high', updates: [row('A', 9, 30)] });
    assert.deepEqual(await processIngestJob(db, applier, first.jobId), { state: 'done' });
    // An operator removes and re-creates the SKU: its positions start again from seq 1.
    await db.doc('inventory/A').delete();
    await seedStock(db, { A: 5 });
    const second = await service.accept({ source: 'erp', batchId: 'low', updates: [row('A', 7, 2)] });
    assert.deepEqual(await processIngestJob(db, applier, second.jobId), { state: 'done' });
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 7);
    assert.equal((await db.doc(`ingestJobs/${second.jobId}`).get()).data()!.applied, 1);
  });

  it(`marks a job failed after ${MAX_ATTEMPTS} failed attempts, with the reason in its status, and never requeues it`, async () => {
    const { jobId } = await service.accept({ source: 'erp', batchId: 'poison', updates: [row('A', 9, 3)] });
    const broken = new CountApplier(db, { defaultThreshold: 2, beforeCommit: async () => { throw new Error('disk on fire'); } });
    for (let i = 1; i <= MAX_ATTEMPTS; i++) await assert.rejects(processIngestJob(db, broken, jobId), /disk on fire/);
    assert.deepEqual(await processIngestJob(db, broken, jobId), { state: 'failed' });
    const status = await service.job(jobId);
    assert.equal(status.state, 'failed');
    assert.match(String(status.error), /gave up after 5 attempts: disk on fire/);
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 5, 'nothing was applied');
    await db.doc(`ingestJobs/${jobId}`).update({ updatedAt: new Date(Date.now() - 3_600_000) });
    queued.length = 0;
    await requeueStuckJobs(db, { enqueue: async (id) => void queued.push(id) });
    assert.deepEqual(queued, [], 'a failed job is not queued again');
  });
});
