/**
 * Sync scenario: 10,000 SKUs x 20 locations, the simulator changing counts at a target rate,
 * the real poll loop every 5 s, and a Firestore listener measuring when each WMS change becomes
 * visible. Beside it, a naive baseline that writes every update as it comes.
 */
import { Firestore } from 'firebase-admin/firestore';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Change, decodeCursor, encodeCursor, Faults } from '../wms-simulator';
import { skuId } from '../catalog';
import { WmsHttpConnector } from '../../src/adapters/wms-http';
import { CountApplier } from '../../src/stock/count-applier';
import { runSyncCycle, SyncDeps } from '../../src/sync/sync-cycle';
import { runSyncShift } from '../../src/sync/poll-loop';
import { applyCounts } from '../../src/domain/inventory';
import { stockFromDoc, writeInTransaction } from '../../src/stock/stock-store';
import { Timestamp } from 'firebase-admin/firestore';
import { Ceiling } from './ceiling';
import { haltRelay } from '../../src/adapters/lease';
import { scheduleFunctions } from '../local-ticker';
import { benchOffer, percentile, pool, record, timed } from './lib';

const always = { isEnabled: async () => true };

/**
 * The WMS runs in its own process, as a real one would: its generator keeps its pace however busy
 * the poller is, and the changes it produced are read back from its own feed afterwards.
 */
