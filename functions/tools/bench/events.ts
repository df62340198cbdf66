/**
 * Events: commit -> an outside subscriber, through the outbox relay (runPublisherShift), A/B in one
 * session between ordering keys: the SKU, and a stable shard of it (both one request per page
 * carrying many SKUs; `BENCH_EVENTS_BATCHINGS=per-key` adds the client library's per-key batching,
 * before 0.8.0):
 * - sustained: `BENCH_EVENTS_RATES` (1,500) stock changes/s, one event each, for
 *   `BENCH_EVENTS_SECONDS` (60) s over 3,000 SKUs after `BENCH_EVENTS_WARMUP` (40) s at the same
 *   rate; delivered rate, lag p50/p99, lost, out of order;
 * - backlog: a burst of 10,000 events committed at once, then one more: how long it waits.
 * The emulator's raw publish ceiling (no ordering keys, batched client) is measured first in the
 * same session; the relay's rate is given as a ratio to it.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { emptyState } from '../../src/domain/inventory';
import { stockDoc } from '../../src/stock/stock-store';
import { PubSub } from '@google-cloud/pubsub';
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FromParent, ToParent } from './events-subscriber';
import type { RelayArgs, RelayFromParent, RelayToParent } from './events-relay';
import { CountApplier } from '../../src/stock/count-applier';
import { LocationChange } from '../../src/domain/sequence';
import { Ceiling } from './ceiling';
import { CpuShares, FIRESTORE_EMULATOR, percentile, pidsMatching, PUBSUB_EMULATOR, record } from './lib';
import os from 'node:os';

import { Batching } from '../../src/adapters/pubsub-publisher';

/**
 * The outbox relay with the publisher's batchings and keys: the client library's per key (before
 * 0.8.0), a request per page with ordering key = SKU, and a request per page with ordering key = a
 * stable shard of the SKU (`BENCH_EVENTS_SHARDS`, 32; EVENT_ORDERING_SHARDS in a deployment).
 */
type Keys = Batching | 'shards';
const KEYINGS: Keys[] = ['page', 'shards'];
const SHARDS = Number(process.env.BENCH_EVENTS_SHARDS ?? 32);
const label = (k: Keys) => (k === 'page' ? 'page requests, key = SKU' : k === 'shards' ? `page requests, key = 1 of ${SHARDS} shards of the SKU` : 'per-key requests');
/**
 * How the relay learns of a commit: its look every 250 ms (the default, as deployed), or also woken
 * by a listener on the outbox's oldest document (`BENCH_EVENTS_WAKES=listener,poll` runs both).
 */
type Wakes = 'listener' | 'poll';
const WAKE_LABEL: Record<Wakes, string> = { listener: 'woken by a listener', poll: 'a look every 250 ms' };
const PREFIX: Record<Keys, [string, string]> = { page: ['EVP', 'BLP'], 'per-key': ['EVK', 'BLK'], shards: ['EVS', 'BLS'] };

/** Each run starts from an empty database, so neither inherits the other's log. */
async function clearFirestore(): Promise<void> {
  await fetch(`http://${process.env.FIRESTORE_EMULATOR_HOST}/emulator/v1/projects/${process.env.GCLOUD_PROJECT}/databases/(default)/documents`, { method: 'DELETE' });
}

/** Starts a process of the bench's (the subscriber, the relay) and waits until it says it is ready. */
async function forkReady(file: string, args: string[]): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, file), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
    child.on('message', (m: { type: string }) => m.type === 'ready' && resolve());
  });
  child.removeAllListeners('exit');
  return child;
}

/** The relay (events-relay.ts) in its own process, as a deployment runs the publisher apart from the writers. */
class Relay {
  private constructor(private readonly child: ChildProcess) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(pubsubKeys: Keys, topicName: string, owner: string, lifeMs: number, wake: Wakes): Promise<Relay> {
    const args: RelayArgs = { topicName, shards: pubsubKeys === 'shards' ? SHARDS : 0, batching: pubsubKeys === 'shards' ? 'page' : pubsubKeys, owner, lifeMs, wake: wake === 'listener' };
    return new Relay(await forkReady('events-relay.ts', [JSON.stringify(args)]));
  }

  measure(): void {
    this.child.send({ type: 'measure' } satisfies RelayFromParent);
  }

  async stop(): Promise<Extract<RelayToParent, { type: 'done' }>> {
    return new Promise((resolve, reject) => {
      this.child.on('message', (m: RelayToParent) => m.type === 'done' && resolve(m));
      this.child.once('exit', (code) => reject(new Error(`the bench's relay exited (${code}) without its figures`)));
      this.child.send({ type: 'stop' } satisfies RelayFromParent);
    });
  }
}

