import assert from 'node:assert/strict';
import { labelKey, prometheusText } from '../../../src/adapters/metrics';
import { histogramQuantile, sumTotals } from '../../../src/domain/metric-totals';

describe('adapters/metrics', () => {
  it('keys label sets stably', () => {
    assert.equal(labelKey({ b: 'y', a: 'x' }), 'a=x,b=y');
    assert.equal(labelKey({}), '-');
  });

  it('renders the running totals as Prometheus text, histograms with cumulative buckets', () => {
    const text = prometheusText({
      counters: { stock_holds_total: { 'outcome=held': 3, 'outcome=insufficient': 1 }, stock_oversell_refused_total: { '-': 1 } },
      gauges: { stock_discrepancy_rate: { 'source=reconciliation': 0.01 } },
      histograms: { stock_sync_latency_seconds: { 'source=wms': { count: 4, sum: 5.5, buckets: { '0': 1, '2': 2, '9': 1 } } } },
      bounds: { stock_sync_latency_seconds: [0.5, 1, 2, 5, 10, 30, 60, 300, 600] },
    });
    const lines = text.trim().split('\n');
    assert.ok(lines.includes('# TYPE stock_holds_total counter'));
    assert.ok(lines.includes('stock_holds_total{outcome="held"} 3'));
    assert.ok(lines.includes('stock_oversell_refused_total 1'));
    assert.ok(lines.includes('# TYPE stock_discrepancy_rate gauge'));
    assert.ok(lines.includes('stock_discrepancy_rate{source="reconciliation"} 0.01'));
    assert.ok(lines.includes('# TYPE stock_sync_latency_seconds histogram'));
    assert.ok(lines.includes('stock_sync_latency_seconds_bucket{source="wms",le="0.5"} 1'));
    assert.ok(lines.includes('stock_sync_latency_seconds_bucket{source="wms",le="2"} 3'));
    assert.ok(lines.includes('stock_sync_latency_seconds_bucket{source="wms",le="600"} 3'), 'the last bucket (index 9) is the overflow: only +Inf counts it');
    assert.ok(lines.includes('stock_sync_latency_seconds_bucket{source="wms",le="+Inf"} 4'));
    assert.ok(lines.includes('stock_sync_latency_seconds_sum{source="wms"} 5.5'));
    assert.ok(lines.includes('stock_sync_latency_seconds_count{source="wms"} 4'));
  });
});

describe('adapters/metrics shards', () => {
  it('sums the totals of every shard: counters and histograms add up, bounds and gauges carry over', () => {
    const t = sumTotals([
      { counters: { c: { '-': 2 } }, histograms: { h: { 'source=wms': { count: 1, sum: 0.4, buckets: { '0': 1 } } } }, bounds: { h: [0.5, 1] } },
      { counters: { c: { '-': 3 } }, histograms: { h: { 'source=wms': { count: 2, sum: 1.6, buckets: { '0': 1, '1': 1 } } } }, gauges: { g: { '-': 0.1 } } },
    ]);
    assert.deepEqual(t.counters, { c: { '-': 5 } });
    assert.deepEqual(t.histograms, { h: { 'source=wms': { count: 3, sum: 2, buckets: { '0': 2, '1': 1 } } } });
    assert.deepEqual([t.bounds, t.gauges], [{ h: [0.5, 1] }, { g: { '-': 0.1 } }]);
  });

  it('reads a quantile from the buckets of every series (what the dashboard charts as the sync lag p95)', () => {
    const t = sumTotals([
      { histograms: { h: { 'source=wms': { count: 90, sum: 40, buckets: { '0': 90 } } } }, bounds: { h: [0.5, 1, 5] } },
      { histograms: { h: { 'source=push': { count: 10, sum: 30, buckets: { '2': 8, '3': 2 } } } } },
    ]);
    assert.equal(histogramQuantile(t, 'h', 0.5), 0.5);
    assert.equal(histogramQuantile(t, 'h', 0.95), 5);
    assert.equal(histogramQuantile(t, 'h', 1), 5, 'in +Inf: the last finite bound');
    assert.equal(histogramQuantile(t, 'none', 0.95), null);
  });
});
