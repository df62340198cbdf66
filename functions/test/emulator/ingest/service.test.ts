import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { adminDb, clearFirestore } from '../helpers';
import { pubsub, subscribe, until } from '../pubsub-helpers';
import { IngestService } from '../../../src/ingest/service';
import { PubSubIngestQueue } from '../../../src/adapters/ingest-queue';
import { FirestoreOfferCatalog } from '../../../src/adapters/offer-catalog';
import { DomainError } from '../../../src/errors';

describe('ingest/service (emulator)', () => {
  const db = adminDb();
  const topic = `test-ingest-service-${randomUUID()}`;
  const service = (perMinute = 120) => new IngestService(db, new PubSubIngestQueue(pubsub(), topic), new FirestoreOfferCatalog(db), { requestsPerMinute: perMinute });
  const row = (sku: string, onHand: unknown = 3) => ({ op: 'upsert', sku, locationId: 'wh-1', onHand, seq: 1, occurredAt: '2026-12-03T10:00:00Z' });
  beforeEach(async () => {
    await clearFirestore();
    await db.doc('products/A').set({ name: 'A' });
  });

  it('accepts the good rows of a batch, names each refused row, records the job and queues it', async () => {
    const sub = await subscribe(topic);
    try {
      const a = await service().accept({ source: 'erp', batchId: 'b1', updates: [row('A'), row('UNKNOWN'), row('A', -1)] });
      assert.equal(a.accepted, 1);
      assert.deepEqual(a.rejected.map((r) => [r.index, r.field]), [[1, 'sku'], [2, 'onHand']]);
      const job = (await db.doc(`ingestJobs/${a.jobId}`).get()).data()!;
      assert.deepEqual([job.state, job.received, job.accepted, job.rejectedCount], ['queued', 3, 1, 2]);
      await until(() => sub.received.length === 1);
      assert.deepEqual(JSON.parse(sub.received[0]!.data.toString()), { jobId: a.jobId });
    } finally {
      await sub.close();
    }
  });

  it('a repeated batch id gets the first answer and makes no second job', async () => {
    const s = service();
    const first = await s.accept({ source: 'erp', batchId: 'b2', updates: [row('A')] });
    const again = await s.accept({ source: 'erp', batchId: 'b2', updates: [row('A', 9)] });
    assert.deepEqual(again, first);
    assert.equal((await db.collection('ingestJobs').get()).size, 1);
  });

  it('a malformed envelope changes nothing and names the field', async () => {
    await assert.rejects(service().accept({ source: 'erp', updates: [] }), (e: unknown) => e instanceof DomainError && e.code === 'invalid-argument' && JSON.stringify(e.details).includes('batchId'));
    assert.equal((await db.collection('ingestJobs').get()).size, 0);
  });

  it('a source over its rate is refused with when to retry', async () => {
    const s = service(1);
    await s.accept({ source: 'erp', batchId: 'r1', updates: [row('A')] });
    await assert.rejects(s.accept({ source: 'erp', batchId: 'r2', updates: [row('A')] }), (e: unknown) => e instanceof DomainError && e.code === 'resource-exhausted' && typeof e.details!.retryAfterSeconds === 'number');
  });

  it('a job is read by its own source or vendor; to anyone else it does not exist', async () => {
    const s = service();
    const a = await s.accept({ source: 'erp', batchId: 'b3', updates: [row('A')] });
    assert.equal((await s.job(a.jobId, { source: 'erp' })).jobId, a.jobId);
    await assert.rejects(s.job(a.jobId, { source: 'other' }), /no such job|not found/i);
    await assert.rejects(s.job(a.jobId, { vendorId: 'v-aurora' }), /no such job|not found/i);
  });
});
