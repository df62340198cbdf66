/**
 * Traces across every hop, as deployed: a push to the Functions emulator's `api` with a W3C
 * `traceparent`, its job and Pub/Sub message, the worker, the commit, the outbox entry, the relay's
 * publish (here, in this process), the CloudEvent and the `onInventoryEvent` consumers. Every span
 * must share the push's trace id and hang from the right parent.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PubSub } from '@google-cloud/pubsub';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { adminDb, call, clearFirestore, PROJECT_ID, waitFor } from '../helpers';
import { post, row } from '../triggers/api-fixtures';
import { seedStock } from '../checkout-fixtures';
import { flushTraces, readTrace, startTracing, stopTracing, StoredSpan, sampledCarrier, inSpan } from '../../../src/adapters/tracing';
import { EVENTS_TOPIC, PubSubEventPublisher } from '../../../src/adapters/pubsub-publisher';
import { publishPending } from '../../../src/events/publisher';
import { outboxEntries } from '../../../src/stock/outbox';
import { CountApplier } from '../../../src/stock/count-applier';
import { startWms } from '../sync/sync-world';
import { runSyncCycle } from '../../../src/sync/sync-cycle';
import { emulatorIdToken } from '../../../tools/auth-emulator';
import { ApiContract } from '../api-contract';

const db = adminDb();
const fetch = new ApiContract().asFetch();
const API = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Each span's parent, by name: the tree of one trace as names (`a <- b`: b's parent is a). */
function edges(spans: StoredSpan[], external: string): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return [...new Set(spans.map((s) => `${s.parentSpanId === external ? '(caller)' : (byId.get(s.parentSpanId ?? '')?.name ?? `(missing ${s.parentSpanId})`)} <- ${s.name}`))].sort();
}

