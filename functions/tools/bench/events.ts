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
import { PubSub, Message, Subscription } from '@google-cloud/pubsub';
import { CountApplier } from '../../src/stock/count-applier';
import { LocationChange } from '../../src/domain/sequence';
import { PubSubEventPublisher } from '../../src/adapters/pubsub-publisher';
import { runPublisherShift } from '../../src/events/publisher-loop';
import { Ceiling } from './ceiling';
import { percentile, record } from './lib';

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
const publisherFor = (pubsub: PubSub, topicName: string, k: Keys) => new PubSubEventPublisher(pubsub, topicName, k === 'shards' ? 'page' : k, undefined, k === 'shards' ? SHARDS : 0);
const PREFIX: Record<Keys, [string, string]> = { page: ['EVP', 'BLP'], 'per-key': ['EVK', 'BLK'], shards: ['EVS', 'BLS'] };

/** Each run starts from an empty database, so neither inherits the other's log. */
async function clearFirestore(): Promise<void> {
  await fetch(`http://${process.env.FIRESTORE_EMULATOR_HOST}/emulator/v1/projects/${process.env.GCLOUD_PROJECT}/databases/(default)/documents`, { method: 'DELETE' });
}

/** An outside subscriber (one streaming pull, ordered delivery): lag per event, order per SKU, duplicates. */
class Watcher {
  /** [arrival, lag, commit time] per event: the warm-up's events told apart, and BENCH_EVENTS_VERBOSE's timeline. */
  timeline: [number, number, number][] = [];
  received = 0;
  outOfOrder = 0;
  duplicates = 0;
  private lastSeq = new Map<string, string>();
  private seen = new Set<string>();
  private arrivals = new Map<string, number>();
  private constructor(private readonly sub: Subscription) {
    sub.on('message', (m: Message) => {
      const e = JSON.parse(m.data.toString()) as { id: string; subject: string; sequence: string; time: string };
      m.ack();
      // A redelivery (a late ack under load) is a duplicate, not disorder: consumers drop it by id.
      if (this.seen.has(e.id)) {
        this.duplicates++;
        return;
      }
      this.seen.add(e.id);
      this.arrivals.set(e.subject, Date.now());
      this.timeline.push([Date.now(), Date.now() - Date.parse(e.time), Date.parse(e.time)]);
      if ((this.lastSeq.get(e.subject) ?? '') > e.sequence) this.outOfOrder++;
      this.lastSeq.set(e.subject, e.sequence);
      this.received++;
    });
  }

  static async open(pubsub: PubSub, topicName: string): Promise<Watcher> {
    const [topic] = await pubsub.topic(topicName).get({ autoCreate: true });
    const [created] = await topic.createSubscription(`bench-sub-${Date.now()}`, { enableMessageOrdering: true });
    return new Watcher(pubsub.subscription(created.name, { streamingOptions: { maxStreams: 1 }, flowControl: { maxMessages: 5000 } }));
  }

  arrivedAt(sku: string): number | undefined {
    return this.arrivals.get(sku);
  }

