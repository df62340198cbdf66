/**
 * Metrics, recorded with the OpenTelemetry metrics API and exported two ways:
 *
 * - to Firestore, always: each export adds its deltas to a per-minute document
 *   (`metrics/{yyyyMMddHHmm}`, for the dashboard's charts) and to one cumulative document
 *   (`metrics/_total`, which `GET /v1/metrics` renders as Prometheus text). Functions scale to
 *   zero and run many instances (and, in the emulator, a process per invocation): no single
 *   process holds the totals, so a scrape endpoint that reported its own memory would report a
 *   random fraction. Delta temporality and `FieldValue.increment` make every instance's share add
 *   up in one place, whatever instance serves the scrape.
 * - to Cloud Monitoring, in production (not in the emulator), through Google's OpenTelemetry
 *   exporter, every 60 s.
 *
 * Each instance exports every 15 s and when it is told to stop (SIGTERM, which Cloud Run sends
 * before it ends an instance), not per request: a write per checkout call would make the totals
 * document the hottest document of the store. The documents are sharded (`SHARDS`) for the same
 * reason; readers sum the shards. The names are the TDD's (`stock_sync_latency_seconds`,
 * `stock_events_processed_total`) and the ones an operator needs.
 */
import { Attributes, Counter, Gauge, Histogram, metrics } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, InstrumentType, MeterProvider, PeriodicExportingMetricReader, PushMetricExporter, ResourceMetrics, MetricReader } from '@opentelemetry/sdk-metrics';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from './collections';
import { expireAt } from './retention';
import type { Totals } from '../domain/metric-totals';

export const LAG_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 300, 600];
/** A push's received -> committed time: around the TDD's 100 ms target and 200 ms alert. */
export const PUSH_BUCKETS = [0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30];
/** An event's commit -> handled by its consumers: around the SLO's 5 s. */
export const DELIVERY_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];

export interface Instruments {
  /** WMS (or push) change -> committed here, per applied SKU write. */
  syncLatency: Histogram;
  /** A push batch received -> its counts committed, by path (inline in the request, or queued). */
  pushCommit: Histogram;
  /** Events handled by the consumers, by type. */
  eventsProcessed: Counter;
  /** An event's commit -> every consumer done with it (the event delivery SLO). */
  eventDelivery: Histogram;
  /** Read API requests and checkout callables, by surface (read, checkout) and outcome (ok, error: a 5xx or internal error), for the availability SLO. */
  requests: Counter;
  /** Push rows, by outcome (accepted, rejected). */
  ingestRows: Counter;
  /** Checkout holds, by outcome (held, or the refusal: insufficient, limit, ...). */
  holds: Counter;
  /** Holds refused because they would have sold more than there is. */
  oversellRefused: Counter;
  /** The last discrepancy rate, by source (reconciliation, dual_run). */
  discrepancyRate: Gauge;
}

let provider: MeterProvider | null = null;
let cached: Instruments | null = null;

/** The instruments (no-ops until `startMetrics` ran: the API's default). */
export function instruments(): Instruments {
  if (cached && provider) return cached;
  const meter = metrics.getMeter('inventory-sync');
  const made: Instruments = {
    syncLatency: meter.createHistogram('stock_sync_latency_seconds', { description: 'Source change to commit here, per applied SKU write', unit: 's', advice: { explicitBucketBoundaries: LAG_BUCKETS } }),
    pushCommit: meter.createHistogram('stock_push_commit_seconds', { description: 'Push batch received to its counts committed, by path (inline or queued)', unit: 's', advice: { explicitBucketBoundaries: PUSH_BUCKETS } }),
    eventsProcessed: meter.createCounter('stock_events_processed_total', { description: 'Inventory events handled by the consumers' }),
    eventDelivery: meter.createHistogram('stock_event_delivery_seconds', { description: 'Event commit to every consumer done with it', unit: 's', advice: { explicitBucketBoundaries: DELIVERY_BUCKETS } }),
    requests: meter.createCounter('stock_requests_total', { description: 'Read API requests and checkout callables, by surface and outcome' }),
    ingestRows: meter.createCounter('stock_ingest_rows_total', { description: 'Push ingestion rows by outcome' }),
    holds: meter.createCounter('stock_holds_total', { description: 'Checkout holds by outcome (held or the refusal)' }),
    oversellRefused: meter.createCounter('stock_oversell_refused_total', { description: 'Holds refused because they would have oversold' }),
    discrepancyRate: meter.createGauge('stock_discrepancy_rate', { description: 'Share of SKUs that disagree with the source of truth, last run' }),
  };
  if (provider) cached = made;
  return made;
}

