import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { burnRate, countSli, parseLabelKey, SLOS, sloStatus } from '../../../src/domain/slo';
import { DELIVERY_BUCKETS, LAG_BUCKETS } from '../../../src/adapters/metrics';
import { Totals } from '../../../src/domain/metric-totals';

const SRC = path.resolve(__dirname, '../../../src');
const slo = (id: string) => SLOS.find((s) => s.id === id)!;

describe('domain/slo', () => {
  it('each SLO is over a metric the code exports, with labels it records, and latency thresholds on a bucket bound', () => {
    const metrics = readFileSync(path.join(SRC, 'adapters/metrics.ts'), 'utf8');
    const recorders = ['triggers/http/router.ts', 'triggers/errors.ts', 'stock/count-applier.ts', 'events/dispatcher.ts'].map((f) => readFileSync(path.join(SRC, f), 'utf8')).join('\n');
    const bounds: Record<string, number[]> = { stock_sync_latency_seconds: LAG_BUCKETS, stock_event_delivery_seconds: DELIVERY_BUCKETS };
    assert.deepEqual(SLOS.map((s) => s.goal), [0.999, 0.99, 0.99]);
    for (const s of SLOS) {
      assert.ok(metrics.includes(`'${s.sli.metric}'`), `${s.id}: the code exports no ${s.sli.metric}`);
      const labels = s.sli.kind === 'ratio' ? { ...s.sli.total, ...s.sli.good } : s.sli.labels;
      for (const k of Object.keys(labels)) assert.match(recorders, new RegExp(`\\b${k}:`), `${s.id}: nothing records the label ${k}`);
      if (s.sli.kind === 'latency') assert.ok(bounds[s.sli.metric]!.includes(s.sli.thresholdSeconds), `${s.id}: ${s.sli.thresholdSeconds} s is a bucket bound`);
    }
  });

  it('availability over a synthetic history: 2,000 requests with 1 failure spend half the 99.9% budget', () => {
    const totals: Totals = {
      counters: {
        stock_requests_total: { 'outcome=ok,surface=read': 1500, 'outcome=error,surface=read': 1, 'outcome=ok,surface=checkout': 499, 'outcome=error,surface=other': 50 },
      },
    };
    const hour: Totals = { counters: { stock_requests_total: { 'outcome=ok,surface=checkout': 98, 'outcome=error,surface=checkout': 2 } } };
    const s = sloStatus(slo('read-and-checkout-availability'), totals, hour);
    assert.deepEqual([s.good, s.total], [1999, 2000]);
    assert.equal(s.sli, 0.9995);
    assert.ok(Math.abs(s.budgetLeft - 0.5) < 1e-9, `${s.budgetLeft}`);
    assert.ok(Math.abs(s.burnRateLastHour! - 20) < 1e-9, 'a 2% error rate burns 20x a 99.9% objective');
  });

  it('freshness over a synthetic history: only WMS changes, counted up to the 10 s bucket', () => {
    const i10 = LAG_BUCKETS.indexOf(10);
    const buckets = Object.fromEntries(LAG_BUCKETS.map((_, i) => [String(i), i <= i10 ? 100 : 1]).concat([[String(LAG_BUCKETS.length), 1]]));
    const totals: Totals = {
      bounds: { stock_sync_latency_seconds: LAG_BUCKETS },
      histograms: { stock_sync_latency_seconds: { 'source=wms': { count: 100 * (i10 + 1) + (LAG_BUCKETS.length - i10), sum: 0, buckets }, 'source=v-aurora': { count: 999, sum: 0, buckets: { [String(LAG_BUCKETS.length)]: 999 } } } },
    };
    const c = countSli(slo('wms-change-freshness').sli, totals);
    assert.deepEqual(c, { good: 500, total: 505 });
    const s = sloStatus(slo('wms-change-freshness'), totals, {});
    assert.ok(Math.abs(s.budgetLeft - (1 - 5 / 505 / 0.01)) < 1e-9);
    assert.equal(s.burnRateLastHour, null, 'no events in the last hour: no burn rate');
  });

  it('no events: the budget is untouched; overspent budgets go below 0', () => {
    assert.equal(sloStatus(slo('event-delivery'), {}, {}).budgetLeft, 1);
    assert.ok(Math.abs(burnRate(0.99, { good: 90, total: 100 })! - 10) < 1e-9);
    const s = sloStatus(slo('event-delivery'), { bounds: { stock_event_delivery_seconds: DELIVERY_BUCKETS }, histograms: { stock_event_delivery_seconds: { '-': { count: 100, sum: 0, buckets: { '0': 90, '8': 10 } } } } }, {});
    assert.ok(Math.abs(s.budgetLeft - -9) < 1e-9);
    assert.deepEqual(parseLabelKey('a=1,b=x=y'), { a: '1', b: 'x=y' });
    assert.deepEqual(parseLabelKey('-'), {});
  });
});
