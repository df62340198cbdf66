/**
 * What tracing costs, A/B in one session (`npm run bench -- tracing`): the same work with tracing
 * off and at each `BENCH_TRACE_PERCENTS` sample share (default `off,10,100`: a second
 * `off` is the A/A control that shows the noise floor; 0 would be the tracer started with nothing
 * sampled), in alternating rounds (after one warm-up round) so every variant sees the same machine;
 * each figure is the median over `BENCH_TRACE_ROUNDS` rounds. The spans go
 * to the local exporter (Firestore), as under `npm start`; each round ends with the flush an
 * invocation makes, so the exporter's writes are in the figure.
 *
 * - sync: poll cycles' write path, `BENCH_TRACE_SKUS` (3,000) SKUs a round in `BENCH_TRACE_CYCLES`
 *   (10) cycles, each a root span (sampled or not, as a poll cycle is), chunks of 200 (a span
 *   each), one event per SKU (its outbox entry carries the trace when its cycle is sampled);
 * - events: the relay publishing those events (a publish span per traced event, the trace on each
 *   CloudEvent) until the outbox is empty.
 * Each is measured twice: as throughput (wall time, which the emulator's own pauses dominate here:
 * the A/A control moves by up to 20%), and as this process's CPU time per SKU and per event
 * (`process.cpuUsage`: what tracing adds to the function's own work, spans, context, the
 * exporter's encoding, separated from the emulator's, which runs in another process). CPU figures
 * are means over all rounds (all the CPU over all the SKUs or events): sampling makes some cycles
 * cost more than others, and the mean is what a deployment pays.
 */
import { Firestore } from 'firebase-admin/firestore';
import { PubSub } from '@google-cloud/pubsub';
import { CountApplier } from '../../src/stock/count-applier';
import { LocationChange } from '../../src/domain/sequence';
import { flushTraces, inSpan, startTracing, stopTracing } from '../../src/adapters/tracing';
import { PubSubEventPublisher } from '../../src/adapters/pubsub-publisher';
import { publishPending } from '../../src/events/publisher';
import { record } from './lib';

type Variant = 'off' | 'off-b' | number;
const label = (v: Variant) => (v === 'off' ? 'tracing off' : v === 'off-b' ? 'tracing off (A/A control)' : `tracing on, ${v}% sampled`);

async function configure(db: Firestore, v: Variant): Promise<void> {
  await stopTracing();
  if (typeof v === 'number') startTracing(db, { samplePercent: v });
}

