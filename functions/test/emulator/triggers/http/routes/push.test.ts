import { Timestamp } from 'firebase-admin/firestore';
import assert from 'node:assert/strict';
import { clearFirestore, waitFor } from '../../../helpers';
import { seedStock } from '../../../checkout-fixtures';
import { sign, signRequest } from '../../../../../src/ingest/signature';
import { emulatorIdToken } from '../../../../../tools/auth-emulator';
import { fetch, db, BASE, SECRET, PREVIOUS, ERP_EU, job, post, row, stock, snapshotAll } from './../../api-fixtures';

describe('triggers/http/routes/push: signed pushes and job reads (Functions emulator)', function () {
  this.timeout(60_000);
  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 5, B: 5 });
    for (const s of ['A', 'B', 'C']) await db.doc(`products/${s}`).set({ name: s });
  });

  it('refuses missing, wrong, expired and malformed signatures with 401, changing nothing', async () => {
    const body = JSON.stringify({ source: 'v1', batchId: 'b1', updates: [row('A', 9, 2)] });
    const before = await snapshotAll();
    assert.equal((await post(body, { sig: null })).status, 401);
    assert.equal((await post(body, { secret: 'wrong' })).status, 401);
    assert.equal((await post(body, { t: Math.floor(Date.now() / 1000) - 301 })).status, 401);
    assert.equal((await post(body, { sig: 't=1,v1=zz' })).status, 401);
    // A captured request replayed after the window: refused.
    const old = Math.floor(Date.now() / 1000) - 600;
    assert.equal((await post(body, { t: old, sig: sign(SECRET, body, old) })).status, 401);
    assert.deepEqual(await snapshotAll(), before);
    assert.equal((await db.collection('ingestJobs').count().get()).data().count, 0);
  });

  it('accepts each signed request once: a replay within the window is refused, under any batch id or query', async () => {
    const body = JSON.stringify({ source: 'v1', batchId: 'once', updates: [row('A', 9, 2)] });
    const sig = sign(SECRET, body, Math.floor(Date.now() / 1000));
    assert.equal((await post(body, { sig })).status, 202);
    const replay = await post(body, { sig });
    assert.equal(replay.status, 401);
    assert.match(String(replay.body.error), /replayed/);
    const csv = `op,sku,locationId,onHand,seq,occurredAt\nupsert,A,wh-01,4,9,${new Date().toISOString()}`;
    const now = Math.floor(Date.now() / 1000);
    const v1Csv = await post(csv, { type: 'text/csv', sig: sign(SECRET, csv, now), query: '?source=v1&batchId=csv-a' });
    assert.equal(v1Csv.status, 401, 'v1 does not cover the query that names the batch');
    assert.match(String(v1Csv.body.error), /v2 required/);
    const csvSig = signRequest(SECRET, { method: 'POST', path: '/v1/inventory/sync', query: 'source=v1&batchId=csv-a', headers: {}, body: csv }, now);
    assert.equal((await post(csv, { type: 'text/csv', sig: csvSig, query: '?source=v1&batchId=csv-a' })).status, 202);
    const moved = await post(csv, { type: 'text/csv', sig: csvSig, query: '?source=v1&batchId=csv-b' });
    assert.equal(moved.status, 401, 'the same signature under a new batch id');
    assert.match(String(moved.body.error), /mismatch/, 'refused by the signature itself, before the replay memory');
    assert.equal((await post(body, { sig, query: '?batchId=other' })).status, 401, 'a v1 JSON push does not take a query');
    assert.equal((await db.collection('ingestJobs').count().get()).data().count, 2);
  });

  it('signing keys per source, two accepted during a rotation; a job is read only with its source\'s credentials or by an operator', async () => {
    const body = (source: string, batchId: string) => JSON.stringify({ source, batchId, updates: [row('A', 7, 4)] });
    assert.equal((await post(body('v1', 'rot-1'), { secret: PREVIOUS })).status, 202, 'the previous default key still works');
    assert.equal((await post(body('erp-eu', 'own-1'), { secret: SECRET })).status, 401, 'a source with its own key cannot be signed with the default one');
    const own = await post(body('erp-eu', 'own-2'), { secret: ERP_EU });
    assert.equal(own.status, 202);
    assert.equal((await post(body('v1', 'other-1'), { secret: ERP_EU })).status, 401, "one source's key does not sign for another");
    const jobId = own.body.jobId as string;
    assert.equal((await fetch(`${BASE}/v1/jobs/${jobId}`)).status, 401, 'no credentials');
    assert.equal((await job(jobId, 'erp-eu', SECRET)).status, 401);
    assert.equal((await job(jobId, 'v1')).status, 404, "another source's job is not there for it");
    assert.equal((await job(jobId, 'erp-eu', ERP_EU)).body.source, 'erp-eu');
    assert.equal((await job(jobId, 'erp-eu', ERP_EU, '/v1/jobs/another-job')).status, 401, 'a job-read signature covers its path');
    const v1Read = await fetch(`${BASE}/v1/jobs/${jobId}`, { headers: { 'x-inventory-source': 'erp-eu', 'x-inventory-signature': sign(ERP_EU, '', Math.floor(Date.now() / 1000)) } });
    assert.equal(v1Read.status, 401, 'v1 over an empty body would read every job of the source');
    const olga = await emulatorIdToken('olga-jobs', { admin: true });
    assert.equal((await fetch(`${BASE}/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${olga}` } })).status, 200);
  });

  it('answers malformed JSON, wrong types, an empty batch and an oversized body precisely', async () => {
    const before = await snapshotAll();
    // Malformed JSON never reaches the function: the functions framework answers 400 itself.
    const malformed = await fetch(`${BASE}/v1/inventory/sync`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-inventory-signature': sign(SECRET, '{"source": "v1", ', Math.floor(Date.now() / 1000)) }, body: '{"source": "v1", ' });
    assert.equal(malformed.status, 400);
    let r = await post(JSON.stringify({ source: 5, batchId: 'b', updates: 'x' }));
    assert.equal(r.status, 400);
    assert.deepEqual((r.body.errors as { field: string }[]).map((e) => e.field).sort(), ['source', 'updates']);
    r = await post(JSON.stringify({ source: 'v1', batchId: 'b', updates: [] }));
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.body), /at least one/);
    r = await post(JSON.stringify({ source: 'v1', batchId: 'big', updates: [row('A', 1, 2, { pad: 'x'.repeat(3 * 1024 * 1024) })] }));
    assert.equal(r.status, 413);
    assert.deepEqual(await snapshotAll(), before);
  });

  it('reports every rejected row by index and field, applies only the accepted rows, and is idempotent on batchId', async () => {
    const updates = [row('A', 9, 2), row('A', -1, 3), row('NOPE', 1, 1), { ...row('B', 1, 2), seq: 'x' }, { op: 'delete', sku: 'B', locationId: 'wh-01', seq: 5, occurredAt: new Date().toISOString() }];
    const body = JSON.stringify({ source: 'vendor-1', batchId: 'batch-1', updates });
    const r = await post(body);
    assert.equal(r.status, 202);
    assert.equal(r.body.accepted, 2);
    assert.deepEqual(r.body.rejected, [
      { index: 1, field: 'onHand', message: 'must be >= 0' },
      { index: 2, field: 'sku', message: 'unknown SKU NOPE: not in the catalog' },
      { index: 3, field: 'seq', message: 'seq must be an integer' },
    ]);
    const jobId = r.body.jobId as string;
    const done = await waitFor(async () => {
      const j = (await job(jobId, 'vendor-1')).body;
      return j.state === 'done' ? j : null;
    }, 20_000, 200);
    assert.equal(done.applied, 2);
    const stored = await db.doc(`ingestJobs/${jobId}`).get();
    assert.ok(stored.data()!.expireAt instanceof Timestamp, 'jobs expire (TTL)');
    assert.ok((await stored.ref.collection('chunks').get()).docs.every((c) => c.data().expireAt instanceof Timestamp), 'and their chunks');
    assert.equal((done.errors as unknown[]).length, 3);
    assert.equal((await stock('A'))!.onHand, 9);
    assert.equal((await stock('B'))!.onHand, 0, 'the delete removed the location');
    assert.equal((await stock('NOPE')), undefined);
    // The same batch again: the first answer, nothing applied twice.
    const versions = await snapshotAll();
    // A resend is signed anew (a request signed in the same second would be the same signature: a replay).
    const again = await post(body, { t: Math.floor(Date.now() / 1000) + 1 });
    assert.equal(again.status, 202);
    assert.deepEqual(again.body, r.body);
    await new Promise((res) => setTimeout(res, 1500));
    assert.deepEqual(await snapshotAll(), versions);
  });

  it('takes vendor CSV with the same columns and reports bad rows', async () => {
    const csv = ['op,sku,locationId,onHand,seq,occurredAt', `upsert,C,store-02,12,1,${new Date().toISOString()}`, `upsert,C,store-03,abc,1,${new Date().toISOString()}`, `upsert,A,wh-01,4,9,${new Date().toISOString()}`].join('\n');
    const r = await post(csv, { type: 'text/csv', query: '?source=vendor-csv&batchId=csv-1' });
    assert.equal(r.status, 202);
    assert.deepEqual(r.body.rejected, [{ index: 1, field: 'onHand', message: 'onHand must be an integer' }]);
    await waitFor(async () => (await stock('C'))?.onHand === 12 && (await stock('A'))?.onHand === 4, 20_000, 200);
    const noColumns = await post('op,sku\nupsert,A', { type: 'text/csv', query: '?source=v&batchId=csv-2' });
    assert.equal(noColumns.status, 400);
    assert.match(JSON.stringify(noColumns.body), /locationId/);
  });

  it('rate-limits a source with 429 and Retry-After', async () => {
    // The source's counter for this minute (adapters/rate-limits.ts: one document per key and window).
    const counter = () => db.doc(`rateLimits/ingest:noisy@${Math.floor(Date.now() / 60_000) * 60_000}`);
    await counter().set({ windowStart: Math.floor(Date.now() / 60_000) * 60_000, count: 10_000 });
    const r = await post(JSON.stringify({ source: 'noisy', batchId: 'x', updates: [row('A', 1, 3)] }));
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    // Dedupe runs first: a batch already accepted is answered, and costs no quota.
    await counter().delete();
    const first = await post(JSON.stringify({ source: 'noisy', batchId: 'y', updates: [row('A', 1, 3)] }));
    assert.equal(first.status, 202);
    await counter().set({ windowStart: Math.floor(Date.now() / 60_000) * 60_000, count: 10_000 });
    await new Promise((res) => setTimeout(res, 1100)); // a new signature second
    const again = await post(JSON.stringify({ source: 'noisy', batchId: 'y', updates: [row('A', 1, 3)] }));
    assert.deepEqual([again.status, again.body.jobId], [202, first.body.jobId]);
  });
});