export function startMetrics(db: Firestore, o: { cloudMonitoring?: boolean; exportIntervalMs?: number } = {}): void {
  if (provider) return;
  const readers: MetricReader[] = [new PeriodicExportingMetricReader({ exporter: new FirestoreMetricExporter(db), exportIntervalMillis: o.exportIntervalMs ?? 15_000 })];
  if (o.cloudMonitoring) {
    // Loaded only where it runs: it pulls in the Google APIs client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MetricExporter } = require('@google-cloud/opentelemetry-cloud-monitoring-exporter') as { MetricExporter: new () => PushMetricExporter };
    readers.push(new PeriodicExportingMetricReader({ exporter: new MetricExporter(), exportIntervalMillis: 60_000 }));
  }
  provider = new MeterProvider({ readers });
  metrics.setGlobalMeterProvider(provider);
  cached = null;
  // Cloud Run sends SIGTERM before it ends an instance: what was recorded since the last export
  // goes out then (3 s at most), and the signal is raised again for its default effect, the exit
  // (a listener alone would keep the process alive: the emulator's workers were left behind).
  process.once('SIGTERM', () => {
    void Promise.race([flushMetrics(), new Promise((r) => setTimeout(r, 3000).unref())]).finally(() => process.kill(process.pid, 'SIGTERM'));
  });
}

/** Exports what was recorded so far (the end of an invocation). Never throws. */
export async function flushMetrics(): Promise<void> {
  await provider?.forceFlush().catch(() => undefined);
}

/** A label set as a stable key: `a=x,b=y` (sorted); the empty set is `-`. */
export function labelKey(a: Attributes): string {
  const entries = Object.entries(a).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : 1));
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(',') : '-';
}

const minuteId = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(/[-:T]/g, '');

/** Documents per minute and for the totals: instances spread their writes over them. */
export const SHARDS = 8;

export function totalsRefs(db: Firestore) {
  return Array.from({ length: SHARDS }, (_, i) => db.collection(C.metrics).doc(`_total-${i}`));
}

/** The Firestore side: deltas added to the minute's document and to the running totals. */
export class FirestoreMetricExporter implements PushMetricExporter {
  constructor(private readonly db: Firestore) {}

  selectAggregationTemporality(_type: InstrumentType): AggregationTemporality {
    return AggregationTemporality.DELTA;
  }

