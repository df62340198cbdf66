/**
 * Push scenarios through the `api` function in the Functions emulator: push -> listener lag,
 * sustained rows/s, and bulk reads of 1,000 SKUs.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { emptyState } from '../../src/domain/inventory';
import { stockDoc } from '../../src/stock/stock-store';
import { sign } from '../../src/ingest/signature';
import { percentile, pool, record, timed } from './lib';

const API = `http://127.0.0.1:5001/${process.env.GCLOUD_PROJECT}/us-central1/api`;
const SECRET = 'local-ingest-signing-secret-0123456789'; // functions/.secret.local (the default key)

async function push(source: string, batchId: string, updates: unknown[]): Promise<Record<string, unknown>> {
  const body = JSON.stringify({ source, batchId, updates });
  const res = await fetch(`${API}/v1/inventory/sync`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-inventory-signature': sign(SECRET, body, Math.floor(Date.now() / 1000)) }, body });
  if (res.status !== 202) throw new Error(`push answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

export async function pushBench(db: Firestore) {
  console.log('\n▶ push: API -> queue -> applier -> listener');
  const N = 3000;
  const skus = Array.from({ length: N }, (_, i) => `P-${i}`);
  const now = Timestamp.now();
  for (let i = 0; i < N; i += 400) {
    const b = db.batch();
    for (const sku of skus.slice(i, i + 400)) {
      const s = emptyState(sku, 5);
      s.locations['wh-01'] = { onHand: 10, wmsOnHand: 10, seq: 1, syncedAt: now.toMillis() };
      b.set(db.doc(`inventory/${sku}`), stockDoc(s, 1, now));
      b.set(db.doc(`products/${sku}`), { sku, name: sku });
    }
    await b.commit();
  }
  const row = (sku: string, onHand: number, seq: number) => ({ op: 'upsert', sku, locationId: 'wh-01', onHand, seq, occurredAt: new Date().toISOString() });
  /** When a listener on `sku` first sees `onHand`. */
  const seenAt = (sku: string, onHand: number) =>
    new Promise<number>((resolve) => {
      const unsub = db.doc(`inventory/${sku}`).onSnapshot((s) => {
        if (s.data()?.onHand === onHand) {
          unsub();
          resolve(Date.now());
        }
      });
    });
  // Warm the api and applyIngestJob workers: until a push is visible within a second (a slow
  // machine can take several cold starts), so no cold start lands in the samples.
  for (let i = 0, ms = Infinity; i < 10 && ms > 1000; i++) {
    const sku = skus[i]!;
    const seen = seenAt(sku, 11);
    ms = (await timed(async () => {
      await push('bench-warm', `warm-${Date.now()}-${i}`, [row(sku, 11, 2)]);
      await seen;
    })).ms;
    console.log(`  (warm push ${i + 1}: ${Math.round(ms)} ms)`);
  }

  // Lag: one small batch at a time, a listener on its SKU.
  const lags: number[] = [];
  for (let k = 0; k < 100; k++) {
    const sku = skus[100 + k]!;
    const marker = 1000 + k;
    const seen = seenAt(sku, marker);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await push('bench-lag', `lag-${Date.now()}-${k}`, [row(sku, marker, 10)]);
    lags.push((await seen) - t0);
  }
  record({ scenario: 'push', metric: 'push -> listener lag p50', value: percentile(lags, 50), unit: 'ms', target: '<= 200', pass: percentile(lags, 50) <= 200 });
  record({ scenario: 'push', metric: 'push -> listener lag p99', value: percentile(lags, 99), unit: 'ms', target: '<= 1,000', pass: percentile(lags, 99) <= 1000 });

  // Sustained: 20 batches of 1,000 rows, 4 at a time, until every job is done.
  const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 1000 }, (_, i) => row(skus[(b * 1000 + i) % N]!, (b + i) % 50, 100 + b)));
  const jobs: string[] = [];
  const sustained = await timed(async () => {
    await pool(batches, 4, async (updates, b) => {
      jobs.push((await push('bench-sustained', `s-${Date.now()}-${b}`, updates)).jobId as string);
    });
    for (;;) {
      const states = await db.getAll(...jobs.map((j) => db.doc(`ingestJobs/${j}`)));
      if (states.every((s) => s.data()?.state === 'done')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  const rowsPerSec = 20_000 / (sustained.ms / 1000);
  record({ scenario: 'push', metric: 'sustained rows through the API (accepted -> applied)', value: rowsPerSec, unit: 'rows/s' });

  // Bulk read of 1,000 SKUs.
  const list = skus.slice(0, 1000).join(',');
  await fetch(`${API}/v1/inventory?skus=${list}`);
  const reads: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = await timed(async () => {
      const r = await fetch(`${API}/v1/inventory?skus=${list}`);
      const body = (await r.json()) as { items: unknown[] };
      if (body.items.length !== 1000) throw new Error('bulk read incomplete');
    });
    reads.push(t.ms);
  }
  record({ scenario: 'push', metric: 'bulk read of 1,000 SKUs p50', value: percentile(reads, 50), unit: 'ms' });
  record({ scenario: 'push', metric: 'bulk read of 1,000 SKUs p99', value: percentile(reads, 99), unit: 'ms', target: '<= 200', pass: percentile(reads, 99) <= 200 });
}