function cpuMicros(a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): number {
  return b.user - a.user + (b.system - a.system);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export async function tracingBench(db: Firestore): Promise<void> {
  const variants: Variant[] = ['off', ...(process.env.BENCH_TRACE_PERCENTS ?? 'off,10,100').split(',').filter(Boolean).map((x) => (x === 'off' ? ('off-b' as const) : Number(x)))];
  const rounds = Number(process.env.BENCH_TRACE_ROUNDS ?? 10);
  const skus = Number(process.env.BENCH_TRACE_SKUS ?? 3000);
  const cycles = Number(process.env.BENCH_TRACE_CYCLES ?? 10);
  console.log(`\n▶ tracing: its cost on the sync's write path and the relay, ${variants.map(label).join(' / ')}, ${rounds} alternating rounds of ${skus.toLocaleString()} SKUs`);
  const project = process.env.GCLOUD_PROJECT!;
  const pubsub = new PubSub({ projectId: project });
  const publisher = new PubSubEventPublisher(pubsub, 'bench-tracing');
  const totals = new Map<Variant, { sync: number[]; relay: number[]; syncCpu: number[]; relayCpu: number[]; events: number; spans: number }>(variants.map((v) => [v, { sync: [], relay: [], syncCpu: [], relayCpu: [], events: 0, spans: 0 }]));
  let seq = 1;
  // Round -1 warms up (creates the SKUs' documents and the topic) and is not counted.
  for (let round = -1; round < rounds; round++) {
    // Rotate the order each round: no variant always goes first (the emulator slows as a session goes on).
    const order = round < 0 ? ['off' as Variant] : variants.map((_, i) => variants[(i + round) % variants.length]!);
    for (const v of order) {
      await configure(db, v);
      const applier = new CountApplier(db, { defaultThreshold: 1 });
      const changes = new Map<string, LocationChange[]>();
      seq++;
      for (let i = 0; i < skus; i++) {
        const sku = `TRB-${String(i).padStart(5, '0')}`;
        changes.set(sku, [{ sku, locationId: 'wh-01', onHand: 10 + (seq % 7), seq, updatedAt: Date.now(), deleted: false }]);
      }
      const spansBefore = (await db.collection('traceSpans').count().get()).data().count;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const all = [...changes];
      const per = Math.ceil(all.length / cycles);
      for (let i = 0; i < all.length; i += per) await inSpan('sync.cycle', { root: true }, () => applier.apply(new Map(all.slice(i, i + per)), 'bench'));
      await flushTraces();
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      let events = 0;
      for (let r = await publishPending(db, publisher, project, { limit: 200 }); r.published; r = await publishPending(db, publisher, project, { limit: 200 })) events += r.published;
      await flushTraces();
      const t2 = performance.now();
      const c2 = process.cpuUsage();
      if (process.env.BENCH_TRACE_VERBOSE) console.log(`    round ${round} ${label(v)}: sync ${Math.round(t1 - t0)} ms, relay ${Math.round(t2 - t1)} ms`);
      if (round < 0) continue;
      const t = totals.get(v)!;
      t.sync.push(skus / ((t1 - t0) / 1000));
      t.relay.push(events / ((t2 - t1) / 1000));
      t.syncCpu.push(cpuMicros(c0, c1));
      t.relayCpu.push(cpuMicros(c1, c2));
      t.events += events;
      t.spans += (await db.collection('traceSpans').count().get()).data().count - spansBefore;
    }
  }
  await stopTracing();
  await pubsub.close();
  const off = totals.get('off')!;
  // Medians of the rounds: one round in a few takes 2-4x as long whatever the variant (the emulator's pauses).
  const offSync = median(off.sync);
  const offRelay = median(off.relay);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const cpuPerSku = (t: { syncCpu: number[] }) => sum(t.syncCpu) / (skus * rounds);
  const cpuPerEvent = (t: { relayCpu: number[]; events: number }) => sum(t.relayCpu) / Math.max(1, t.events);
  const offSyncCpu = cpuPerSku(off);
  const offRelayCpu = cpuPerEvent(off);
  for (const v of variants) {
    const t = totals.get(v)!;
    const sync = median(t.sync);
    const relay = median(t.relay);
    const spans = `${Math.round(t.spans / rounds).toLocaleString()} spans a round`;
    if (v === 'off') {
      record({ scenario: 'tracing', metric: `sync write path, ${label(v)} (median of ${rounds} rounds)`, value: sync, unit: 'SKUs/s' });
      record({ scenario: 'tracing', metric: `relay, ${label(v)} (median of ${rounds} rounds)`, value: relay, unit: 'events/s' });
      record({ scenario: 'tracing', metric: `sync write path CPU, ${label(v)}`, value: offSyncCpu, unit: 'µs per SKU (this process, mean of all rounds)' });
      record({ scenario: 'tracing', metric: `relay CPU, ${label(v)}`, value: offRelayCpu, unit: 'µs per event (this process, mean of all rounds)' });
      continue;
    }
    const syncCpu = cpuPerSku(t);
    const relayCpu = cpuPerEvent(t);
    record({ scenario: 'tracing', metric: `sync write path CPU, ${label(v)}`, value: syncCpu, unit: 'µs per SKU (this process, mean of all rounds)', baseline: 'tracing off', ratio: syncCpu / offSyncCpu, target: 'cost < 5%', pass: syncCpu / offSyncCpu <= 1.05 });
    record({ scenario: 'tracing', metric: `relay CPU, ${label(v)}`, value: relayCpu, unit: 'µs per event (this process, mean of all rounds)', baseline: 'tracing off', ratio: relayCpu / offRelayCpu, target: 'cost < 5%', pass: relayCpu / offRelayCpu <= 1.05 });
    record({ scenario: 'tracing', metric: `sync write path, ${label(v)} (${spans})`, value: sync, unit: 'SKUs/s', baseline: 'tracing off', ratio: sync / offSync, target: 'cost < 5%', pass: sync / offSync >= 0.95 });
    record({ scenario: 'tracing', metric: `relay, ${label(v)}`, value: relay, unit: 'events/s', baseline: 'tracing off', ratio: relay / offRelay, target: 'cost < 5%', pass: relay / offRelay >= 0.95 });
  }
}