  async until(n: number, ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (this.received < n && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  }

  async close(): Promise<void> {
    await this.sub.close();
    await this.sub.delete().catch(() => undefined);
  }
}

const change = (sku: string, onHand: number, seq: number): LocationChange[] => [{ sku, locationId: 'wh-01', onHand, seq, updatedAt: Date.now(), deleted: false }];

async function eventCount(db: Firestore): Promise<number> {
  return (await db.collection('inventoryEvents').count().get()).data().count;
}

/**
 * `rate` changes/s for `warmup` + `seconds` s, paced every 100 ms; the relay publishing meanwhile.
 * The figures are the events committed after the warm-up: over the first 15-28 s of load after
 * the emulators start (measured per 5 s, BENCH_EVENTS_VERBOSE=1) the lag is p99 2-5 s, then under
 * 1 s from there on, whatever the outbox design: the emulators' JIT and the clients' connections,
 * which a deployment's always-on Firestore and Pub/Sub, and a relay already running when traffic
 * comes, do not go through. The warm-up's own figures are recorded too.
 */
async function sustained(db: Firestore, pubsub: PubSub, keys: Keys, rate: number, seconds: number, ceil: Ceiling, warmup: number): Promise<void> {
  const project = process.env.GCLOUD_PROJECT!;
  const topicName = `bench-events-${keys}`;
  await clearFirestore();
  const watcher = await Watcher.open(pubsub, topicName);
  const before = await eventCount(db);
  const prefix = PREFIX[keys][0];
  const SKUS = 3000;
  const applier = new CountApplier(db, { defaultThreshold: 1 });
  const abort = new AbortController();
  const loop = runPublisherShift(db, publisherFor(pubsub, topicName, keys), project, { owner: `bench-${prefix}`, holdMs: Infinity, lifeMs: (warmup + seconds + 60) * 1000, intervalMs: 250, signal: abort.signal });
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
      await applier.apply(changes, 'bench');
      sent += due;
    }
    round++;
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + round * 100 - Date.now())));
  }
  const committed = (await eventCount(db)) - before;
  await watcher.until(committed, 60_000);
  const elapsed = (Date.now() - from) / 1000;
  abort.abort();
  await loop.catch(() => undefined);
  await watcher.close();
  if (process.env.BENCH_EVENTS_VERBOSE) {
    // Lag p50 / p99 per 5 s of arrivals: where in the run the tail comes from.
    for (let w = t0; w < Date.now(); w += 5000) {
      const lags = watcher.timeline.filter(([at]) => at >= w && at < w + 5000).map(([, l]) => l);
      if (lags.length) console.log(`    +${Math.round((w - t0) / 1000)} s: ${lags.length} events, lag p50 ${Math.round(percentile(lags, 50))} ms, p99 ${Math.round(percentile(lags, 99))} ms`);
    }
  }
  const tag = `${label(keys)}, ${rate.toLocaleString()}/s x ${seconds} s`;
  const measured = watcher.timeline.filter(([, , at]) => at >= from).map(([, lag]) => lag);
  const warm = watcher.timeline.filter(([, , at]) => at < from).map(([, lag]) => lag);
  const perSec = measured.length / elapsed;
  if (warmup) record({ scenario: 'events', metric: `${tag}: the ${warmup} s before (warm-up, not in the figures below): lag p50 / p99`, value: percentile(warm, 50), unit: `ms / ${Math.round(percentile(warm, 99))} ms (${warm.length.toLocaleString()} events)` });
  record({ scenario: 'events', metric: `${tag}: delivered (${measured.length.toLocaleString()} events)`, value: perSec, unit: 'events/s', baseline: 'ceiling publish', ratio: perSec / ceil.publishPerSec });
  record({ scenario: 'events', metric: `${tag}: lag p50 (commit -> subscriber)`, value: percentile(measured, 50), unit: 'ms' });
  const p99 = percentile(measured, 99);
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
async function backlog(db: Firestore, pubsub: PubSub, keys: Keys, burst: number): Promise<void> {
  const project = process.env.GCLOUD_PROJECT!;
  const topicName = `bench-backlog-${keys}`;
  await clearFirestore();
  const watcher = await Watcher.open(pubsub, topicName);
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
  const abort = new AbortController();
  const t0 = Date.now();
  const loop = runPublisherShift(db, publisherFor(pubsub, topicName, keys), project, { owner: `bench-${prefix}`, holdMs: Infinity, lifeMs: 240_000, intervalMs: 250, signal: abort.signal });
  const marker = `${prefix}-new`;
  await applier.apply(new Map([[marker, change(marker, 10, 1)]]), 'bench');
  const committedAt = Date.now();
  const end = Date.now() + 240_000;
  while (watcher.arrivedAt(marker) === undefined && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  const drained = (Date.now() - t0) / 1000;
  abort.abort();
  await loop.catch(() => undefined);
  await watcher.close();
  const arrived = watcher.arrivedAt(marker);
  record({ scenario: 'events', metric: `${label(keys)}: a new event behind a burst of ${burst.toLocaleString()}, commit -> subscriber`, value: arrived ? arrived - committedAt : NaN, unit: `ms (the burst and it drained in ${drained.toFixed(1)} s, ${watcher.received.toLocaleString()} received, ${watcher.outOfOrder} out of order)` });
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
  for (const keys of batchings) await sustained(db, pubsub, keys, rate, seconds, ceil, warmup);
  for (const lower of rates.slice(1)) for (const keys of batchings) await sustained(db, pubsub, keys, lower, seconds, ceil, warmup);
  for (const keys of batchings) await backlog(db, pubsub, keys, Number(process.env.BENCH_EVENTS_BURST ?? 10_000));
  await pubsub.close();
}
