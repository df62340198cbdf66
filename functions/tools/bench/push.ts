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

async function push(source: string, batchId: string, updates: unknown[], prefer?: string): Promise<Record<string, unknown>> {
  const body = JSON.stringify({ source, batchId, updates });
  const res = await fetch(`${API}/v1/inventory/sync`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-inventory-signature': sign(SECRET, body, Math.floor(Date.now() / 1000)), ...(prefer ? { prefer } : {}) }, body });
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

  // The Functions emulator runs each concurrent request in its own worker process: at 10 pushes/s
  // several are in flight, so several workers are warmed first (8 pushes at a time, 5 rounds).
  for (let round = 0; round < 5; round++) {
    await Promise.all(Array.from({ length: 8 }, (_, i) => push(`bench-warm-${i}`, `warm-${Date.now()}-${round}-${i}`, [row(skus[2900 + i]!, 20 + round, 20 + round)])));
  }

  // One push at a time first, alternating the paths: each path's own latency, without the
  // Functions emulator's queue (it runs each concurrent request in its own worker process).
  const one: Record<'inline' | 'queued', number[]> = { inline: [], queued: [] };
  for (let k = 0; k < 80; k++) {
    const which = k % 2 ? 'queued' : 'inline';
    const sku = skus[2600 + k]!;
    const marker = 500 + k;
    const seen = seenAt(sku, marker);
    const sent = Date.now();
    await push(`bench-one-${k % 10}`, `one-${sent}-${k}`, [row(sku, marker, 50 + k)], which === 'queued' ? 'respond-async' : undefined);
    one[which].push((await seen) - sent);
  }
  record({ scenario: 'push', metric: 'one push at a time -> listener p50 / p99, inline', value: percentile(one.inline, 50), unit: `ms / ${Math.round(percentile(one.inline, 99))} ms (40 pushes of 1 row)`, target: 'p50 <= 100, p99 <= 200', pass: percentile(one.inline, 50) <= 100 && percentile(one.inline, 99) <= 200 });
  record({ scenario: 'push', metric: 'one push at a time -> listener p50 / p99, queued', value: percentile(one.queued, 50), unit: `ms / ${Math.round(percentile(one.queued, 99))} ms (40 pushes of 1 row)`, baseline: 'inline', ratio: percentile(one.queued, 50) / percentile(one.inline, 50) });

  // Lag, A/B in this session: small pushes (5 rows) at 10 pushes/s, alternating the inline path
  // (applied in the request) and the queued path (`Prefer: respond-async`), a listener on each
  // push's SKUs; push sent -> the last of its SKUs seen by its listener. Ten sources take turns
  // (each within the 120 requests a minute a source may send).
  const paths = ['inline', 'queued'] as const;
  const lags: Record<(typeof paths)[number], number[]> = { inline: [], queued: [] };
  const answered: Record<(typeof paths)[number], number[]> = { inline: [], queued: [] };
  const PUSHES = Number(process.env.BENCH_PUSH_LAG_PUSHES ?? 300);
  const RATE = Number(process.env.BENCH_PUSH_RATE ?? 10);
  const t0 = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < PUSHES; k++) {
    const which = paths[k % 2]!;
    const rows = Array.from({ length: 5 }, (_, i) => skus[100 + ((k * 5 + i) % 2500)]!);
    const marker = 1000 + k;
    const seen = Promise.all(rows.map((sku) => seenAt(sku, marker)));
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + (k * 1000) / RATE - Date.now())));
    const sent = Date.now();
    inFlight.push(
      (async () => {
        const a = await push(`bench-lag-${k % 10}`, `lag-${sent}-${k}`, rows.map((sku) => row(sku, marker, 10 + k)), which === 'queued' ? 'respond-async' : undefined);
        answered[which].push(Date.now() - sent);
        if ((which === 'inline') !== (a.state === 'done')) throw new Error(`a ${which} push answered ${String(a.state)}`);
        lags[which].push(Math.max(...(await seen)) - sent);
      })(),
    );
  }
  await Promise.all(inFlight);
  const rateNote = `${PUSHES / 2} pushes of 5 rows each, at ${RATE} pushes/s in all`;
  record({ scenario: 'push', metric: 'push -> listener p50, inline (applied in the request)', value: percentile(lags.inline, 50), unit: `ms (${rateNote})`, target: '<= 100', pass: percentile(lags.inline, 50) <= 100 });
  record({ scenario: 'push', metric: 'push -> listener p99, inline', value: percentile(lags.inline, 99), unit: 'ms', target: '<= 200', pass: percentile(lags.inline, 99) <= 200 });
  record({ scenario: 'push', metric: 'push -> listener p50, queued (Prefer: respond-async)', value: percentile(lags.queued, 50), unit: `ms (${rateNote})`, baseline: 'inline', ratio: percentile(lags.queued, 50) / percentile(lags.inline, 50) });
  record({ scenario: 'push', metric: 'push -> listener p99, queued', value: percentile(lags.queued, 99), unit: 'ms' });
  record({ scenario: 'push', metric: 'answer time p50 / p99, inline', value: percentile(answered.inline, 50), unit: `ms / ${Math.round(percentile(answered.inline, 99))} ms (queued: ${Math.round(percentile(answered.queued, 50))} / ${Math.round(percentile(answered.queued, 99))} ms)` });

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
