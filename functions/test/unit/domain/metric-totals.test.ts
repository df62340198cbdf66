import assert from 'node:assert/strict';
import { histogramQuantile, sumTotals } from '../../../src/domain/metric-totals';

describe('domain/metric-totals', () => {
  it('shards add up: counters and histograms sum, a gauge is the latest shard’s', () => {
    const t = sumTotals([
      { counters: { holds: { held: 2 } }, gauges: { lag: { wms: 5 } }, histograms: { lat: { x: { count: 2, sum: 3, buckets: { '0': 1, '1': 1 } } } }, bounds: { lat: [1, 2, 4] } },
      { counters: { holds: { held: 3, refused: 1 } }, gauges: { lag: { wms: 7 } }, histograms: { lat: { x: { count: 1, sum: 4, buckets: { '2': 1 } } } } },
    ]);
    assert.deepEqual(t.counters, { holds: { held: 5, refused: 1 } });
    assert.deepEqual(t.gauges, { lag: { wms: 7 } });
    assert.deepEqual(t.histograms.lat!.x, { count: 3, sum: 7, buckets: { '0': 1, '1': 1, '2': 1 } });
    assert.deepEqual(t.bounds, { lat: [1, 2, 4] });
  });

  it('a quantile is the upper bound of its bucket; none without observations', () => {
    const t = { bounds: { lat: [1, 2, 4] }, histograms: { lat: { a: { count: 4, sum: 0, buckets: { '0': 2, '1': 1 } }, b: { count: 1, sum: 0, buckets: { '2': 1 } } } } };
    assert.equal(histogramQuantile(t, 'lat', 0.4), 1);
    assert.equal(histogramQuantile(t, 'lat', 0.6), 2);
    assert.equal(histogramQuantile(t, 'lat', 0.99), 4, 'the +Inf bucket reads as the last finite bound');
    assert.equal(histogramQuantile(t, 'none', 0.5), null);
  });
});