/**
 * The outside subscriber, a process of its own (events-subscriber.ts): per event [arrival, lag,
 * commit time, accepted by Pub/Sub]; order per SKU and duplicates are judged there.
 */
class Watcher {
  timeline: [number, number, number, number][] = [];
  received = 0;
  outOfOrder = 0;
  duplicates = 0;
  private arrivals: Record<string, number> = {};
  private finished?: Promise<void>;
  private done?: () => void;
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: ToParent) => {
      if (m.type === 'status') {
        this.received = m.received;
        this.arrivals = m.arrivals;
      } else if (m.type === 'done') {
        Object.assign(this, { received: m.received, outOfOrder: m.outOfOrder, duplicates: m.duplicates, timeline: m.timeline });
        this.done?.();
      }
    });
  }

  static async open(topicName: string): Promise<Watcher> {
    return new Watcher(await forkReady('events-subscriber.ts', [process.env.GCLOUD_PROJECT!, topicName]));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  watch(sku: string): void {
    this.child.send({ type: 'watch', sku } satisfies FromParent);
  }

  arrivedAt(sku: string): number | undefined {
    return this.arrivals[sku];
  }

  async until(n: number, ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (this.received < n && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  }

  /** Stops the subscriber and takes its whole timeline. */
  async close(): Promise<void> {
    this.finished ??= new Promise<void>((resolve, reject) => {
      this.done = resolve;
      this.child.once('exit', (code) => reject(new Error(`the bench's subscriber exited (${code}) without its timeline`)));
      this.child.send({ type: 'stop' } satisfies FromParent);
    });
    await this.finished;
  }
}

const change = (sku: string, onHand: number, seq: number): LocationChange[] => [{ sku, locationId: 'wh-01', onHand, seq, updatedAt: Date.now(), deleted: false }];

/**
 * `rate` changes/s for `warmup` + `seconds` s, paced every 100 ms; the relay publishing meanwhile.
 * The figures are the events committed after the warm-up: over the first 15-28 s of load after
 * the emulators start (measured per 5 s, BENCH_EVENTS_VERBOSE=1) the lag is p99 2-5 s, then under
 * 1 s from there on, whatever the outbox design: the emulators' JIT and the clients' connections,
 * which a deployment's always-on Firestore and Pub/Sub, and a relay already running when traffic
 * comes, do not go through. The warm-up's own figures are recorded too.
 */
async function sustained(db: Firestore, pubsub: PubSub, keys: Keys, rate: number, seconds: number, ceil: Ceiling, warmup: number, wake: Wakes): Promise<void> {
  const topicName = `bench-events-${keys}`;
  await clearFirestore();
  const watcher = await Watcher.open(topicName);
  const prefix = PREFIX[keys][0];
  const SKUS = 3000;
  const applier = new CountApplier(db, { defaultThreshold: 1 });
  const relay = await Relay.start(keys, topicName, `bench-${prefix}`, (warmup + seconds + 60) * 1000, wake);
  // This process runs the writer (the relay runs in its own): how late its event loop ran.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  // Who used the 2 cores over the measured minute.
  let cpu: CpuShares | undefined;
  // Each commit's time in the writer: an event's clock starts before its commit (its `time`).
  const applyMs: number[] = [];
  // The events committed, as the writer's commits report them: a count() query over the log at the
  // end scanned its ~150,000 entries in the emulator while the last events were being relayed (their
  // lag went to 1.2-1.5 s, enough alone to lift the p99 over 1 s).
  let committed = 0;
  const t0 = Date.now();
  const from = t0 + warmup * 1000;
  let sent = 0;
  let round = 0;
  while (Date.now() - t0 < (warmup + seconds) * 1000) {
    const due = Math.floor(((Date.now() - t0) / 1000) * rate) - sent;
    if (due > 0) {
      const changes = new Map<string, LocationChange[]>();
      for (let i = 0; i < due; i++) {
        const n = sent + i;
        const sku = `${prefix}-${n % SKUS}`;
        // Counts stay above the threshold: one event per change (no availability transitions).
        changes.set(sku, change(sku, 10 + (n % 7), 1 + Math.floor(n / SKUS)));
      }
      const a0 = Date.now();
      committed += (await applier.apply(changes, 'bench')).events;
      if (a0 >= from) applyMs.push(Date.now() - a0);
      sent += due;
      if (Date.now() >= from && loopDelay.enable()) {
        relay.measure();
        const own = [process.pid, relay.pid, watcher.pid];
        cpu = new CpuShares({
          'Firestore emulator': pidsMatching(FIRESTORE_EMULATOR),
          'Pub/Sub emulator': pidsMatching(PUBSUB_EMULATOR),
          // The firebase CLI's own processes: the emulator hub and the Functions emulator.
          'firebase CLI': pidsMatching(/^(\S*\/)?node .*firebase/).filter((p) => !own.includes(p)),
          writer: [process.pid],
          relay: relay.pid ? [relay.pid] : [],
          subscriber: watcher.pid ? [watcher.pid] : [],
        });
      }
    }
    round++;
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + round * 100 - Date.now())));
  }
  loopDelay.disable();
  const shares = cpu?.stop() ?? [];
  await watcher.until(committed, 60_000);
  const elapsed = (Date.now() - from) / 1000;
  const relayed = await relay.stop();
  await watcher.close();
  if (process.env.BENCH_EVENTS_VERBOSE) {
    // Lag p50 / p99 per 5 s of arrivals: where in the run the tail comes from.
    for (let w = t0; w < Date.now(); w += 5000) {
      const win = watcher.timeline.filter(([at]) => at >= w && at < w + 5000);
      const lags = win.map(([, l]) => l);
      const relayMs = win.map(([, , c, p]) => p - c);
      const delivery = win.map(([at, , , p]) => at - p);
      const q = (v: number[]) => `p50 ${Math.round(percentile(v, 50))} / p99 ${Math.round(percentile(v, 99))} ms`;
      if (lags.length) console.log(`    +${Math.round((w - t0) / 1000)} s: ${lags.length} events, lag ${q(lags)} (commit -> accepted ${q(relayMs)}, accepted -> subscriber ${q(delivery)})`);
    }
  }
  const tag = `${label(keys)}, ${WAKE_LABEL[wake]}, ${rate.toLocaleString()}/s x ${seconds} s`;
  const after = watcher.timeline.filter(([, , at]) => at >= from);
  const measured = after.map(([, lag]) => lag);
  const warm = watcher.timeline.filter(([, , at]) => at < from).map(([, lag]) => lag);
  const perSec = measured.length / elapsed;
  if (warmup) record({ scenario: 'events', metric: `${tag}: the ${warmup} s before (warm-up, not in the figures below): lag p50 / p99`, value: percentile(warm, 50), unit: `ms / ${Math.round(percentile(warm, 99))} ms (${warm.length.toLocaleString()} events)` });
  record({ scenario: 'events', metric: `${tag}: delivered (${measured.length.toLocaleString()} events)`, value: perSec, unit: 'events/s', baseline: 'ceiling publish', ratio: perSec / ceil.publishPerSec });
  record({ scenario: 'events', metric: `${tag}: lag p50 (commit -> subscriber)`, value: percentile(measured, 50), unit: 'ms' });
  const p99 = percentile(measured, 99);
  const relayMs = after.map(([, , c, p]) => p - c);
  const delivery = after.map(([at, , , p]) => at - p);
  record({ scenario: 'events', metric: `${tag}: of which commit -> accepted by Pub/Sub (the relay) p50 / p99`, value: percentile(relayMs, 50), unit: `ms / ${Math.round(percentile(relayMs, 99))} ms` });
  record({ scenario: 'events', metric: `${tag}: the writer's commits (read, compute, commit; ~${Math.round(rate / 10)} changes each) p50 / p99`, value: percentile(applyMs, 50), unit: `ms / ${Math.round(percentile(applyMs, 99))} ms (inside the relay's part: an event's time is taken before its commit)` });
  record({ scenario: 'events', metric: `${tag}: of which accepted -> subscriber (Pub/Sub's delivery) p50 / p99`, value: percentile(delivery, 50), unit: `ms / ${Math.round(percentile(delivery, 99))} ms` });
  const total = shares.reduce((a, x) => a + x.percent, 0);
  record({ scenario: 'events', metric: `${tag}: CPU over the measured ${seconds} s, all of these processes (% of one core; ${os.cpus().length} cores)`, value: total, unit: `% (${shares.map((x) => `${x.name} ${Math.round(x.percent)}%`).join(', ')})` });
  record({ scenario: 'events', metric: `${tag}: event-loop delay p99 / max in the relay's process`, value: relayed.loopDelayP99Ms, unit: `ms / ${Math.round(relayed.loopDelayMaxMs)} ms (the writer's: ${Math.round(loopDelay.percentile(99) / 1e6)} / ${Math.round(loopDelay.max / 1e6)} ms)` });
  record({ scenario: 'events', metric: `${tag}: lag p99 (commit -> subscriber)`, value: p99, unit: 'ms', target: '<= 1,000', pass: p99 <= 1000 });
  record({
    scenario: 'events',
    metric: `${tag}: lost / out of order per SKU`,
    value: Math.max(0, committed - watcher.received),
    unit: `lost / ${watcher.outOfOrder} out of order (${watcher.duplicates} redelivered duplicates, dropped by id)`,
    target: '0 / 0',
    pass: watcher.received >= committed && watcher.outOfOrder === 0,
  });
}