  export(rm: ResourceMetrics, done: (r: ExportResult) => void): void {
    this.write(rm).then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: Error) => done({ code: ExportResultCode.FAILED, error }),
    );
  }

  private async write(rm: ResourceMetrics): Promise<void> {
    const counters: Record<string, Record<string, FieldValue>> = {};
    const histograms: Record<string, Record<string, { count: FieldValue; sum: FieldValue; buckets: Record<string, FieldValue> }>> = {};
    const gauges: Record<string, Record<string, number>> = {};
    const bounds: Record<string, number[]> = {};
    let any = false;
    for (const scope of rm.scopeMetrics) {
      for (const m of scope.metrics) {
        const name = m.descriptor.name;
        for (const p of m.dataPoints) {
          const key = labelKey(p.attributes);
          if (m.dataPointType === DataPointType.SUM && typeof p.value === 'number' && p.value !== 0) {
            (counters[name] ??= {})[key] = FieldValue.increment(p.value);
            any = true;
          } else if (m.dataPointType === DataPointType.GAUGE && typeof p.value === 'number') {
            (gauges[name] ??= {})[key] = p.value;
            any = true;
          } else if (m.dataPointType === DataPointType.HISTOGRAM && typeof p.value === 'object' && 'buckets' in p.value && p.value.count > 0) {
            const h = p.value as { count: number; sum?: number; buckets: { boundaries: number[]; counts: number[] } };
            bounds[name] = h.buckets.boundaries;
            (histograms[name] ??= {})[key] = {
              count: FieldValue.increment(h.count),
              sum: FieldValue.increment(h.sum ?? 0),
              buckets: Object.fromEntries(h.buckets.counts.flatMap((c, i) => (c ? [[String(i), FieldValue.increment(c)]] : []))),
            };
            any = true;
          }
        }
      }
    }
    if (!any) return;
    const now = Date.now();
    const shard = Math.floor(Math.random() * SHARDS);
    // Only the sections this export has: in a merge, an empty map is a value, not "nothing", and
    // `counters: {}` would replace the shard's running counters with an empty map (a scraper then
    // sees a counter fall and takes it for a restart).
    const sections = { counters, histograms, gauges, bounds };
    const data = { ...Object.fromEntries(Object.entries(sections).filter(([, v]) => Object.keys(v).length)), updatedAt: Timestamp.fromMillis(now) };
    const batch = this.db.batch();
    batch.set(this.db.collection(C.metrics).doc(`${minuteId(now)}-${shard}`), { ...data, minute: Timestamp.fromMillis(Math.floor(now / 60_000) * 60_000), expireAt: expireAt('metrics', now) }, { merge: true });
    batch.set(totalsRefs(this.db)[shard]!, data, { merge: true });
    await batch.commit();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const HELP: Record<string, string> = {
  stock_sync_latency_seconds: 'Source change to commit here, per applied SKU write',
  stock_push_commit_seconds: 'Push batch received to its counts committed, by path (inline or queued)',
  stock_events_processed_total: 'Inventory events handled by the consumers',
  stock_event_delivery_seconds: 'Event commit to every consumer done with it',
  stock_requests_total: 'Read API requests and checkout callables, by surface and outcome',
  stock_ingest_rows_total: 'Push ingestion rows by outcome',
  stock_holds_total: 'Checkout holds by outcome (held or the refusal)',
  stock_oversell_refused_total: 'Holds refused because they would have oversold',
  stock_discrepancy_rate: 'Share of SKUs that disagree with the source of truth, last run',
};

const labels = (key: string, extra: string[] = []) => {
  const parts = [...(key === '-' ? [] : key.split(',').map((kv) => { const i = kv.indexOf('='); return `${kv.slice(0, i)}="${kv.slice(i + 1).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`; })), ...extra];
  return parts.length ? `{${parts.join(',')}}` : '';
};

/** The running totals as Prometheus text exposition (format 0.0.4). */
export function prometheusText(total: Totals): string {
  const out: string[] = [];
  const head = (name: string, type: string) => out.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} ${type}`);
  for (const [name, series] of Object.entries(total.counters ?? {}).sort()) {
    head(name, 'counter');
    for (const [key, v] of Object.entries(series).sort()) out.push(`${name}${labels(key)} ${v}`);
  }
  for (const [name, series] of Object.entries(total.gauges ?? {}).sort()) {
    head(name, 'gauge');
    for (const [key, v] of Object.entries(series).sort()) out.push(`${name}${labels(key)} ${v}`);
  }
  for (const [name, series] of Object.entries(total.histograms ?? {}).sort()) {
    head(name, 'histogram');
    const b = total.bounds?.[name] ?? [];
    for (const [key, h] of Object.entries(series).sort()) {
      let cumulative = 0;
      b.forEach((le, i) => {
        cumulative += h.buckets?.[String(i)] ?? 0;
        out.push(`${name}_bucket${labels(key, [`le="${le}"`])} ${cumulative}`);
      });
      out.push(`${name}_bucket${labels(key, ['le="+Inf"'])} ${h.count}`, `${name}_sum${labels(key)} ${h.sum}`, `${name}_count${labels(key)} ${h.count}`);
    }
  }
  return out.join('\n') + '\n';
}
