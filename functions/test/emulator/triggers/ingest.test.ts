/**
 * The ingest triggers as deployed: a queued job on the ingest topic is applied by applyIngestJob; a
 * file finalized on Cloud Storage (the CloudEvent the Storage emulator would post) reaches onVendorDrop.
 */
import assert from 'node:assert/strict';
import { adminDb, clearFirestore, PROJECT_ID, waitFor } from '../helpers';
import { IngestService } from '../../../src/ingest/service';
import { PubSubIngestQueue } from '../../../src/adapters/ingest-queue';
import { FirestoreOfferCatalog } from '../../../src/adapters/offer-catalog';
import { pubsub } from '../pubsub-helpers';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedVendor } from '../vendor-fixtures';
import { dropLocally } from '../../../tools/drop';

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

  describe('onVendorDrop (a Cloud Storage finalize event through the Functions emulator)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'drop-'));
    const file = (name: string, text: string) => {
      const p = path.join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    const jobOf = async (vendorId: string, batchId: string, states: string[]) =>
      waitFor(async () => {
        const b = (await db.doc(`ingestBatches/${vendorId}:${batchId}`).get()).data();
        const j = b ? (await db.doc(`ingestJobs/${b.jobId as string}`).get()).data() : undefined;
        return j && states.includes(j.state as string) ? j : null;
      }, 45_000, 200);

    it('a file under vendor-drops/{vendorId}/ becomes a job and applies; the same event again changes nothing', async () => {
      await seedVendor(db, 'v-drop', { offers: 2, units: 5 });
      const d = await dropLocally('v-drop', file('stock.csv', 'sku,onHand\nC000,8\nC001,4\n'), { project: PROJECT_ID });
      const job = await jobOf('v-drop', d.batchId, ['done']);
      assert.deepEqual([job.file.origin, job.file.object, job.accepted], ['storage', d.name, 2]);
      assert.equal((await db.doc('inventory/v-drop~C000').get()).data()!.onHand, 8);
    });

    it('a malformed file is a failed job naming the line, once: no retry loop', async () => {
      await seedVendor(db, 'v-drop', { offers: 1 });
      const d = await dropLocally('v-drop', file('broken.csv', 'sku,onHand\n"C000,8\n'), { project: PROJECT_ID });
      const job = await jobOf('v-drop', d.batchId, ['failed']);
      assert.match(String(job.error), /line \d+.*quoted field is never closed/);
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal((await db.collection('ingestJobs').where('vendorId', '==', 'v-drop').get()).size, 1);
    });
  });
});
