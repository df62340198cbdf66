/**
 * The service level objectives, as code: one definition per SLO, from which both the Cloud
 * Monitoring SLOs with their burn-rate alert policies (adapters/slo-provision.ts, applied by
 * `npm run provision`) and the local figures (budget left, burn rate) are made, so the two can
 * never measure different things. Pure.
 *
 * Each SLI is over a metric the code exports (adapters/metrics.ts; a unit test holds them):
 * - a ratio: the series of a counter whose labels match `total`, of which those matching `good`;
 * - a latency: the observations of a histogram (series whose labels match `labels`) at or under
 *   `thresholdSeconds`, which must be one of its bucket bounds so the count is exact.
 */
import type { Totals } from './metric-totals';

export type LabelMatch = Record<string, readonly string[]>;

export type Sli =
  | { kind: 'ratio'; metric: string; total: LabelMatch; good: LabelMatch }
  | { kind: 'latency'; metric: string; labels: LabelMatch; thresholdSeconds: number };

export interface SloDefinition {
  id: string;
  displayName: string;
  /** The share of good events the objective promises (0.999: 99.9%). */
  goal: number;
  /** The rolling window the budget is counted over, in days. */
  windowDays: number;
  sli: Sli;
  /** What a breach means for the people who use the system (the alerts' documentation). */
  meaning: string;
}

export const SLOS: readonly SloDefinition[] = [
  {
    id: 'read-and-checkout-availability',
    displayName: '99.9% of read API requests and checkout callables succeed',
    goal: 0.999,
    windowDays: 28,
    sli: { kind: 'ratio', metric: 'stock_requests_total', total: { surface: ['read', 'checkout'] }, good: { outcome: ['ok'] } },
    meaning: 'Storefronts cannot read stock, or shoppers cannot validate, hold, pay for or release carts (5xx and internal errors; refusals and bad input are not failures).',
  },
  {
    id: 'wms-change-freshness',
    displayName: '99% of WMS changes are visible within 10 s',
    goal: 0.99,
    windowDays: 28,
    sli: { kind: 'latency', metric: 'stock_sync_latency_seconds', labels: { source: ['wms'] }, thresholdSeconds: 10 },
    meaning: 'Storefronts show counts the WMS changed more than 10 s ago: the sync is slow, failing or stopped.',
  },
  {
    id: 'event-delivery',
    displayName: '99% of events reach their consumers within 5 s',
    goal: 0.99,
    windowDays: 28,
    sli: { kind: 'latency', metric: 'stock_event_delivery_seconds', labels: {}, thresholdSeconds: 5 },
    meaning: 'Back-in-stock notices, stock alerts and the WMS sale and hold reports run late: the relay or the consumers are behind.',
  },
];

/** Burn-rate alerts, after the SRE workbook: a fast burn pages (2% of the budget in an hour), a slow burn too (5% in 6 hours). */
export const BURN_ALERTS = [
  { id: 'fast', lookbackSeconds: 3600, rate: 14.4, severity: 'CRITICAL' },
  { id: 'slow', lookbackSeconds: 21_600, rate: 6, severity: 'ERROR' },
] as const;

/** A label key as the metrics store writes it (`a=1,b=2`, or `-` for none) as a map. */
export function parseLabelKey(key: string): Record<string, string> {
  if (key === '-' || key === '') return {};
  return Object.fromEntries(
    key.split(',').map((kv) => {
      const i = kv.indexOf('=');
      return [kv.slice(0, i), kv.slice(i + 1)];
    }),
  );
}

function matches(labels: Record<string, string>, m: LabelMatch): boolean {
  return Object.entries(m).every(([k, values]) => values.includes(labels[k] ?? ''));
}

export interface SliCount {
  good: number;
  total: number;
}

/** Good and total events of an SLI in stored metrics (a minute's, or the running totals). */
export function countSli(sli: Sli, t: Totals): SliCount {
  if (sli.kind === 'ratio') {
    let good = 0;
    let total = 0;
    for (const [key, v] of Object.entries(t.counters?.[sli.metric] ?? {})) {
      const labels = parseLabelKey(key);
      if (!matches(labels, sli.total)) continue;
      total += v;
      if (matches(labels, sli.good)) good += v;
    }
    return { good, total };
  }
  const bounds = t.bounds?.[sli.metric] ?? [];
  const within = bounds.findIndex((b) => b === sli.thresholdSeconds);
  let good = 0;
  let total = 0;
  for (const [key, h] of Object.entries(t.histograms?.[sli.metric] ?? {})) {
    if (!matches(parseLabelKey(key), sli.labels)) continue;
    total += h.count;
    if (within < 0) continue;
    for (let i = 0; i <= within; i++) good += h.buckets?.[String(i)] ?? 0;
  }
  return { good, total };
}

export interface SloStatus {
  id: string;
  displayName: string;
  goal: number;
  /** Over the running totals. */
  good: number;
  total: number;
  /** good / total (null without events). */
  sli: number | null;
  /** The share of the error budget not yet spent: 1 untouched, 0 spent, below 0 overspent. */
  budgetLeft: number;
  /** Over the last hour: how fast the budget burns (1: exactly at the objective; 14.4 pages). */
  burnRateLastHour: number | null;
  lastHour: SliCount;
}

/** Error budget spent as a multiple of what the objective allows over the same events. */
export function burnRate(goal: number, c: SliCount): number | null {
  if (!c.total) return null;
  return (c.total - c.good) / c.total / (1 - goal);
}

export function sloStatus(def: SloDefinition, totals: Totals, lastHour: Totals): SloStatus {
  const all = countSli(def.sli, totals);
  const hour = countSli(def.sli, lastHour);
  const spent = burnRate(def.goal, all);
  return {
    id: def.id,
    displayName: def.displayName,
    goal: def.goal,
    good: all.good,
    total: all.total,
    sli: all.total ? all.good / all.total : null,
    budgetLeft: spent === null ? 1 : 1 - spent,
    burnRateLastHour: burnRate(def.goal, hour),
    lastHour: hour,
  };
}
