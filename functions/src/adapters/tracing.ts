/**
 * Traces with OpenTelemetry, propagated with W3C trace context across every hop of a change:
 * the HTTP push (its `traceparent` header) -> the job and its Pub/Sub message (a `traceparent`
 * attribute) -> the commit (one span per chunk written) -> the outbox entry (its `traceparent`)
 * -> the CloudEvent (the CloudEvents Distributed Tracing extension: `traceparent` / `tracestate`)
 * -> each consumer. The poll cycle is a root span; each callable is a span.
 *
 * Sampling is decided once, at the root (`TRACE_SAMPLE_PERCENT`), and followed by every hop
 * (parent-based), so a trace is whole or absent. Spans go to Cloud Trace in production, and to
 * Firestore locally (`traceSpans`, 7 days), where `GET /v1/traces/{traceId}` and the dashboard's
 * waterfall read them. Spans are batched and flushed at the end of each invocation (`flushTraces`).
 */
import { Attributes, context, Context, INVALID_SPAN_CONTEXT, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResult, ExportResultCode, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, ReadableSpan, SpanExporter, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from './collections';
import { expireAt } from './retention';

export { SpanKind } from '@opentelemetry/api';

// The Firestore client traces its own calls once a tracer provider is registered. Those spans would
// become the active context inside transactions (a hold's events would then point at a span that
// is not exported), and the local exporter's own writes would be traced in turn: off, unless the
// deployment asks for them. Read when a Firestore instance is made, so set before any is.
process.env.FIRESTORE_ENABLE_TRACING ??= 'off';

const SCOPE = 'inventory-sync';

/** Exports only this code's spans (a library that traces itself is not part of the waterfall). */
class OwnSpans implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    const own = spans.filter((s) => s.instrumentationScope.name === SCOPE);
    if (!own.length) return done({ code: ExportResultCode.SUCCESS });
    this.inner.export(own, done);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** W3C trace context as it travels: an HTTP header, a Pub/Sub attribute, a CloudEvent extension. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

export const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

let provider: BasicTracerProvider | null = null;
let contexts: AsyncLocalStorageContextManager | null = null;
/** Sampled spans entered as the active context and not yet settled (see `inSpan`). */
let entered = 0;

/** Starts tracing for the instance (once): sampling at the root, batching, the exporter. */
export function startTracing(db: Firestore, o: { samplePercent: number; cloudTrace?: boolean; exporter?: SpanExporter }): void {
  if (provider) return;
  const exporter: SpanExporter =
    o.exporter ??
    (o.cloudTrace
      ? // Loaded only where it runs: it pulls in gRPC and the Google auth client.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        new (require('@google-cloud/opentelemetry-cloud-trace-exporter') as { TraceExporter: new () => SpanExporter }).TraceExporter()
      : new FirestoreSpanExporter(db));
  provider = new BasicTracerProvider({
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(Math.min(100, Math.max(0, o.samplePercent)) / 100) }),
    spanProcessors: [new BatchSpanProcessor(new OwnSpans(exporter), { scheduledDelayMillis: 1000, maxExportBatchSize: 400, maxQueueSize: 20_000 })],
  });
  contexts = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contexts);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
}

/** Sends the spans ended so far (the end of an invocation: the instance may be frozen after it). */
export async function flushTraces(): Promise<void> {
  await provider?.forceFlush();
}

/** Stops tracing (tests that compare with and without it). */
export async function stopTracing(): Promise<void> {
  if (!provider) return;
  await provider.shutdown();
  provider = null;
  contexts = null;
  entered = 0;
  trace.disable();
  context.disable();
  propagation.disable();
}

export function tracer() {
  return trace.getTracer(SCOPE);
}

/** The context a carrier describes (a root context when it carries nothing valid). */
export function contextFrom(carrier: TraceCarrier | Record<string, unknown> | null | undefined): Context {
  const c: Record<string, string> = {};
  if (carrier && typeof carrier.traceparent === 'string' && TRACEPARENT.test(carrier.traceparent)) {
    c.traceparent = carrier.traceparent;
    if (typeof carrier.tracestate === 'string' && carrier.tracestate) c.tracestate = carrier.tracestate;
  }
  return c.traceparent ? propagation.extract(ROOT_CONTEXT, c) : ROOT_CONTEXT;
}

