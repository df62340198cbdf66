import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminDb, clearFirestore } from '../helpers';
import { pubsub } from '../pubsub-helpers';
import { seedVendor } from '../vendor-fixtures';
import { DropService, MAX_DROP_BYTES } from '../../../src/ingest/drops';
import { AcceptAnswer, IngestService } from '../../../src/ingest/service';
import { PubSubIngestQueue } from '../../../src/adapters/ingest-queue';
import { FirestoreOfferCatalog } from '../../../src/adapters/offer-catalog';
import { LocalDropFiles } from '../../../src/adapters/drop-files';
import { DomainError } from '../../../src/errors';

describe('ingest/drops (emulator)', () => {
  const db = adminDb();
  const root = mkdtempSync(path.join(tmpdir(), 'drops-'));
  const BUCKET = 'demo-inventory.appspot.com';
  const files = new LocalDropFiles(root, BUCKET);
  const drops = () => new DropService(db, new IngestService(db, new PubSubIngestQueue(pubsub(), `test-drops-${randomUUID()}`), new FirestoreOfferCatalog(db), { requestsPerMinute: 1000, guardPercent: 30, defaultThreshold: 2 }), files);
  const job = async (jobId: string) => (await db.doc(`ingestJobs/${jobId}`).get()).data()!;
  beforeEach(async () => {
    await clearFirestore();
    await seedVendor(db, 'v-d', { offers: 5, units: 10 });
  });

  it('an uploaded file is kept as received and becomes a job; the same file again answers with the same job', async () => {
    const csv = Buffer.from('sku,onHand\nC000,7\nC001,9\nNOPE,1\n');
    const a = await drops().upload('v-d', 'stock.csv', csv, { contentType: 'text/csv' });
    assert.ok(!('dryRun' in a));
    assert.deepEqual([a.state, a.accepted, a.rejected.map((e) => [e.index, e.field])], ['queued', 2, [[2, 'sku']]]);
    const j = await job(a.jobId);
    assert.deepEqual([j.file.name, j.file.origin, j.file.bytes, j.source, j.vendorId], ['stock.csv', 'upload', csv.length, 'v-d', 'v-d']);
    assert.deepEqual(await drops().upload('v-d', 'stock.csv', csv), a);
    const kept = await files.read(BUCKET, `vendor-drops-kept/v-d/${j.batchId as string}-stock.csv`);
    assert.equal(kept.toString(), csv.toString());
  });

  it('a file that cannot be read is a failed job naming line and field; a bad name or media type is refused to the uploader', async () => {
    const bad = (await drops().upload('v-d', 'broken.csv', Buffer.from('sku,onHand\n"C000,1\n'))) as AcceptAnswer;
    assert.equal(bad.state, 'failed');
    assert.match((await job(bad.jobId)).error, /line \d+.*quoted field is never closed/);
    const noCount = await drops().upload('v-d', 'cols.csv', Buffer.from('sku,qty\nC000,1\n'));
    assert.deepEqual((noCount as { rejected: { field: string }[] }).rejected.map((e) => e.field), ['onHand']);
    await assert.rejects(drops().upload('v-d', '../x.csv', Buffer.from('sku,onHand\nC000,1\n')), (e: unknown) => e instanceof DomainError && e.code === 'invalid-argument');
    await assert.rejects(drops().upload('v-d', 'x.csv', Buffer.from('{}'), { contentType: 'application/json' }), (e: unknown) => e instanceof DomainError && e.code === 'unsupported-media-type');
  });

  it('a dry run answers the diff and keeps nothing; a suspended vendor is refused', async () => {
    const r = await drops().upload('v-d', 'stock.csv', Buffer.from('sku,onHand\nC000,0\n'), { dryRun: true });
    assert.ok('dryRun' in r);
    assert.equal(r.diff.offersZeroed, 1);
    assert.equal((await db.collection('ingestJobs').get()).size, 0);
    await db.doc('vendors/v-d').update({ status: 'suspended' });
    await assert.rejects(drops().upload('v-d', 'stock.csv', Buffer.from('sku,onHand\nC000,1\n')), (e: unknown) => e instanceof DomainError && e.code === 'permission-denied');
  });

  it('a file on Storage under vendor-drops/{vendorId}/ is a job, once per object generation; other objects are not drops', async () => {
    const name = 'vendor-drops/v-d/2026/12/feed.json';
    mkdirSync(path.dirname(files.path(BUCKET, name)), { recursive: true });
    writeFileSync(files.path(BUCKET, name), JSON.stringify([{ sku: 'C002', onHand: 4 }]));
    const o = { bucket: BUCKET, name, generation: '111', contentType: 'application/json', size: 40 };
    const a = (await drops().fromStorage(o))!;
    assert.deepEqual([a.state, a.accepted], ['queued', 1]);
    assert.deepEqual(await drops().fromStorage(o), a, 'a redelivery of the event');
    assert.notEqual((await drops().fromStorage({ ...o, generation: '112' }))!.jobId, a.jobId, 'a new version of the file');
    assert.equal(await drops().fromStorage({ ...o, name: 'elsewhere/x.csv' }), null);
    assert.equal(await drops().fromStorage({ ...o, name: 'vendor-drops/v-none/x.csv' }), null, 'no such vendor');
    const big = (await drops().fromStorage({ ...o, generation: '113', size: MAX_DROP_BYTES + 1 }))!;
    assert.equal(big.state, 'failed', 'too large: refused without reading it');
  });
});
