/**
 * The arithmetic of stored metrics (adapters/metrics.ts writes them, sharded): summing a minute's
 * or the running totals' shards, and reading a quantile from a histogram's buckets. Pure, so the
 * `GET /v1/metrics` route and the dashboard's charts share it.
 */
export interface HistogramTotals {
  count: number;
  sum: number;
  /** Counts per bucket index (`bounds[i]` is bucket i's upper bound; the last is +Inf). */
  buckets?: Record<string, number>;
}

export interface Totals {
  counters?: Record<string, Record<string, number>>;
  histograms?: Record<string, Record<string, HistogramTotals>>;
  gauges?: Record<string, Record<string, number>>;
  bounds?: Record<string, number[]>;
}

/** Shards summed: counters and histograms add up; a gauge is a last value, the latest shard's. */
export function sumTotals(shards: readonly Totals[]): Required<Totals> {
  const out: Required<Totals> = { counters: {}, histograms: {}, gauges: {}, bounds: {} };
  for (const s of shards) {
    for (const [n, series] of Object.entries(s.counters ?? {})) for (const [k, v] of Object.entries(series)) (out.counters[n] ??= {})[k] = (out.counters[n][k] ?? 0) + v;
    for (const [n, series] of Object.entries(s.gauges ?? {})) for (const [k, v] of Object.entries(series)) (out.gauges[n] ??= {})[k] = v;
    for (const [n, b] of Object.entries(s.bounds ?? {})) out.bounds[n] = b;
    for (const [n, series] of Object.entries(s.histograms ?? {})) {
      for (const [k, h] of Object.entries(series)) {
        const into = ((out.histograms[n] ??= {})[k] ??= { count: 0, sum: 0, buckets: {} });
        into.count += h.count;
        into.sum += h.sum ?? 0;
        for (const [i, c] of Object.entries(h.buckets ?? {})) into.buckets![i] = (into.buckets![i] ?? 0) + c;
      }
    }
  }
  return out;
}

/**
 * The `q` quantile of histogram `name` over all its series, as the upper bound of the bucket it
 * falls in (null without observations; the last finite bound when it falls in +Inf).
 */
export function histogramQuantile(t: Totals, name: string, q: number): number | null {
  const series = Object.values(t.histograms?.[name] ?? {});
  const bounds = t.bounds?.[name] ?? [];
  const count = series.reduce((n, h) => n + h.count, 0);
  if (!count) return null;
  let seen = 0;
  for (let i = 0; i < bounds.length; i++) {
    seen += series.reduce((n, h) => n + (h.buckets?.[String(i)] ?? 0), 0);
    if (seen >= q * count) return bounds[i]!;
  }
  return bounds[bounds.length - 1] ?? null;
}
