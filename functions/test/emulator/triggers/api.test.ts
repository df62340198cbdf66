import { Timestamp } from 'firebase-admin/firestore';
/**
 * The `api` HTTPS function through the Functions emulator: signatures, validation, idempotency,
 * CSV, the queue to the applier, job status, reads. Plus the OpenAPI document against the router.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { adminDb, clearFirestore, PROJECT_ID, waitFor } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { sign, signRequest } from '../../../src/ingest/signature';
import { ROUTES } from '../../../src/triggers/api';
import { emulatorIdToken } from '../../../tools/auth-emulator';
import { ApiContract } from '../api-contract';

/** Every answer these tests get is also checked against docs/openapi.json. */
const fetch = new ApiContract().asFetch();

const db = adminDb();
const BASE = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;
// functions/.secret.local: the default secret, the previous one (a rotation), and erp-eu's own.
const SECRET = 'local-ingest-signing-secret-0123456789';
const PREVIOUS = 'local-ingest-previous-secret-0123456789';
const ERP_EU = 'local-erp-eu-signing-secret-0123456789';

/** A job read with its source's credentials: a v2-signed GET (method, path, source header). */
async function job(jobId: string, source: string, secret = SECRET, path = `/v1/jobs/${jobId}`) {
  const sig = signRequest(secret, { method: 'GET', path, query: '', headers: { 'x-inventory-source': source }, body: '' }, Math.floor(Date.now() / 1000));
  const res = await fetch(`${BASE}/v1/jobs/${jobId}`, { headers: { 'x-inventory-source': source, 'x-inventory-signature': sig } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A push, signed v1 (the body) when that is enough, else v2 (the whole request). */
async function post(body: string, opts: { type?: string; t?: number; secret?: string; sig?: string | null; query?: string } = {}) {
  const t = opts.t ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/json' };
  const query = (opts.query ?? '').replace(/^\?/, '');
  const bodyOnly = headers['content-type'] === 'application/json' && !query;
  const secret = opts.secret ?? SECRET;
  const sig = opts.sig === undefined ? (bodyOnly ? sign(secret, body, t) : signRequest(secret, { method: 'POST', path: '/v1/inventory/sync', query, headers: {}, body }, t)) : opts.sig;
  if (sig !== null) headers['x-inventory-signature'] = sig;
  const res = await fetch(`${BASE}/v1/inventory/sync${opts.query ?? ''}`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const row = (sku: string, onHand: number, seq: number, extra: object = {}) => ({ op: 'upsert', sku, locationId: 'wh-01', onHand, seq, occurredAt: new Date().toISOString(), ...extra });
const stock = async (sku: string) => (await db.doc(`inventory/${sku}`).get()).data();
const snapshotAll = async () => (await db.collection('inventory').get()).docs.map((d) => [d.id, d.data().version, d.data().onHand]);

describe('HTTP api (Functions emulator)', function () {
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

  it('reads one SKU, 404s an unknown one, and reads up to 1,000 at once', async () => {
    const one = (await (await fetch(`${BASE}/v1/inventory/A`)).json()) as Record<string, unknown>;
    assert.deepEqual([one.sku, one.onHand, one.available, one.status], ['A', 5, 5, 'in_stock']);
    assert.equal((await fetch(`${BASE}/v1/inventory/NOPE`)).status, 404);
    const bulk = (await (await fetch(`${BASE}/v1/inventory?skus=A,B,NOPE`)).json()) as { items: { sku: string }[]; missing: string[] };
    assert.deepEqual(bulk.items.map((i) => i.sku), ['A', 'B']);
    assert.deepEqual(bulk.missing, ['NOPE']);
    // Freshness travels with every read, derived from the last success against the server clock.
    const last = new Date(Date.now() - 31_000);
    await db.doc('syncStatus/wms').set({ stale: false, state: 'ok', staleAfterSeconds: 30, lastSuccessAt: Timestamp.fromDate(last) });
    const old = (await (await fetch(`${BASE}/v1/inventory/A`)).json()) as Record<string, unknown>;
    assert.deepEqual([old.stale, old.lastSyncSuccessAt], [true, last.toISOString()]);
    await db.doc('syncStatus/wms').set({ lastSuccessAt: Timestamp.now() }, { merge: true });
    const fresh = (await (await fetch(`${BASE}/v1/inventory?skus=A`)).json()) as Record<string, unknown>;
    assert.equal(fresh.stale, false);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `S${i}`).join(',');
    assert.equal((await fetch(`${BASE}/v1/inventory?skus=${tooMany}`)).status, 400);
    assert.equal((await job('nope', 'vendor-1')).status, 404);
  });

  it('serves the private bookkeeping to operators only, through their own routes', async () => {
    await db.doc('inventoryInternals/A').set({ sku: 'A', pendingSales: { 'wh-01': [{ id: 'r7:A', quantity: 2 }] }, removedLocations: { 'wh-09': 4 }, wmsOnHand: { 'wh-01': 7 }, shortfall: 0 });
    await db.doc('inventory/A').update({ internals: true });
    await db.doc('syncHealth/wms').set({ lastError: 'GET http://wms.internal/changes: 503', breaker: { state: 'open' } });
    const pub = (await (await fetch(`${BASE}/v1/inventory/A`)).json()) as Record<string, unknown>;
    for (const k of ['pendingSales', 'removedLocations', 'shortfall', 'internals', 'wmsOnHand']) assert.ok(!JSON.stringify(pub).includes(k), `the read API does not carry ${k}`);
    for (const path of ['/v1/inventory/A/detail', '/v1/sync/health']) {
      assert.equal((await fetch(`${BASE}${path}`)).status, 401, `${path} without credentials`);
      const shopper = await emulatorIdToken('sam-detail');
      assert.equal((await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${shopper}` } })).status, 403, `${path} for a shopper`);
    }
    const olga = await emulatorIdToken('olga-detail', { admin: true });
    const detail = (await (await fetch(`${BASE}/v1/inventory/A/detail`, { headers: { authorization: `Bearer ${olga}` } })).json()) as { locations: Record<string, { wmsOnHand: number; pendingSales: { id: string }[] }>; removedLocations: Record<string, number> };
    assert.equal(detail.locations['wh-01']!.wmsOnHand, 7);
    assert.equal(detail.locations['wh-01']!.pendingSales[0]!.id, 'r7:A');
    assert.deepEqual(detail.removedLocations, { 'wh-09': 4 });
    const health = (await (await fetch(`${BASE}/v1/sync/health`, { headers: { authorization: `Bearer ${olga}` } })).json()) as { health: { lastError: string } };
    assert.match(health.health.lastError, /503/);
    assert.equal((await fetch(`${BASE}/v1/inventory/__x__/detail`, { headers: { authorization: `Bearer ${olga}` } })).status, 400);
  });

  it('refuses a reserved or malformed id as bad input naming the field, on every route, never a 500', async () => {
    for (const sku of ['__probe__', '__name__', 'a b']) {
      const one = await fetch(`${BASE}/v1/inventory/${encodeURIComponent(sku)}`);
      assert.equal(one.status, 400, `GET /v1/inventory/${sku}`);
      assert.match(JSON.stringify(await one.json()), /"field":"sku"/);
    }
    const bulk = await fetch(`${BASE}/v1/inventory?skus=A,__x__`);
    assert.equal(bulk.status, 400);
    assert.match(JSON.stringify(await bulk.json()), /"field":"skus"/);
    const r = await post(JSON.stringify({ source: 'erp', batchId: 'reserved-1', updates: [row('__x__', 1, 1), row('A', 2, 7), row('A', 3, 8, { locationId: '__loc__' })] }));
    assert.equal(r.status, 202);
    assert.deepEqual((r.body.rejected as { index: number; field: string }[]).map((e) => [e.index, e.field]), [[0, 'sku'], [2, 'locationId']]);
    const badSource = await post(JSON.stringify({ source: '__src__', batchId: 'b', updates: [row('A', 1, 9)] }));
    assert.equal(badSource.status, 400);
    assert.match(JSON.stringify(badSource.body), /"field":"source"/);
  });

  it('rate-limits a source with 429 and Retry-After', async () => {
    await db.doc('rateLimits/ingest:noisy').set({ windowStart: Math.floor(Date.now() / 60_000) * 60_000, count: 10_000 });
    const r = await post(JSON.stringify({ source: 'noisy', batchId: 'x', updates: [row('A', 1, 3)] }));
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    // Dedupe runs first: a batch already accepted is answered, and costs no quota.
    await db.doc('rateLimits/ingest:noisy').delete();
    const first = await post(JSON.stringify({ source: 'noisy', batchId: 'y', updates: [row('A', 1, 3)] }));
    assert.equal(first.status, 202);
    await db.doc('rateLimits/ingest:noisy').set({ windowStart: Math.floor(Date.now() / 60_000) * 60_000, count: 10_000 });
    await new Promise((res) => setTimeout(res, 1100)); // a new signature second
    const again = await post(JSON.stringify({ source: 'noisy', batchId: 'y', updates: [row('A', 1, 3)] }));
    assert.deepEqual([again.status, again.body.jobId], [202, first.body.jobId]);
  });

  it('documents every route in docs/openapi.json', () => {
    const doc = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../docs/openapi.json'), 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(doc.openapi, /^3\./);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort();
    assert.deepEqual(documented, ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });
});