/** The carrier of a context (the active one by default): empty when there is no span to follow. */
export function carrierOf(ctx: Context = context.active()): TraceCarrier {
  const c: Record<string, string> = {};
  if (!trace.getSpanContext(ctx)) return {};
  propagation.inject(ctx, c);
  return c.traceparent ? { traceparent: c.traceparent, ...(c.tracestate ? { tracestate: c.tracestate } : {}) } : {};
}

/** The carrier of the active span when it is sampled (what is stored with a job or a log entry), else null. */
export function sampledCarrier(): (TraceCarrier & { traceId: string }) | null {
  const traceId = activeTraceId();
  if (!traceId) return null;
  const c = carrierOf();
  return c.traceparent ? { traceId, ...c } : null;
}

/** The trace id of the active span, when it is sampled (what a job or a log entry records to be found by). */
export function activeTraceId(): string | null {
  const sc = trace.getSpanContext(context.active());
  return sc && sc.traceFlags & 1 ? sc.traceId : null;
}

/**
 * Runs `fn` in a new span: a child of `parent` (default: the active context), ended when `fn`
 * settles, with the error recorded when it throws.
 *
 * Only a sampled span becomes the active context, and the context tracking is on only while one
 * is. Node's async context tracking (AsyncLocalStorage, before Node 22's context frames) runs a
 * hook on every promise made while it is on, and once on it stays on: unsampled work (90% of it
 * at the default 10%) would pay for the sampled (docs/benchmarks.md, tracing). So an unsampled
 * span is never entered: `fn` runs in the caller's context, and a span that would be its child
 * (`inSpan` without `parent` or `root`) is not started (there is no active span to follow), so an
 * unsampled trace stays absent as a whole instead of its children starting traces of their own.
 * And when the last sampled span entered settles, the tracking is turned off until the next one
 * (work a span left running after it settled continues without a trace).
 */
export async function inSpan<T>(name: string, o: { parent?: Context; kind?: SpanKind; attributes?: Attributes; root?: boolean }, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = o.root ? ROOT_CONTEXT : (o.parent ?? context.active());
  if (!o.root && !o.parent && !trace.getSpan(parent)) return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  const span = tracer().startSpan(name, { kind: o.kind ?? SpanKind.INTERNAL, attributes: o.attributes, root: o.root }, parent);
  const run = () => fn(span);
  const manager = span.isRecording() ? contexts : null;
  if (manager) entered++;
  try {
    return await (manager ? context.with(trace.setSpan(parent, span), run) : run());
  } catch (err) {
    span.recordException(err instanceof Error ? err : new Error(String(err)));
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message.slice(0, 200) : String(err) });
    throw err;
  } finally {
    span.end();
    if (manager && manager === contexts && --entered === 0) manager.disable();
  }
}

/** One stored span, as `GET /v1/traces/{traceId}` answers it. */
export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  startMs: number;
  endMs: number;
  status: 'ok' | 'error';
  error?: string;
  attributes: Record<string, string | number | boolean>;
}

function stored(s: ReadableSpan): StoredSpan {
  const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
  const attributes: StoredSpan['attributes'] = {};
  for (const [k, v] of Object.entries(s.attributes)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attributes[k] = v;
  return {
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId ?? null,
    name: s.name,
    kind: SpanKind[s.kind],
    startMs: ms(s.startTime),
    endMs: ms(s.endTime),
    status: s.status.code === SpanStatusCode.ERROR ? 'error' : 'ok',
    ...(s.status.message ? { error: s.status.message } : {}),
    attributes,
  };
}

/** The local exporter: spans to `traceSpans/{spanId}`, one batch per export. */
export class FirestoreSpanExporter implements SpanExporter {
  constructor(private readonly db: Firestore) {}

  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    const batch = this.db.batch();
    for (const s of spans) {
      const d = stored(s);
      batch.set(this.db.collection(C.traceSpans).doc(d.spanId), { ...d, start: Timestamp.fromMillis(Math.floor(d.startMs)), expireAt: expireAt('traceSpans') });
    }
    batch.commit().then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: Error) => done({ code: ExportResultCode.FAILED, error }),
    );
  }

  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

/** The spans of one trace, oldest first (the local exporter's). */
export async function readTrace(db: Firestore, traceId: string): Promise<StoredSpan[]> {
  const snap = await db.collection(C.traceSpans).where('traceId', '==', traceId).limit(2000).get();
  return snap.docs
    .map((d) => {
      const { start: _s, expireAt: _e, ...span } = d.data();
      return span as StoredSpan;
    })
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}