async function startSimulator(skus: number, locations: number, port = 0): Promise<{ url: string; apiKey: string; child: ChildProcess }> {
  const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
  const child = spawn(tsx, [path.resolve(__dirname, '../wms-simulator.ts'), '--skus', String(skus), '--locations', String(locations), '--rate', '0', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  return { url, apiKey: 'local-wms-key', child };
}

async function control(url: string, body?: unknown): Promise<{ logLength: number; polls?: number[] }> {
  if (body) await fetch(`${url}/_control`, { method: 'POST', body: JSON.stringify(body) });
  const r = await fetch(`${url}/_control?polls=1`);
  return (await r.json()) as { logLength: number; polls?: number[] };
}

/**
 * Drives the sync as `npm start` does: the ticker fires the two scheduled relay functions in the
 * Functions emulator (which read WMS_BASE_URL from functions/.env.demo-inventory: port 8090).
 */
async function scheduledDriver(db: Firestore): Promise<{ stop: () => Promise<void> }> {
  const stopTicker = await scheduleFunctions(['syncInventory', 'syncInventoryRelay']);
  return {
    async stop() {
      const idle = stopTicker();
      await haltRelay(db, 'sync-wms');
      await Promise.race([idle, new Promise((r) => setTimeout(r, 60_000))]);
      await db.doc('leases/sync-wms').delete();
    },
  };
}

/** The feed between two offsets, read back from the simulator. */
async function feed(url: string, apiKey: string, from: number, to: number): Promise<Change[]> {
  const out: Change[] = [];
  let cursor = encodeCursor(from);
  while (out.length < to - from) {
    const r = await fetch(`${url}/v1/stock/changes?cursor=${cursor}&limit=10000`, { headers: { authorization: `Bearer ${apiKey}` } });
    const page = (await r.json()) as { changes: Change[]; nextCursor: string; hasMore: boolean };
    out.push(...page.changes.slice(0, to - from - out.length));
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return out;
}

async function versions(db: Firestore, skus: string[]): Promise<Map<string, { version: number; seqs: Record<string, number> }>> {
  const out = new Map<string, { version: number; seqs: Record<string, number> }>();
  for (let i = 0; i < skus.length; i += 1000) {
    const snaps = await db.getAll(...skus.slice(i, i + 1000).map((s) => db.collection('inventory').doc(s)), { fieldMask: ['version', 'locations'] });
    for (const s of snaps) {
      const locs = (s.data()?.locations ?? {}) as Record<string, { seq: number }>;
      out.set(s.id, { version: (s.data()?.version as number) ?? 0, seqs: Object.fromEntries(Object.entries(locs).map(([l, p]) => [l, p.seq])) });
    }
  }
  return out;
}

export async function syncBench(db: Firestore, ceil: Ceiling, opts: { rate: number; seconds: number; skus: number; locations: number; sample: number; lookAheadMs?: number; busyAfterMs?: number; floorSkusPerSec?: number; driver?: 'direct' | 'scheduled'; pacing?: 'cadence' | 'restart'; faults?: Partial<Faults>; hedgeAfterMs?: number }) {
  const scheduled = opts.driver === 'scheduled';
  const scenario = (process.env.BENCH_OFFERS === '1' ? 'offers: ' : '') + (scheduled ? `sync, scheduled path ${opts.rate / 1000}k/s` : opts.rate === 20_000 ? 'sync' : `sync ${opts.rate / 1000}k/s`) + (opts.sample === 500 ? '' : ` (${opts.sample} listeners)`) + (opts.pacing === 'restart' ? ' (pacing: restart)' : '') + (!scheduled && opts.busyAfterMs !== undefined && opts.busyAfterMs !== 500 ? ` (busy after ${opts.busyAfterMs} ms)` : '') + (opts.faults ? ` (flaky WMS, ${opts.hedgeAfterMs === 0 ? 'reads not hedged' : `reads hedged after ${opts.hedgeAfterMs ?? 1000} ms`})` : '');
  console.log(`\n▶ ${scenario}: ${opts.skus.toLocaleString()} SKUs x ${opts.locations} locations, ${opts.rate.toLocaleString()} changes/s for ${opts.seconds} s, poll every 5 s, ${scheduled ? 'through the ticker and the scheduled relay functions in the Functions emulator' : `the loop called directly, read-ahead ${opts.lookAheadMs === 0 ? 'off' : `every ${opts.lookAheadMs ?? 1000} ms`}, next cycle at once after ${opts.busyAfterMs ?? 500} ms of writes`}, ${opts.sample} documents listened to`);
  const sim = await startSimulator(opts.skus, opts.locations, scheduled ? 8090 : 0);
  try {
    const applier = new CountApplier(db, { defaultThreshold: 5, chunkSize: 100, concurrency: 8 });
    const deps: SyncDeps = {
      db,
      connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: 30_000, ...(opts.hedgeAfterMs !== undefined ? { hedgeAfterMs: opts.hedgeAfterMs } : {}) }),
      flags: always,
      applier,
      staleAfterSeconds: 30,
      pageSize: 10_000,
      maxRowsPerCycle: 200_000,
      cycleBudgetMs: 30_000,
      lookAheadMs: opts.lookAheadMs,
    };
    const positions = (await control(sim.url)).logLength;
    const init = await timed(async () => {
      let r;
      do r = await runSyncCycle(deps);
      while (r.hasMore);
    });
    record({ scenario, metric: `initial load of ${positions.toLocaleString()} positions`, value: init.ms / 1000, unit: 's' });
    if (process.env.BENCH_OFFERS === '1') {
      // Every SKU becomes a marketplace offer with its attributes before the measured phase.
      for (let i = 0; i < opts.skus; i += 500) {
        const b = db.batch();
        for (let k = i; k < Math.min(opts.skus, i + 500); k++) {
          const o = benchOffer(skuId(k));
          b.update(db.collection('inventory').doc(skuId(k)), { ...o, halt: null });
        }
        await b.commit();
      }
      applier.invalidate();
    }

    // Storefronts listen to the documents they show, not to the collection: a sample of SKUs,
    // each with its own listener, stands for them and times when each change becomes visible.
    const allSkus = Array.from({ length: opts.skus }, (_, i) => skuId(i));
    const step = Math.max(1, Math.floor(opts.skus / opts.sample));
    const sampled = new Set(allSkus.filter((_, i) => i % step === 0).slice(0, opts.sample));
    const visible = new Map<string, { seq: number; at: number; committed: number }[]>();
    const ready: Promise<void>[] = [];
    const unsubs = [...sampled].map((sku) => {
      let first!: () => void;
      ready.push(new Promise<void>((r) => (first = r)));
      return db.doc(`inventory/${sku}`).onSnapshot((snap) => {
        const at = Date.now();
        const committed = snap.updateTime?.toMillis() ?? at;
        const locs = (snap.data()?.locations ?? {}) as Record<string, { seq: number }>;
        for (const [loc, p] of Object.entries(locs)) {
          const key = `${sku}|${loc}`;
          const list = visible.get(key) ?? visible.set(key, []).get(key)!;
          if (p.seq > (list[list.length - 1]?.seq ?? 0)) list.push({ seq: p.seq, at, committed });
        }
        first();
      });
    });
    await Promise.all(ready);
    const before = await versions(db, allSkus);

    // The cursor is saved only after its changes are committed: it tells when all are applied.
    const start = (await control(sim.url)).logLength;
    let target = Infinity;
    let cursorAt = start;
    let absorbedAt = 0;
    let absorbed!: () => void;
    const allAbsorbed = new Promise<void>((r) => (absorbed = r));
    const checkAbsorbed = () => {
      if (cursorAt < target || absorbedAt) return;
      absorbedAt = Date.now();
      absorbed();
    };
    const saves: { at: number; offset: number }[] = [];
    const unsubCursor = db.doc('syncState/wms').onSnapshot((snap) => {
      const c = snap.data()?.cursor as string | undefined;
      cursorAt = (c && decodeCursor(c)) || cursorAt;
      saves.push({ at: Date.now(), offset: cursorAt });
      checkAbsorbed();
    });

    let driver: { stop: () => Promise<void> } | null = null;
    if (scheduled) {
      // The relay starts and catches up on what the direct initial load left, then the WMS changes.
      await db.doc('leases/sync-wms').delete();
      const polled = (await control(sim.url)).polls?.length ?? 0;
      driver = await scheduledDriver(db);
      const endWait = Date.now() + 120_000;
      while (((await control(sim.url)).polls?.length ?? 0) <= polled + 1 && Date.now() < endWait) await new Promise((r) => setTimeout(r, 250));
    }
    // The fault mix starts with the measured phase (the initial load ran without it).
    if (opts.faults) await control(sim.url, { faults: opts.faults });
    const t0 = Date.now();
    await control(sim.url, { rate: opts.rate });
    const stop = new AbortController();
    const cyclesDone = scheduled ? Promise.resolve({ cycles: [] as Awaited<ReturnType<typeof runSyncShift>>['cycles'] }) : runSyncShift(deps, { intervalMs: 5000, holdMs: Infinity, lifeMs: opts.seconds * 1000 + 180_000, owner: 'bench', signal: stop.signal, pacing: opts.pacing, ...(opts.busyAfterMs !== undefined ? { busyAfterMs: opts.busyAfterMs } : {}) });
    await new Promise((r) => setTimeout(r, opts.seconds * 1000));
    const end = (await control(sim.url, { rate: 0 })).logLength;
    const generatedAt = Date.now();
    const generatedMs = generatedAt - t0;
    target = end;
    checkAbsorbed();
    await Promise.race([allAbsorbed, new Promise((r) => setTimeout(r, 170_000))]);
    stop.abort();
    const window = await cyclesDone;
    const polls = ((await control(sim.url)).polls ?? []).filter((t) => t >= t0 && t <= (absorbedAt || Date.now()));
    await driver?.stop();
    unsubCursor();
    await new Promise((r) => setTimeout(r, 500)); // the last snapshots reach the listeners
    unsubs.forEach((u) => u());

    const changes = await feed(sim.url, sim.apiKey, start, end);
    const after = await versions(db, allSkus);
    // Every change generated must be in the documents: each position at (at least) its last seq.
    const lastSeq = new Map<string, number>();
    for (const c of changes) lastSeq.set(`${c.sku}|${c.locationId}`, c.seq);
    let missing = 0;
    for (const [k, seq] of lastSeq) {
      const [sku, loc] = k.split('|') as [string, string];
      if ((after.get(sku)?.seqs[loc] ?? 0) < seq) missing++;
    }
    const lags: number[] = [];
    const commitLags: number[] = [];
    const delivery: number[] = [];
    let unseen = 0;
    for (const c of changes) {
      if (!sampled.has(c.sku)) continue;
      const v = visible.get(`${c.sku}|${c.locationId}`)?.find((x) => x.seq >= c.seq);
      if (!v) unseen++;
      else {
        lags.push(v.at - Date.parse(c.updatedAt));
        commitLags.push(v.committed - Date.parse(c.updatedAt));
        delivery.push(v.at - v.committed);
      }
    }
    const cycles = window.cycles.filter((c) => c.metrics);
    const skuWrites = cycles.reduce((n, c) => n + (c.metrics?.skusWritten ?? 0), 0);
    const elapsed = absorbedAt ? Math.max(generatedMs, absorbedAt - t0) : Infinity;
    const rate = changes.length / (elapsed / 1000);
    record({ scenario, metric: 'changes generated by the WMS (own process)', value: changes.length / (generatedMs / 1000), unit: `changes/s (${changes.length.toLocaleString()} in ${(generatedMs / 1000).toFixed(1)} s)` });
    record({ scenario, metric: 'updates absorbed (generated -> all committed)', value: rate, unit: `updates/s (all in ${(elapsed / 1000).toFixed(1)} s)`, baseline: 'ceiling batched writes', ratio: rate / ceil.batchedWritesPerSec, ...(opts.rate === 20_000 ? { target: '>= 20,000', pass: rate >= 20_000 && missing === 0 } : {}) });
    // Sustained: how fast the committed cursor advanced while the WMS was generating (from the first
    // save after the first full interval to the last save before it stopped). A poller that keeps
    // up advances at the generation rate whatever its cycle length; the figure above also counts
    // the last cycle's drain after the WMS stops, which a 30 s run weighs heavily.
    const during = saves.filter((x) => x.at >= t0 + 5000 && x.at <= generatedAt);
    const sustained = during.length >= 2 ? (during[during.length - 1]!.offset - during[0]!.offset) / ((during[during.length - 1]!.at - during[0]!.at) / 1000) : NaN;
    record({ scenario, metric: 'updates absorbed, sustained (committed cursor while generating)', value: sustained, unit: `updates/s (${during.length} cursor saves; drain after the WMS stopped ${absorbedAt ? ((absorbedAt - generatedAt) / 1000).toFixed(1) : '∞'} s)`, baseline: 'changes generated', ratio: sustained / (changes.length / (generatedMs / 1000)), ...(opts.rate >= 20_000 ? { target: '>= 0.98 of generated', pass: sustained / (changes.length / (generatedMs / 1000)) >= 0.98 } : {}) });
    record({ scenario, metric: 'positions behind the WMS at the end', value: missing, unit: `of ${lastSeq.size.toLocaleString()} changed`, target: '0', pass: missing === 0 });
    record({ scenario, metric: 'freshness lag p50 (WMS change -> listener)', value: percentile(lags, 50), unit: `ms (${lags.length.toLocaleString()} changes on ${sampled.size} listened SKUs; ${unseen} superseded unseen)` });
    const p99 = percentile(lags, 99);
    if (opts.rate >= 20_000 && opts.floorSkusPerSec) {
      // The floor: the time this emulator needs to write each SKU changed in one interval once, at
      // the rate measured in this session for the same document shape (the write-path rows).
      const perInterval = new Set(changes.filter((c) => Date.parse(c.updatedAt) < Date.parse(changes[0]!.updatedAt) + 5000).map((c) => c.sku)).size;
      const floorMs = (perInterval / opts.floorSkusPerSec) * 1000;
      record({ scenario, metric: 'freshness lag p99 (WMS change -> listener)', value: p99, unit: `ms = ${(p99 / floorMs).toFixed(2)} x the floor (${perInterval.toLocaleString()} SKUs changed per interval / ${Math.round(opts.floorSkusPerSec).toLocaleString()} SKU writes/s = ${Math.round(floorMs).toLocaleString()} ms)` });
    } else {
      const limit = opts.faults ? 9000 : 6000;
      record({ scenario, metric: 'freshness lag p99 (WMS change -> listener)', value: p99, unit: 'ms', target: opts.faults ? '<= 9,000 (interval + 4 s)' : '<= 6,000 (interval + 1 s)', pass: p99 <= limit });
    }
    if (scheduled) {
      const gaps = polls.slice(1).map((t, i) => t - polls[i]!);
      record({ scenario, metric: 'WMS polls: max gap between two', value: Math.max(0, ...gaps), unit: `ms (${polls.length} polls, a relay handover every ~50 s)`, target: '<= 6,000 (interval + 1 s)', pass: Math.max(0, ...gaps) <= 6000 });
    }
    // Where the lag goes: from the WMS change to the commit (the sync), and from the commit to the
    // listener (the emulator's delivery, which production's listeners do not share with the writer).
    record({ scenario, metric: '  of which WMS change -> commit p50 / p99', value: percentile(commitLags, 50), unit: `ms / ${Math.round(percentile(commitLags, 99))} ms` });
    record({ scenario, metric: '  of which commit -> listener p50 / p99', value: percentile(delivery, 50), unit: `ms / ${Math.round(percentile(delivery, 99))} ms` });
    const versionWrites = allSkus.reduce((n, s) => n + (after.get(s)?.version ?? 0) - (before.get(s)?.version ?? 0), 0);
    record({ scenario, metric: 'stock document writes per update', value: (scheduled ? versionWrites : skuWrites) / Math.max(1, changes.length), unit: 'writes/update' });
    // Every write bumps a document's version by one: versions gained / cycles run = writes per cycle.
    if (scheduled) return;
    const cyclesWithWrites = cycles.filter((c) => c.metrics!.skusWritten > 0).length;
    const maxWrites = Math.max(0, ...allSkus.map((s) => (after.get(s)?.version ?? 0) - (before.get(s)?.version ?? 0)));
    const perSkuPerCycle = maxWrites / Math.max(1, cyclesWithWrites);
    record({ scenario, metric: 'writes per SKU per cycle (max over SKUs)', value: perSkuPerCycle, unit: `writes (${maxWrites} writes in ${cyclesWithWrites} cycles)`, target: '<= 1', pass: perSkuPerCycle <= 1 });
    record({ scenario, metric: 'cycle time p50 / max', value: percentile(cycles.map((c) => c.metrics!.cycleMs), 50), unit: `ms / ${Math.max(...cycles.map((c) => c.metrics!.cycleMs))} ms` });
    record({ scenario, metric: 'cycle: reading the feed p50 / applying p50', value: percentile(cycles.map((c) => c.metrics!.fetchMs), 50), unit: `ms / ${percentile(cycles.map((c) => c.metrics!.applyMs), 50)} ms` });
    record({ scenario, metric: 'SKU documents written per cycle p50', value: percentile(cycles.map((c) => c.metrics!.skusWritten), 50), unit: 'docs' });
    // Every document the applier wrote (stock, private bookkeeping, event log entries, alerts) per
    // SKU written: 2 is one stock document and one event; the private document adds only when its
    // content changes (never in this scenario: no sales, no deletions).
    const allWrites = cycles.reduce((n, c) => n + (c.metrics!.writes ?? 0), 0);
    const skusWritten = cycles.reduce((n, c) => n + c.metrics!.skusWritten, 0);
    record({ scenario, metric: 'documents written per SKU written (stock + private + events)', value: allWrites / Math.max(1, skusWritten), unit: `writes (${allWrites.toLocaleString()} for ${skusWritten.toLocaleString()} SKU writes)` });

    // Naive baseline (once, at the target rate): one transaction per update as it arrives.
    if (opts.rate === 20_000) {
      const sample = changes.slice(0, 3000);
      const naive = await timed(() =>
        pool(sample, 20, async (c) => {
          const ref = db.collection('inventory').doc(c.sku);
          await db.runTransaction(async (tx) => {
            const snap = await tx.get(ref);
            const before = stockFromDoc(c.sku, snap.data(), 5);
            const r = applyCounts(before.state, [{ ...c, seq: c.seq + 1_000_000, updatedAt: Date.parse(c.updatedAt), deleted: false }], Date.now(), 'naive');
            writeInTransaction(tx, db, before, r.state, r.events, Timestamp.now());
          });
        }),
      );
      const naiveRate = sample.length / (naive.ms / 1000);
      record({ scenario, metric: 'naive baseline: one transaction per update', value: naiveRate, unit: 'updates/s', baseline: 'coalesced sync', ratio: naiveRate / rate });
    }
  } finally {
    sim.child.kill();
  }
}