/** A burst of `burst` events committed at once, then one more: its commit -> subscriber time. */
async function backlog(db: Firestore, pubsub: PubSub, keys: Keys, burst: number, wake: Wakes): Promise<void> {
  const topicName = `bench-backlog-${keys}`;
  await clearFirestore();
  const watcher = await Watcher.open(topicName);
  const prefix = PREFIX[keys][1];
  const applier = new CountApplier(db, { defaultThreshold: 1 });
  // The SKUs exist first (written directly, no events), so the burst is one event per change.
  const seededAt = Timestamp.now();
  for (let i = 0; i <= burst; i += 500) {
    const b = db.batch();
    for (let k = i; k < Math.min(burst + 1, i + 500); k++) {
      const sku = k === burst ? `${prefix}-new` : `${prefix}-${k}`;
      const st = emptyState(sku, 1);
      st.locations['wh-01'] = { onHand: 5, wmsOnHand: 5, seq: 0, syncedAt: seededAt.toMillis() };
      b.set(db.collection('inventory').doc(sku), stockDoc(st, 1, seededAt));
    }
    await b.commit();
  }
  // The burst is committed before the relay starts (a start-up backlog), in chunks of 2,000.
  for (let i = 0; i < burst; i += 2000) {
    await applier.apply(new Map(Array.from({ length: Math.min(2000, burst - i) }, (_, k) => [`${prefix}-${i + k}`, change(`${prefix}-${i + k}`, 10, 1)])), 'bench');
  }
  const t0 = Date.now();
  const relay = await Relay.start(keys, topicName, `bench-${prefix}`, 240_000, wake);
  const marker = `${prefix}-new`;
  watcher.watch(marker);
  await applier.apply(new Map([[marker, change(marker, 10, 1)]]), 'bench');
  const committedAt = Date.now();
  const end = Date.now() + 240_000;
  while (watcher.arrivedAt(marker) === undefined && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  const drained = (Date.now() - t0) / 1000;
  await relay.stop();
  await watcher.close();
  const arrived = watcher.arrivedAt(marker);
  record({ scenario: 'events', metric: `${label(keys)}, ${WAKE_LABEL[wake]}: a new event behind a burst of ${burst.toLocaleString()}, commit -> subscriber`, value: arrived ? arrived - committedAt : NaN, unit: `ms (the burst and it drained in ${drained.toFixed(1)} s, ${watcher.received.toLocaleString()} received, ${watcher.outOfOrder} out of order)` });
}

export async function eventsBench(db: Firestore, ceil: Ceiling): Promise<void> {
  // A comma list runs the sustained scenario at each rate (where p99 <= 1 s holds on this machine).
  const rates = (process.env.BENCH_EVENTS_RATES ?? '1500').split(',').filter(Boolean).map(Number);
  const rate = rates[0]!;
  const seconds = Number(process.env.BENCH_EVENTS_SECONDS ?? 60);
  const warmup = Number(process.env.BENCH_EVENTS_WARMUP ?? 40);
  console.log(`\n▶ events: commit -> outside subscriber through the relay, ${rate.toLocaleString()} changes/s for ${seconds} s; ordering key = SKU vs a shard of it (raw publish ceiling ${Math.round(ceil.publishPerSec).toLocaleString()} msgs/s)`);
  const pubsub = new PubSub({ projectId: process.env.GCLOUD_PROJECT });
  // The new design first: an order that does not favour it (the emulator slows as a session goes on).
  const batchings = (process.env.BENCH_EVENTS_BATCHINGS ?? [...KEYINGS].reverse().join(',')).split(',') as Keys[];
  const unknown = batchings.filter((k) => !['page', 'per-key', 'shards'].includes(k));
  if (unknown.length) throw new Error(`BENCH_EVENTS_BATCHINGS: unknown ${unknown.join(',')} (page, per-key, shards)`);
  const wakes = (process.env.BENCH_EVENTS_WAKES ?? 'poll').split(',') as Wakes[];
  const unknownWake = wakes.filter((w) => !(w in WAKE_LABEL));
  if (unknownWake.length) throw new Error(`BENCH_EVENTS_WAKES: unknown ${unknownWake.join(',')} (listener, poll)`);
  for (const wake of wakes) for (const keys of batchings) await sustained(db, pubsub, keys, rate, seconds, ceil, warmup, wake);
  for (const lower of rates.slice(1)) for (const wake of wakes) for (const keys of batchings) await sustained(db, pubsub, keys, lower, seconds, ceil, warmup, wake);
  for (const wake of wakes) for (const keys of batchings) await backlog(db, pubsub, keys, Number(process.env.BENCH_EVENTS_BURST ?? 10_000), wake);
  await pubsub.close();
}
