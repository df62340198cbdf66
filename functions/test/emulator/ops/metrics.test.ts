/**
 * Metrics end to end: recorded through the OpenTelemetry API by the real use cases, exported by
 * the Firestore exporter, served as Prometheus text by the Functions emulator's `api` (operators).
 */
import assert from 'node:assert/strict';
import { adminDb, clearFirestore, PROJECT_ID } from '../helpers';
import { makeService, seedStock } from '../checkout-fixtures';
import { CountApplier } from '../../../src/stock/count-applier';
import { flushMetrics, startMetrics } from '../../../src/adapters/metrics';
import { emulatorIdToken } from '../../../tools/auth-emulator';
import { ApiContract } from '../api-contract';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** Every answer these tests get is also checked against docs/openapi.json. */
const fetch = new ApiContract().asFetch();

const db = adminDb();
const API = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;

describe('metrics (emulator)', function () {
  this.timeout(60_000);
  before(async () => {
    await clearFirestore();
    startMetrics(db, { exportIntervalMs: 60_000 });
  });

  it('records sync lag, holds and refused oversells, and serves the totals as Prometheus text to operators', async () => {
    await seedStock(db, { A: 3 });
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    // A WMS change 2.5 s old when it commits.
    await applier.apply(new Map([['A', [{ sku: 'A', locationId: 'wh-01', onHand: 4, seq: 2, updatedAt: Date.now() - 2500, deleted: false }]]]), 'wms', { oldestUpdatedAt: new Map([['A', Date.now() - 2500]]) });
    const { service } = makeService(db, 'm');
    await service.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'A', quantity: 2 }] });
    await assert.rejects(service.reserveCart('u2', { cartId: 'c2', items: [{ sku: 'A', quantity: 3 }] }));
    await flushMetrics();

    const minute = (await db.collection('metrics').where('minute', '>', new Date(Date.now() - 120_000)).get()).docs;
    assert.ok(minute.length >= 1, 'a per-minute document for the charts');
    assert.equal((await fetch(`${API}/v1/metrics`)).status, 401);
    const olga = await emulatorIdToken('olga-metrics', { admin: true });
    const res = await fetch(`${API}/v1/metrics`, { headers: { authorization: `Bearer ${olga}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain;.*version=0\.0\.4/);
    const text = await res.text();
    const value = (line: string) => Number(text.split('\n').find((l) => l.startsWith(`${line} `))?.split(' ')[1]);
    assert.equal(value('stock_sync_latency_seconds_count{source="wms"}'), 1, text);
    assert.equal(value('stock_sync_latency_seconds_bucket{source="wms",le="2"}'), 0);
    assert.equal(value('stock_sync_latency_seconds_bucket{source="wms",le="5"}'), 1, 'a 2.5 s lag');
    assert.equal(value('stock_holds_total{outcome="held"}'), 1);
    assert.equal(value('stock_holds_total{outcome="insufficient"}'), 1);
    assert.equal(value('stock_oversell_refused_total'), 1);
  });

  it('serves counters and histograms that never go down while traffic runs, read by a third-party Prometheus parser', async () => {
    await seedStock(db, { B: 1000 });
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    const { service } = makeService(db, 'mc');
    const olga = await emulatorIdToken('olga-metrics', { admin: true });
    /** Every counter series as `name{labels}` -> value, and every histogram bucket. */
    const scrape = async () => {
      const res = await fetch(`${API}/v1/metrics`, { headers: { authorization: `Bearer ${olga}` } });
      assert.equal(res.status, 200);
      const out = new Map<string, number>();
      for (const f of parsePrometheusTextFormat(await res.text())) {
        for (const m of f.metrics) {
          const key = `${f.name}${JSON.stringify(m.labels ?? {})}`;
          if (f.type === 'COUNTER') out.set(key, Number(m.value));
          // This parser merges a histogram's series into one bucket map (labels dropped), so the
          // test keeps one series per histogram; the +Inf bucket is its count.
          if (f.type === 'HISTOGRAM') for (const [le, c] of Object.entries(m.buckets ?? {})) out.set(`${f.name}_bucket{le=${le}}`, Number(c));
        }
      }
      return out;
    };
    let before = await scrape();
    // Exports that carry only counters (holds) and exports that carry only a histogram (sync lag),
    // alternating over the shards: neither kind may take anything from the other.
    for (let round = 0; round < 12; round++) {
      if (round % 2) await service.reserveCart(`mc-${round}`, { cartId: `mc-${round}`, items: [{ sku: 'B', quantity: 1 }] });
      else await applier.apply(new Map([['B', [{ sku: 'B', locationId: 'wh-01', onHand: 1000 + round, seq: 10 + round, updatedAt: Date.now() - 700, deleted: false }]]]), 'wms', { oldestUpdatedAt: new Map([['B', Date.now() - 700]]) });
      await flushMetrics();
      const after = await scrape();
      for (const [series, v] of before) assert.ok((after.get(series) ?? 0) >= v, `round ${round}: ${series} went from ${v} to ${after.get(series)}`);
      before = after;
    }
    assert.equal(before.get('stock_holds_total{"outcome":"held"}'), 1 + 6, 'every hold counted once');
    assert.equal(before.get('stock_sync_latency_seconds_bucket{le=+Inf}'), 1 + 6, 'every apply observed once');
  });
});
