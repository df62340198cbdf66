/**
 * The vendor SDK against the real API (the Functions emulator): a 20,000-row upload in batches, a
 * storm of 429s and 503s (a proxy in front of the API injects them), a replayed batch, a dry run,
 * and a wrong key. Run by the functions' emulator suite (`npm test`).
 */
import assert from 'node:assert/strict';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { adminDb, clearFirestore, PROJECT_ID } from '../../../functions/test/emulator/helpers';
import { seedOffers, seedVendor } from '../../../functions/test/emulator/vendor-fixtures';
import { emulatorIdToken } from '../../../functions/tools/auth-emulator';
import { ApiError, parseStockCsv, VendorClient, VendorUpdate } from '../../src/index';

const API = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;

/** A proxy in front of the API that answers the first `faults` requests itself (429 with Retry-After, or 503). */
async function faultyProxy(faults: { status: number; retryAfter?: string }[]): Promise<{ url: string; seen: number; close(): void }> {
  const state = { seen: 0 };
  const server: Server = createServer((req, res) => {
    state.seen++;
    const f = faults.shift();
    if (f) {
      res.writeHead(f.status, { 'content-type': 'application/json', ...(f.retryAfter ? { 'retry-after': f.retryAfter } : {}) });
      res.end(JSON.stringify({ error: f.status === 429 ? 'slow down' : 'unavailable' }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-') || k === 'content-type')) as Record<string, string>;
      const r = await fetch(`${API}${req.url}`, { method: req.method, headers, ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}) });
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, get seen() { return state.seen; }, close: () => server.close() };
}

describe('vendor SDK against the API (Functions emulator)', function () {
  this.timeout(240_000);
  const db = adminDb();
  let key: string;

  before(async () => {
    await clearFirestore();
    await seedVendor(db, 'v-sdk', { offers: 3, units: 10 });
    const token = await emulatorIdToken('vendor-sdk', { vendorId: 'v-sdk' });
    const r = await fetch(`${API}/v1/vendor/keys`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    key = ((await r.json()) as { secret: string }).secret;
  });
  const client = (o: { baseUrl?: string; key?: string } = {}) => new VendorClient({ baseUrl: o.baseUrl ?? API, vendorId: 'v-sdk', key: o.key ?? key, backoffMs: 20 });
  const now = new Date().toISOString();

  it('uploads 20,000 rows as four batches of 5,000, follows each job to done; only what changed is written', async () => {
    // The offers exist (written here directly, as a vendor's catalogue would be): the upload counts them.
    await seedOffers(db, 'v-sdk', Array.from({ length: 20_000 }, (_, k) => `BULK-${String(k).padStart(5, '0')}`), 1);
    // One row in a hundred is a new count; the rest repeat what is stored (the same seq): a full
    // re-export, which the server answers as duplicates, writing only what changed.
    const rows: VendorUpdate[] = Array.from({ length: 20_000 }, (_, i) => ({ op: 'upsert', sku: `BULK-${String(i).padStart(5, '0')}`, locationId: 'main', ...(i % 100 ? { onHand: 1, seq: 1 } : { onHand: 7, seq: 2 }), occurredAt: now }));
    const r = await client().push(rows);
    assert.deepEqual(r.batches.map((b) => b.rows), [5000, 5000, 5000, 5000]);
    assert.deepEqual(r.batches.map((b) => b.job?.state), ['done', 'done', 'done', 'done']);
    const sum = (k: 'applied' | 'duplicate') => r.batches.reduce((n, b) => n + (b.job?.[k] ?? 0), 0);
    assert.deepEqual([r.accepted, sum('applied'), sum('duplicate')], [20_000, 200, 19_800]);
    assert.equal((await db.doc('inventory/v-sdk~BULK-19900').get()).data()!.onHand, 7);
    assert.equal((await db.doc('inventory/v-sdk~BULK-19901').get()).data()!.onHand, 1);
  });

  it('rides out a storm of 429s (honouring Retry-After) and 503s; the retried batch is the same batch', async () => {
    const proxy = await faultyProxy([{ status: 429, retryAfter: '1' }, { status: 429 }, { status: 503 }, { status: 429 }]);
    try {
      const t0 = Date.now();
      const r = await client({ baseUrl: proxy.url }).push([{ op: 'upsert', sku: 'C000', locationId: 'main', onHand: 4, seq: 5, occurredAt: now }]);
      assert.equal(r.batches[0]!.job!.state, 'done');
      assert.ok(Date.now() - t0 >= 1000, 'waited the Retry-After second');
      assert.ok(proxy.seen >= 5);
      assert.equal((await db.doc('inventory/v-sdk~C000').get()).data()!.onHand, 4);
    } finally {
      proxy.close();
    }
  });

  it('a replayed batch answers with the first job and applies nothing twice', async () => {
    const rows: VendorUpdate[] = [{ op: 'upsert', sku: 'C001', locationId: 'main', onHand: 2, seq: 6, occurredAt: now }];
    const c = client();
    const first = await c.push(rows);
    const again = await c.push(rows);
    assert.equal(again.batches[0]!.accepted.jobId, first.batches[0]!.accepted.jobId);
    assert.equal((await db.collection('ingestJobs').where('batchId', '==', first.batches[0]!.batchId).get()).size, 1);
  });

  it('a dry run answers what the rows would do, applying nothing; CSV rows are parsed with their line numbers', async () => {
    const { updates, problems } = parseStockCsv('sku,onHand,condition\nC002,0,NM\nC003,-2,NM\nC004,1,XX\n', { now: new Date() });
    assert.deepEqual(problems.map((p) => [p.line, p.field]), [[3, 'onHand'], [4, 'condition']]);
    assert.deepEqual(updates.map((u) => [u.line, u.sku, u.onHand, u.locationId]), [[2, 'C002', 0, 'main']]);
    const [preview] = await client().dryRun(updates);
    assert.equal(preview!.diff.offersZeroed, 1);
    assert.equal((await db.doc('inventory/v-sdk~C002').get()).data()!.onHand, 10);
  });

  it('a wrong key is refused at once (401), not retried', async () => {
    const proxy = await faultyProxy([]);
    try {
      await assert.rejects(client({ baseUrl: proxy.url, key: 'x'.repeat(43) }).push([{ op: 'upsert', sku: 'C000', locationId: 'main', onHand: 1, seq: 9, occurredAt: now }]), (e: unknown) => e instanceof ApiError && e.status === 401);
      assert.equal(proxy.seen, 1);
    } finally {
      proxy.close();
    }
  });
});
