import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { adminDb, clearFirestore } from '../helpers';
import { pubsub, subscribe, until } from '../pubsub-helpers';
import { IngestService } from '../../../src/ingest/service';
import { PubSubIngestQueue } from '../../../src/adapters/ingest-queue';
import { FirestoreOfferCatalog } from '../../../src/adapters/offer-catalog';
import { DomainError } from '../../../src/errors';
import { seedVendor, vendorRow } from '../vendor-fixtures';
import { CountApplier } from '../../../src/stock/count-applier';
import { applyInline, processIngestJob, requeueStuckJobs, ClaimedJob } from '../../../src/ingest/processor';
import type { StoredRow } from '../../../src/ingest/service';
import { InlineApplier } from '../../../src/ingest/ports';

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

describe('ingest/service: dry runs and the mass-change guard (emulator)', () => {
  const db = adminDb();
  const topic = `test-ingest-guard-${randomUUID()}`;
  const service = () => new IngestService(db, new PubSubIngestQueue(pubsub(), topic), new FirestoreOfferCatalog(db), { requestsPerMinute: 1000, guardPercent: 30, defaultThreshold: 2 });
  const batch = (id: string, updates: unknown[]) => ({ source: 'v-g', batchId: id, updates });
  beforeEach(async () => {
    await clearFirestore();
    await seedVendor(db, 'v-g', { offers: 10, units: 10 });
  });
  const onHand = async (k: number) => (await db.doc(`inventory/v-g~C${String(k).padStart(3, '0')}`).get()).data()!.onHand as number;

  it('a dry run answers what the batch would do and what the guard would say, and stores nothing', async () => {
    const r = await service().preview(batch('dry', [vendorRow(0, 0), vendorRow(1, 12), { sku: 'C002' }]), { vendorId: 'v-g' });
    assert.deepEqual([r.dryRun, r.accepted, [...new Set(r.rejected.map((e) => e.index))]], [true, 2, [2]]);
    assert.deepEqual(r.diff, { offersCreated: 0, offersChanged: 0, offersZeroed: 1, offersDeleted: 0, unitsAdded: 2, unitsRemoved: 10 });
    assert.deepEqual(r.guard, { hold: false, reasons: [] });
    assert.equal((await db.collection('ingestJobs').get()).size, 0);
    assert.equal((await db.doc('ingestBatches/v-g:dry').get()).exists, false, 'a dry run does not use up the batch id');
  });

  it('a legitimate sell-out of a few offers applies at once', async () => {
    const a = await service().accept(batch('sellout', [vendorRow(0, 0), vendorRow(1, 0)]), { vendorId: 'v-g' });
    assert.equal(a.state, 'queued');
    assert.equal(a.review, undefined);
  });

  it('a truncated file in replace mode would zero most offers: held, nothing applied, an alert for the vendor and operators', async () => {
    const a = await service().accept(batch('truncated', [vendorRow(0, 10), vendorRow(1, 10)]), { vendorId: 'v-g', mode: 'replace' });
    assert.equal(a.state, 'held_for_review');
    assert.deepEqual(a.review!.reasons, ['would zero or delete 8 of 10 listed offers (80%, more than 30%)', 'would remove 80 of 100 units (80%, more than 30%)']);
    assert.equal(a.review!.diff.offersZeroed, 8);
    const job = (await db.doc(`ingestJobs/${a.jobId}`).get()).data()!;
    assert.deepEqual([job.state, job.mode, job.accepted], ['held_for_review', 'replace', 10]);
    const alert = (await db.doc(`alerts/mass-change-${a.jobId}`).get()).data()!;
    assert.deepEqual([alert.status, alert.kind, alert.vendorId, alert.jobId], ['open', 'mass_change_held', 'v-g', a.jobId]);
    assert.equal(await onHand(5), 10);
  });

  it('a confirmed batch is queued to apply as it would have; a discarded one ends; each decision once, by its vendor', async () => {
    const s = service();
    const held = await s.accept(batch('big', [0, 1, 2, 3, 4].map((k) => vendorRow(k, 0))), { vendorId: 'v-g' });
    assert.equal(held.state, 'held_for_review', '5 of 10 offers sold out: over 30%');
    await assert.rejects(s.review(held.jobId, { decision: 'confirm' }, 'victor', { vendorId: 'v-other' }), /no such job/);
    await assert.rejects(s.review(held.jobId, { decision: 'maybe' }, 'vera', { vendorId: 'v-g' }), /decision/);
    assert.deepEqual(await s.review(held.jobId, { decision: 'confirm' }, 'vera', { vendorId: 'v-g' }), { jobId: held.jobId, state: 'queued' });
    await assert.rejects(s.review(held.jobId, { decision: 'discard' }, 'olga'), /not held for review/);
    const job = (await db.doc(`ingestJobs/${held.jobId}`).get()).data()!;
    assert.deepEqual([job.state, job.decision, job.reviewedBy], ['queued', 'confirm', 'vera']);
    assert.equal((await db.doc(`alerts/mass-change-${held.jobId}`).get()).data()!.status, 'resolved');
    const other = await s.accept(batch('big-2', [5, 6, 7, 8, 9].map((k) => vendorRow(k, 0))), { vendorId: 'v-g' });
    assert.deepEqual(await s.review(other.jobId, { decision: 'discard' }, 'olga'), { jobId: other.jobId, state: 'discarded' });
  });

  it('replace mode is for a vendor: a system source is refused naming mode', async () => {
    await assert.rejects(service().accept({ source: 'erp', batchId: 'r', updates: [vendorRow(0, 1)] }, { mode: 'replace' }), (e: unknown) => e instanceof DomainError && JSON.stringify(e.details).includes('mode'));
  });

  describe('inline: a small push applied in the request', () => {
    const applier = new CountApplier(db, { defaultThreshold: 0 });
    /** An applier that fails its first `failures` applies, as Firestore does in an outage. */
    class FlakyApplier extends CountApplier {
      constructor(public failures: number) {
        super(db, { defaultThreshold: 0 });
      }
      override apply(...args: Parameters<CountApplier['apply']>) {
        if (this.failures-- > 0) return Promise.reject(new Error('injected: Firestore unavailable'));
        return super.apply(...args);
      }
    }
    const inlineWith = (a: CountApplier, maxRows = 50): InlineApplier => ({ maxRows, apply: (job: ClaimedJob, rows: StoredRow[]) => applyInline(db, a, job, rows) });
    const inlineService = (inline: InlineApplier) => new IngestService(db, new PubSubIngestQueue(pubsub(), topic), new FirestoreOfferCatalog(db), { requestsPerMinute: 1000 }, inline);
    const onHand = async (sku: string) => (await db.doc(`inventory/${sku}`).get()).data()?.onHand;
    const row = (sku: string, count: number) => ({ op: 'upsert', sku, locationId: 'wh-1', onHand: count, seq: 1, occurredAt: '2026-12-03T10:00:00Z' });
    const topic = `test-ingest-inline-${randomUUID()}`;
    const skus = (n: number) => Array.from({ length: n }, (_, i) => `I-${i}`);
    beforeEach(async () => {
      const b = db.batch();
      for (const sku of skus(60)) b.set(db.doc(`products/${sku}`), { name: sku });
      await b.commit();
    });

    it('applies up to INLINE_PUSH_MAX_ROWS rows before answering `done`, with the job recorded as any other; a larger batch is queued', async () => {
      const sub = await subscribe(topic);
      try {
        const s = inlineService(inlineWith(applier));
        const a = await s.accept({ source: 'erp', batchId: 'in-1', updates: skus(50).map((k) => row(k, 7)) });
        assert.equal(a.state, 'done');
        assert.equal(await onHand('I-49'), 7, 'visible when the answer comes');
        const job = (await db.doc(`ingestJobs/${a.jobId}`).get()).data()!;
        assert.deepEqual([job.state, job.path, job.applied, job.accepted], ['done', 'inline', 50, 50]);
        assert.deepEqual(await s.accept({ source: 'erp', batchId: 'in-1', updates: skus(50).map((k) => row(k, 7)) }), a, 'a repeat gets the answer the first request got');
        const big = await s.accept({ source: 'erp', batchId: 'in-2', updates: skus(51).map((k) => row(k, 8)) });
        assert.equal(big.state, 'queued');
        assert.equal(await onHand('I-0'), 7, 'a queued batch is not applied in the request');
        await until(() => sub.received.some((m) => JSON.parse(m.data.toString()).jobId === big.jobId));
        assert.ok(!sub.received.some((m) => JSON.parse(m.data.toString()).jobId === a.jobId), 'an inline job is never queued');
      } finally {
        await sub.close();
      }
    });

    it('a failure in the inline path leaves the job queued for the worker, which applies it: nothing lost', async () => {
      const sub = await subscribe(topic);
      try {
        const a = await inlineService(inlineWith(new FlakyApplier(1))).accept({ source: 'erp', batchId: 'in-3', updates: [row('I-1', 4)] });
        assert.equal(a.state, 'queued');
        assert.equal(await onHand('I-1'), undefined, 'nothing applied');
        const job = (await db.doc(`ingestJobs/${a.jobId}`).get()).data()!;
        assert.equal(job.state, 'queued');
        assert.match(job.error, /injected/);
        await until(() => sub.received.some((m) => JSON.parse(m.data.toString()).jobId === a.jobId));
        // The worker (applyIngestJob) takes it from the queue.
        assert.equal((await processIngestJob(db, applier, a.jobId)).state, 'done');
        assert.equal(await onHand('I-1'), 4);
        assert.equal((await db.doc(`ingestJobs/${a.jobId}`).get()).data()!.path, 'queued');
      } finally {
        await sub.close();
      }
    });

    it('a process that dies inside the inline apply leaves the job `processing`; the sweeper queues it and the worker applies it', async () => {
      const dying: InlineApplier = { maxRows: 50, apply: () => new Promise(() => undefined) };
      // The request never answers (its process is gone): the job was committed before the apply.
      void inlineService(dying).accept({ source: 'erp', batchId: 'in-4', updates: [row('I-2', 6)] });
      let job: FirebaseFirestore.QueryDocumentSnapshot | undefined;
      for (let i = 0; i < 200 && !job; i++) {
        job = (await db.collection('ingestJobs').where('batchId', '==', 'in-4').get()).docs[0];
        if (!job) await new Promise((r) => setTimeout(r, 25));
      }
      assert.equal(job!.data().state, 'processing');
      const queued: string[] = [];
      assert.equal(await requeueStuckJobs(db, { enqueue: async (id) => void queued.push(id) }, -1000), 1);
      assert.deepEqual(queued, [job!.id]);
      assert.equal((await processIngestJob(db, applier, job!.id)).state, 'done');
      assert.equal(await onHand('I-2'), 6);
    });

    it('an inline push retried while its job is queued gets the first answer; the counts apply once', async () => {
      const s = inlineService(inlineWith(new FlakyApplier(1)));
      const batch = { source: 'erp', batchId: 'in-5', updates: [row('I-3', 5), row('I-4', 5)] };
      const first = await s.accept(batch);
      assert.equal(first.state, 'queued', 'the inline apply failed');
      const again = await s.accept(batch);
      assert.deepEqual(again, first, 'the same job, not a second one');
      assert.equal((await db.collection('ingestJobs').where('batchId', '==', 'in-5').get()).size, 1);
      assert.equal((await processIngestJob(db, applier, first.jobId)).state, 'done');
      const events = async () => (await db.collection('inventoryEvents').where('sku', 'in', ['I-3', 'I-4']).get()).size;
      const applied = await events();
      assert.ok(applied >= 2);
      // A third try after it applied, and a redelivery of the queued job: the first answer, and nothing applied again.
      assert.deepEqual(await s.accept(batch), first);
      assert.equal((await processIngestJob(db, applier, first.jobId)).state, 'skipped');
      assert.equal(await events(), applied, 'applied once');
      assert.deepEqual([await onHand('I-3'), await onHand('I-4')], [5, 5]);
    });
  });
});
