/** The ingest triggers as deployed: a queued job on the ingest topic is applied by applyIngestJob. */
import assert from 'node:assert/strict';
import { adminDb, clearFirestore, waitFor } from '../helpers';
import { IngestService } from '../../../src/ingest/service';
import { PubSubIngestQueue } from '../../../src/adapters/ingest-queue';
import { FirestoreOfferCatalog } from '../../../src/adapters/offer-catalog';
import { pubsub } from '../pubsub-helpers';

describe('triggers/ingest (Functions emulator)', function () {
  this.timeout(60_000);
  const db = adminDb();
  beforeEach(async () => {
    await clearFirestore();
    await db.doc('products/ING-1').set({ name: 'Ingested' });
  });

  it('applyIngestJob applies a queued job and marks it done', async () => {
    const service = new IngestService(db, new PubSubIngestQueue(pubsub()), new FirestoreOfferCatalog(db));
    const a = await service.accept({ source: 'erp', batchId: `b-${Date.now()}`, updates: [{ op: 'upsert', sku: 'ING-1', locationId: 'wh-1', onHand: 7, seq: 1, occurredAt: new Date().toISOString() }] });
    const job = await waitFor(async () => {
      const d = (await db.doc(`ingestJobs/${a.jobId}`).get()).data();
      return d?.state === 'done' ? d : null;
    }, 45_000, 200);
    assert.equal(job.applied ?? job.accepted, 1);
    assert.equal((await db.doc('inventory/ING-1').get()).data()!.onHand, 7);
  });
});