describe('adapters/tracing: one change followed end to end (emulator)', function () {
  this.timeout(90_000);
  before(() => startTracing(db, { samplePercent: 100 }));
  after(() => stopTracing());
  beforeEach(async () => {
    await clearFirestore();
  });

  it('a queued push: HTTP -> job message -> worker -> commit -> outbox -> publish -> CloudEvent -> every consumer, one trace', async () => {
    await db.doc('products/TR-1').set({ name: 'Traced' });
    const traceId = hex(16);
    const caller = hex(8);
    const body = JSON.stringify({ source: 'erp', batchId: `tr-${hex(4)}`, updates: [row('TR-1', 0, 1)] });
    const r = await post(body, { headers: { traceparent: `00-${traceId}-${caller}-01`, prefer: 'respond-async' } });
    assert.equal(r.status, 202);
    assert.equal(r.body.state, 'queued');
    const job = await waitFor(async () => {
      const d = (await db.doc(`ingestJobs/${r.body.jobId as string}`).get()).data();
      return d?.state === 'done' && d;
    }, 45_000, 200);
    assert.equal(job.trace.traceId, traceId, 'the job names its trace');
    const outbox = (await db.collection('eventOutbox').get()).docs.flatMap((d) => outboxEntries(d.data())).filter((e) => e.sku === 'TR-1');
    assert.ok(outbox.length >= 1 && outbox.every((d) => d.trace?.traceId === traceId), 'the outbox entries carry the commit\'s trace');

    // The relay (in this process, as publishEvents runs it) publishes with the trace on each CloudEvent.
    await publishPending(db, new PubSubEventPublisher(new PubSub({ projectId: PROJECT_ID }), EVENTS_TOPIC), PROJECT_ID);
    await flushTraces();
    const spans = await waitFor(async () => {
      const s = await readTrace(db, traceId);
      return s.filter((x) => x.name.startsWith('consumer.')).length >= 5 * outbox.length && s;
    }, 45_000, 300);
    assert.ok(spans.every((s) => s.traceId === traceId));
    assert.deepEqual(edges(spans, caller), [
      '(caller) <- HTTP POST /v1/inventory/sync',
      'HTTP POST /v1/inventory/sync <- ingest.job',
      'events.consume <- consumer.alerts',
      'events.consume <- consumer.backInStock',
      'events.consume <- consumer.cover',
      'events.consume <- consumer.holds',
      'events.consume <- consumer.sales',
      'events.publish <- events.consume',
      'ingest.apply <- stock.commit',
      'ingest.job <- ingest.apply',
      'stock.commit <- events.publish',
    ]);
    const http = spans.find((s) => s.name === 'HTTP POST /v1/inventory/sync')!;
    assert.equal(http.attributes['http.response.status_code'], 202);
    assert.ok(spans.every((s) => s.endMs >= s.startMs));

    // The waterfall's source, for operators.
    const olga = await emulatorIdToken('olga-trace', { admin: true });
    const res = await fetch(`${API}/v1/traces/${traceId}`, { headers: { authorization: `Bearer ${olga}` } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { spans: unknown[] }).spans.length, spans.length);
    assert.equal((await fetch(`${API}/v1/traces/${hex(16)}`, { headers: { authorization: `Bearer ${olga}` } })).status, 404);
    assert.equal((await fetch(`${API}/v1/traces/nope`, { headers: { authorization: `Bearer ${olga}` } })).status, 400);
  });

  it('a small push applied in the request, and a callable, continue the caller\'s trace', async () => {
    await db.doc('products/TR-2').set({ name: 'Traced inline' });
    const traceId = hex(16);
    const caller = hex(8);
    const r = await post(JSON.stringify({ source: 'erp', batchId: `tr-${hex(4)}`, updates: [row('TR-2', 3, 1)] }), { headers: { traceparent: `00-${traceId}-${caller}-01` } });
    assert.equal(r.body.state, 'done');
    const spans = await waitFor(async () => {
      const s = await readTrace(db, traceId);
      return s.some((x) => x.name === 'stock.commit') && s;
    }, 20_000, 200);
    assert.deepEqual(edges(spans, caller), ['(caller) <- HTTP POST /v1/inventory/sync', 'HTTP POST /v1/inventory/sync <- ingest.apply', 'ingest.apply <- stock.commit']);

    await seedStock(db, { TRC: 5 });
    const callTrace = hex(16);
    const alice = await emulatorIdToken('alice-trace');
    const held = await call('reserveCart', { cartId: 'c-trace', items: [{ sku: 'TRC', quantity: 1 }] }, alice, { traceparent: `00-${callTrace}-${caller}-01` });
    assert.ok(held.result, JSON.stringify(held.error));
    const callSpans = await waitFor(async () => {
      const s = await readTrace(db, callTrace);
      return s.length > 0 && s;
    }, 20_000, 200);
    assert.deepEqual(callSpans.map((s) => [s.name, s.parentSpanId]), [['callable reserveCart', caller]]);
    const entries = (await db.collection('eventOutbox').get()).docs.flatMap((d) => outboxEntries(d.data())).filter((e) => e.sku === 'TRC');
    assert.ok(entries.length && entries.every((d) => d.trace?.traceId === callTrace), 'the hold\'s events carry the callable\'s trace');
  });

  it('a poll cycle is a root span with one child per chunk written; its events carry the cycle\'s trace', async () => {
    const { sim, deps } = await startWms(30, 2);
    try {
      await runSyncCycle(deps({ applier: new CountApplier(db, { defaultThreshold: 5, chunkSize: 10 }) }));
      await flushTraces();
      const cycle = await waitFor(async () => (await db.collection('traceSpans').where('name', '==', 'sync.cycle').get()).docs[0]?.data() as StoredSpan | undefined, 10_000, 100);
      assert.equal(cycle.parentSpanId, null, 'a root');
      assert.equal(cycle.attributes['sync.outcome'], 'synced');
      const spans = await readTrace(db, cycle.traceId);
      const commits = spans.filter((s) => s.name === 'stock.commit');
      assert.equal(commits.length, 3, '30 SKUs in chunks of 10');
      assert.ok(commits.every((s) => s.parentSpanId === cycle.spanId));
      const events = (await db.collection('inventoryEvents').limit(50).get()).docs.map((d) => d.data());
      assert.ok(events.length && events.every((e) => e.trace?.traceId === cycle.traceId));
    } finally {
      await sim.close();
    }
  });

  it('sampled at 50%: each trace is whole or absent (the child of an unsampled cycle starts no trace of its own); the context is tracked only while a sampled span runs', async () => {
    await stopTracing();
    const exporter = new InMemorySpanExporter();
    startTracing(db, { samplePercent: 50, exporter });
    try {
      const late: (string | undefined)[] = [];
      for (let i = 0; i < 40; i++) {
        await inSpan('cycle', { root: true }, async (cycle) => {
          await inSpan('chunk', {}, async (chunk) => {
            assert.equal(chunk.isRecording(), cycle.isRecording(), 'a chunk follows its cycle');
            assert.equal(sampledCarrier()?.traceId, cycle.isRecording() ? cycle.spanContext().traceId : undefined);
          });
          // Work the span leaves running after it settles: it no longer sees the span.
          if (cycle.isRecording()) setTimeout(() => late.push(trace.getSpan(context.active())?.spanContext().spanId), 30);
        });
      }
      await new Promise((r) => setTimeout(r, 100));
      await flushTraces();
      const spans = exporter.getFinishedSpans();
      const cycles = spans.filter((x) => x.name === 'cycle');
      const chunks = spans.filter((x) => x.name === 'chunk');
      assert.ok(cycles.length > 0 && cycles.length < 40, `${cycles.length} of 40 sampled`);
      assert.equal(chunks.length, cycles.length);
      const ids = new Set(cycles.map((c) => c.spanContext().spanId));
      assert.ok(chunks.every((c) => ids.has(c.parentSpanContext?.spanId ?? '')), 'every chunk hangs from its sampled cycle');
      assert.deepEqual(late, cycles.map(() => undefined), 'context tracking is off once no sampled span runs');
    } finally {
      await stopTracing();
      startTracing(db, { samplePercent: 100 });
    }
  });

  it('sampled at 0%: no spans, and nothing carries a trace', async () => {
    await stopTracing();
    startTracing(db, { samplePercent: 0 });
    try {
      await seedStock(db, { S0: 3 });
      await inSpan('root', { root: true }, async () => {
        assert.equal(sampledCarrier(), null);
        await new CountApplier(db, { defaultThreshold: 2 }).apply(new Map([['S0', [{ sku: 'S0', locationId: 'wh-01', onHand: 0, seq: 2, updatedAt: Date.now(), deleted: false }]]]), 'wms');
      });
      await flushTraces();
      assert.equal((await db.collection('traceSpans').count().get()).data().count, 0);
      const entries = (await db.collection('eventOutbox').get()).docs.flatMap((d) => outboxEntries(d.data()));
      assert.ok(entries.length && entries.every((d) => d.trace === undefined));
    } finally {
      await stopTracing();
      startTracing(db, { samplePercent: 100 });
    }
  });
});
