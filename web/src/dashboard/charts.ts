import { collection, onSnapshot, orderBy, query, where, Timestamp } from 'firebase/firestore';
import { db, el } from '../firebase';
import { histogramQuantile, sumTotals, Totals } from '../../../functions/src/domain/metric-totals';

/**
 * The last hour, a point per minute, from the per-minute metrics documents (adapters/metrics.ts):
 * sync lag (p95 of stock_sync_latency_seconds, from its buckets), push -> commit p99 against its
 * alert threshold, events handled per second, and the last discrepancy rate.
 */
interface Minute extends Totals {
  minute: Timestamp;
}

/** `alertAbove`: the alert policy's threshold, drawn as a dashed line; the caption says when the last point is over it. */
function chart(id: string, title: string, unit: string, points: { t: number; v: number | null }[], alertAbove?: number): HTMLElement {
  const w = 320, h = 90, from = Date.now() - 3_600_000;
  const vals = points.filter((p) => p.v !== null) as { t: number; v: number }[];
  const max = Math.max(1e-9, alertAbove ?? 0, ...vals.map((p) => p.v));
  const xy = vals.map((p) => `${(((p.t - from) / 3_600_000) * w).toFixed(1)},${(h - (p.v / max) * (h - 10)).toFixed(1)}`).join(' ');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.setAttribute('data-testid', id);
  svg.setAttribute('data-points', String(vals.length));
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', xy);
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', 'currentColor');
  line.setAttribute('stroke-width', '2');
  svg.append(line);
  if (alertAbove !== undefined) {
    const y = (h - (alertAbove / max) * (h - 10)).toFixed(1);
    const rule = document.createElementNS('http://www.w3.org/2000/svg', 'line');
    for (const [k, v] of [['x1', '0'], ['x2', String(w)], ['y1', y], ['y2', y], ['stroke', 'crimson'], ['stroke-dasharray', '4 3']]) rule.setAttribute(k!, v!);
    svg.append(rule);
  }
  const last = vals[vals.length - 1];
  const over = alertAbove !== undefined && !!last && last.v > alertAbove;
  svg.setAttribute('data-over', String(over));
  const limit = alertAbove !== undefined ? `; alert above ${alertAbove} ${unit}${over ? ': OVER' : ''}` : '';
  return el('figure', over ? { class: 'over' } : {}, svg, el('figcaption', {}, `${title}: ${last ? `${+last.v.toFixed(3)} ${unit}` : 'no data'} (max ${vals.length ? +Math.max(...vals.map((p) => p.v)).toFixed(3) : 0}${limit})`));
}

export function mountCharts(): () => void {
  return onSnapshot(query(collection(db, 'metrics'), where('minute', '>=', Timestamp.fromMillis(Date.now() - 3_600_000)), orderBy('minute')), (s) => {
    // A minute is several documents (its shards): summed as the metrics route sums the totals.
    const shards = new Map<number, { minute: Timestamp; docs: Totals[] }>();
    for (const d of s.docs) {
      const m = d.data() as Minute;
      const into = shards.get(m.minute.toMillis()) ?? { minute: m.minute, docs: [] };
      into.docs.push(m);
      shards.set(m.minute.toMillis(), into);
    }
    // In time order already: the query orders by minute.
    const minutes: Minute[] = [...shards.values()].map(({ minute, docs }) => ({ ...sumTotals(docs), minute }));
    const at = (m: Minute) => m.minute.toMillis();
    const sum = (c?: Record<string, number>) => Object.values(c ?? {}).reduce((n, v) => n + v, 0);
    document.getElementById('charts')!.replaceChildren(
      chart('chart-lag', 'sync lag p95', 's', minutes.map((m) => ({ t: at(m), v: histogramQuantile(m, 'stock_sync_latency_seconds', 0.95) }))),
      // The TDD's push latency, against the alert policy's 200 ms (ops/alert-policies/push-latency.json).
      chart('chart-push', 'push -> commit p99', 's', minutes.map((m) => ({ t: at(m), v: histogramQuantile(m, 'stock_push_commit_seconds', 0.99) })), 0.2),
      chart('chart-events', 'events handled', '/s', minutes.map((m) => ({ t: at(m), v: sum(m.counters?.stock_events_processed_total) / 60 }))),
      chart('chart-discrepancy', 'discrepancy rate', '', minutes.map((m) => ({ t: at(m), v: m.gauges?.stock_discrepancy_rate ? Math.max(...Object.values(m.gauges.stock_discrepancy_rate)) : null }))),
    );
  });
}

