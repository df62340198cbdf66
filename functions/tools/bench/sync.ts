/**
 * Sync scenario: 10,000 SKUs x 20 locations, the simulator changing counts at a target rate,
 * the real poll loop every 5 s, and a Firestore listener measuring when each WMS change becomes
 * visible. Beside it, a naive baseline that writes every update as it comes.
 */
import { Firestore } from 'firebase-admin/firestore';
import { WmsSimulator } from '../wms-simulator';
import { WmsHttpConnector } from '../../src/adapters/wms-http';
import { CountApplier } from '../../src/sync/count-applier';
import { runSyncCycle, SyncDeps } from '../../src/sync/sync-cycle';
import { runSyncWindow } from '../../src/sync/poll-loop';
import { applyCounts } from '../../src/domain/inventory';
import { stockFromDoc, writeInTransaction } from '../../src/adapters/stock-store';
import { Timestamp } from 'firebase-admin/firestore';
import { Ceiling } from './ceiling';
import { percentile, pool, record, timed } from './lib';

const always = { isEnabled: async () => true };

export async function syncBench(db: Firestore, ceil: Ceiling, opts: { rate: number; seconds: number; skus: number; locations: number }) {
  console.log(`\n▶ sync: ${opts.skus.toLocaleString()} SKUs x ${opts.locations} locations, ${opts.rate.toLocaleString()} changes/s for ${opts.seconds} s, poll every 5 s`);
  const sim = new WmsSimulator({ skus: opts.skus, locations: opts.locations, rate: 0 });
  await sim.start();
  const applier = new CountApplier(db, { defaultThreshold: 5, chunkSize: 100, concurrency: 8 });
  const deps: SyncDeps = {
    db,
    connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: 30_000 }),
    flags: always,
    applier,
    staleAfterSeconds: 30,
    pageSize: 10_000,
    maxRowsPerCycle: 1_000_000,
    cycleBudgetMs: 30_000,
  };
  const init = await timed(async () => {
    let r;
    do r = await runSyncCycle(deps);
    while (r.hasMore);
  });
  record({ scenario: 'sync', metric: `initial load of ${sim.log.length.toLocaleString()} positions`, value: init.ms / 1000, unit: 's' });

  // The listener a storefront would have: when does each (sku, location, seq) become visible?
  const seen = new Map<string, number>();
  const visible = new Map<string, { seq: number; at: number }[]>();
  let docWrites = 0;
  let firstSnapshot!: () => void;
  const ready = new Promise<void>((r) => (firstSnapshot = r));
  let initial = true;
  const unsub = db.collection('inventory').onSnapshot((snap) => {
    const at = Date.now();
    for (const ch of snap.docChanges()) {
      if (!initial) docWrites++;
      const locs = (ch.doc.data().locations ?? {}) as Record<string, { seq: number }>;
      for (const [loc, p] of Object.entries(locs)) {
        const key = `${ch.doc.id}|${loc}`;
        if (p.seq > (seen.get(key) ?? 0)) {
          seen.set(key, p.seq);
          if (!initial) (visible.get(key) ?? visible.set(key, []).get(key)!).push({ seq: p.seq, at });
        }
      }
    }
    if (initial) {
      initial = false;
      firstSnapshot();
    }
  });
  await ready;

  const start = sim.log.length;
  const t0 = Date.now();
  sim.setRate(opts.rate);
  const cyclesDone = runSyncWindow(deps, { intervalMs: 5000, windowMs: opts.seconds * 1000 + 6000, owner: 'bench' });
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  sim.setRate(0);
  const generatedMs = Date.now() - t0;
  const end = sim.log.length;
  const window = await cyclesDone;
  await new Promise((r) => setTimeout(r, 1500));
  unsub();

  const changes = sim.log.slice(start, end);
  const lags: number[] = [];
  let missing = 0;
  for (const c of changes) {
    const v = visible.get(`${c.sku}|${c.locationId}`)?.find((x) => x.seq >= c.seq);
    if (!v) missing++;
    else lags.push(v.at - Date.parse(c.updatedAt));
  }
  const cycles = window.cycles.filter((c) => c.metrics);
  const skuWrites = cycles.reduce((n, c) => n + (c.metrics?.skusWritten ?? 0), 0);
  const absorbed = (changes.length - missing) / (generatedMs / 1000);
  record({ scenario: 'sync', metric: 'updates absorbed', value: absorbed, unit: 'updates/s', baseline: 'ceiling batched writes', ratio: absorbed / ceil.batchedWritesPerSec, target: '>= 20,000', pass: absorbed >= 20_000 && missing === 0 });
  record({ scenario: 'sync', metric: 'changes never seen by the listener', value: missing, unit: 'changes', target: '0', pass: missing === 0 });
  record({ scenario: 'sync', metric: 'freshness lag p50 (WMS change -> listener)', value: percentile(lags, 50), unit: 'ms' });
  record({ scenario: 'sync', metric: 'freshness lag p99 (WMS change -> listener)', value: percentile(lags, 99), unit: 'ms', target: '<= 6,000 (interval + 1 s)', pass: percentile(lags, 99) <= 6000 });
  record({ scenario: 'sync', metric: 'stock document writes per update', value: skuWrites / Math.max(1, changes.length), unit: 'writes/update' });
  const perCycle = cycles.map((c) => (c.metrics!.skusWritten ? c.metrics!.skusWritten / c.metrics!.skusWritten : 0));
  record({ scenario: 'sync', metric: 'writes per SKU per cycle (max)', value: Math.max(0, ...perCycle), unit: 'writes', target: '<= 1', pass: Math.max(0, ...perCycle) <= 1 });
  record({ scenario: 'sync', metric: 'listener-visible document updates', value: docWrites, unit: 'docs' });
  record({ scenario: 'sync', metric: 'cycle time p50 / max', value: percentile(cycles.map((c) => c.metrics!.cycleMs), 50), unit: `ms / ${Math.max(...cycles.map((c) => c.metrics!.cycleMs))} ms` });

  // Naive baseline: one transaction per update as it arrives (what a per-message trigger does).
  const sample = sim.log.slice(start, start + 3000);
  const naive = await timed(() =>
    pool(sample, 20, async (c) => {
      const ref = db.collection('inventory').doc(c.sku);
      await db.runTransaction(async (tx) => {
        const snap = await tx.get(ref);
        const before = stockFromDoc(c.sku, snap.data(), 5);
        const r = applyCounts(before.state, [{ ...c, seq: c.seq + 1_000_000, updatedAt: Date.parse(c.updatedAt), deleted: false }], Date.now(), 'naive');
        writeInTransaction(tx, db, { ...before, exists: snap.exists }, r.state, r.events, Timestamp.now());
      });
    }),
  );
  const naiveRate = sample.length / (naive.ms / 1000);
  record({ scenario: 'sync', metric: 'naive baseline: one transaction per update', value: naiveRate, unit: 'updates/s', baseline: 'coalesced sync', ratio: naiveRate / absorbed });
  await sim.close();
}
