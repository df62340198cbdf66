/**
 * The outbox publisher: every stock change is committed with its `inventoryEvents` entry and the
 * entry's copy in `eventOutbox`; this publishes the outbox in order per SKU and deletes the copies
 * (an entry is published once it is out of the outbox; the log entry never changes). A crash
 * between publish and removal republishes (a duplicate, which consumers drop by id); nothing is
 * skipped, because an entry leaves the outbox only after Pub/Sub acknowledged it. The relay reads only the outbox,
 * which holds the backlog: in the Firestore emulator a query or a listener on a collection costs a
 * scan of it per write, and the log only grows (docs/events.md).
 */
import { context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { carrierOf, contextFrom, TraceCarrier, tracer } from '../adapters/tracing';
import { DocumentData, DocumentReference, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { isGroup, outboxEntries, outboxEvents } from '../stock/outbox';
import { logEntryData } from '../domain/events';
import { cloudEventSchema, EVENT_DATASCHEMA, InventoryCloudEvent } from './schema';
import * as logs from '../logs';
import { EventPublisher, OutgoingMessage } from './ports';


export type { EventPublisher, OutgoingMessage } from './ports';

/** Outbox documents per page (each holds one commit's events); a full page means more is waiting (the relay goes again at once). */
export const PAGE = 100;

/** The event log's order: per SKU, by stock document version, then by position in the commit. */
export function byLogOrder(a: DocumentData, b: DocumentData): number {
  return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.version - b.version || a.ordinal - b.ordinal;
}

export function sequenceOf(version: number, ordinal: number): string {
  return `${String(version).padStart(12, '0')}.${String(ordinal).padStart(3, '0')}`;
}

export function toCloudEvent(d: DocumentData, projectId: string): InventoryCloudEvent {
  return {
    specversion: '1.0',
    id: d.id,
    source: `//firestore.googleapis.com/projects/${projectId}/databases/(default)/documents/inventory/${d.sku}`,
    type: d.type,
    subject: d.sku,
    time: (d.createdAt as Timestamp).toDate().toISOString(),
    datacontenttype: 'application/json',
    dataschema: EVENT_DATASCHEMA,
    sequence: sequenceOf(d.version, d.ordinal),
    // Checked against the published schema before it leaves (publishDocs).
    data: logEntryData(d) as InventoryCloudEvent['data'],
  };
}

export interface PublishResult {
  published: number;
  failed: number;
  /** commit -> acknowledged by Pub/Sub, per published event. */
  lagMs: number[];
  /** Where the page's time went: reading the outbox, checking and encoding, publishing, marking. */
  ms?: { read: number; check: number; publish: number; mark: number };
}

/** The message for one log entry: the CloudEvent, ordering key = its SKU (CONTRACT.md). */
export function outgoingOf(d: DocumentData, projectId: string): OutgoingMessage {
  return { orderingKey: d.sku as string, event: toCloudEvent(d, projectId) };
}

export interface PublishOptions {
  /** Outbox documents per page (one query, one publish round, one removal round). */
  limit?: number;
  /** Outbox documents already published whose removal (or rewrite) is still on its way: not read again. */
  skip?: ReadonlySet<string>;
  /** Return without waiting for the page's outbox removals (`marked` resolves when they are done). */
  detachMarks?: boolean;
}

export async function publishPending(db: Firestore, publisher: EventPublisher, projectId: string, o: PublishOptions = {}): Promise<PublishResult & { outboxIds?: string[]; marked?: Promise<void>; documents?: number }> {
  const limit = o.limit ?? PAGE;
  // A copy taken before the read: an id leaves `o.skip` when its removal is done, which may be
  // after this read saw the document.
  const skip = new Set(o.skip ?? []);
  const t0 = Date.now();

  // A commit's events are one outbox document (stock/outbox.ts), so a page boundary never splits
  // them; the page is then sorted by (sku, version, ordinal), which keeps each SKU's order.
  const snap = await db
    .collection(C.eventOutbox)
    .orderBy('createdAt')
    .limit(limit + skip.size)
    .get();
  const docs = snap.docs.filter((d) => !skip.has(d.id)).slice(0, limit);
  // Single-entry documents (the first shape) of one commit share its createdAt: a full page takes
  // all of the last commit's, whose rest would otherwise be on the next page.
  const last = docs[docs.length - 1];
  if (docs.length === limit && last && !isGroup(last.data())) {
    const have = new Set(docs.map((d) => d.id));
    const tied = await db.collection(C.eventOutbox).where('createdAt', '==', last.get('createdAt')).get();
    docs.push(...tied.docs.filter((d) => !have.has(d.id) && !skip.has(d.id)));
  }
  if (!docs.length) return { published: 0, failed: 0, lagMs: [] };
  const readMs = Date.now() - t0;
  const r = await publishDocs(db, publisher, projectId, docs.map((d) => ({ ref: d.ref, entries: outboxEntries(d.data()) })), o.detachMarks === true);
  return { ...r, documents: docs.length, ms: { ...r.ms!, read: readMs } };
}

/**
 * Publishes the entries of these outbox documents (any set in which each SKU's entries are all
 * there from its oldest unpublished one: they go out sorted by SKU, version and ordinal) and takes
 * them out of the outbox: a document all of whose entries went out is deleted, one with entries
 * left keeps only those. With `detach`, without waiting for that (`marked`).
 */
async function publishDocs(db: Firestore, publisher: EventPublisher, projectId: string, outbox: { ref: DocumentReference; entries: DocumentData[] }[], detach = false): Promise<PublishResult & { outboxIds: string[]; marked: Promise<void> }> {
  const t0 = Date.now();
  const docs = outbox.flatMap((o) => o.entries).sort(byLogOrder);
  // Every event is checked against the published schema (docs/events.schema.json is generated
  // from the same zod schema) before it leaves. One that fails is never published: it is set
  // aside (out of the outbox so it does not hold back its SKU's later events, `invalid` with the
  // reason on its log entry, an alert-worthy log), and the rest go out.
  const messages: OutgoingMessage[] = [];
  const invalid: { id: string; reason: string }[] = [];
  // One publish span per traced commit in the page (a batch publish, as OpenTelemetry's messaging
  // conventions have it), a child of the commit's span; each of its events carries the span's
  // context to the consumers (CloudEvents Distributed Tracing). With a span per event, sampling
  // everything made the relay's CPU per event 1.88x (docs/benchmarks.md, tracing).
  const batches = new Map<string, { span: Span; carrier: TraceCarrier; ids: string[] }>();
  for (const d of docs) {
    const checked = cloudEventSchema.safeParse(toCloudEvent(d, projectId));
    if (!checked.success) {
      invalid.push({ id: d.id as string, reason: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 1000) });
      continue;
    }
    const event = checked.data;
    const parent = d.trace?.traceparent as string | undefined;
    if (parent) {
      let b = batches.get(parent);
      if (!b) {
        const span = tracer().startSpan('events.publish', { kind: SpanKind.PRODUCER, attributes: { 'messaging.destination.name': 'inventory-events', 'messaging.operation.type': 'send' } }, contextFrom(d.trace as TraceCarrier));
        b = { span, carrier: carrierOf(trace.setSpan(context.active(), span)), ids: [] };
        batches.set(parent, b);
      }
      b.ids.push(event.id);
      Object.assign(event, b.carrier);
    }
    messages.push({ orderingKey: d.sku as string, event });
  }
  const t1 = Date.now();
  const { published, failed } = messages.length ? await publisher.publish(messages) : { published: [], failed: [] };
  const t2 = Date.now();
  const notOut = new Set(failed);
  for (const b of batches.values()) {
    b.span.setAttribute('messaging.batch.message_count', b.ids.length);
    if (b.ids.length === 1) b.span.setAttribute('messaging.message.id', b.ids[0]!);
    const left = b.ids.filter((id) => notOut.has(id)).length;
    if (left) b.span.setStatus({ code: SpanStatusCode.ERROR, message: `${left} of ${b.ids.length} not published (the next page retries them)` });
    b.span.end();
  }
  const now = Timestamp.now();
  if (invalid.length) {
    const batch = db.batch();
    for (const i of invalid) {
      logs.eventInvalid(i.id, i.reason);
      batch.update(db.collection(C.events).doc(i.id), { invalid: i.reason, setAsideAt: now });
    }
    await batch.commit();
  }
  const created = new Map(docs.map((d) => [d.id as string, (d.createdAt as Timestamp).toMillis()]));
  // Out of the outbox = published (the log entry itself never changes), or set aside as invalid.
  // The removals have no order to keep: the batches go out together.
  const gone = new Set([...published, ...invalid.map((i) => i.id)]);
  const touched: string[] = [];
  const marks: Promise<unknown>[] = [];
  let batch = db.batch();
  let inBatch = 0;
  for (const o of outbox) {
    const left = o.entries.filter((e) => !gone.has(e.id as string));
    if (left.length === o.entries.length) continue;
    if (left.length) batch.update(o.ref, { events: outboxEvents(left), count: left.length });
    else batch.delete(o.ref);
    touched.push(o.ref.id);
    if (++inBatch === 500) {
      marks.push(batch.commit());
      batch = db.batch();
      inBatch = 0;
    }
  }
  if (inBatch) marks.push(batch.commit());
  const marked = Promise.all(marks).then(() => undefined);
  if (!detach) await marked;
  const ms = { read: 0, check: t1 - t0, publish: t2 - t1, mark: Date.now() - t2 };
  return { published: published.length, failed: failed.length, lagMs: published.map((id) => now.toMillis() - (created.get(id) ?? now.toMillis())), outboxIds: touched, ms, marked };
}
