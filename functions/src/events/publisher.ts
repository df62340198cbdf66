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
import { DocumentData, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { cloudEventSchema, EVENT_DATASCHEMA, InventoryCloudEvent } from './schema';
import * as logs from '../logs';
import { EventPublisher, OutgoingMessage } from './ports';


export type { EventPublisher, OutgoingMessage } from './ports';

/** The event log's order: per SKU, by stock document version, then by position in the commit. */
/** A full page means more is waiting (the relay goes again at once). */
export const PAGE = 500;

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
    data: d.data,
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
  /** Entries per page (one query, one publish round, one marking batch). */
  limit?: number;
  /** Outbox entries already published whose removal is still on its way: not read again. */
  skip?: ReadonlySet<string>;
  /** Return without waiting for the page's outbox removals (`marked` resolves when they are done). */
  detachMarks?: boolean;
}

export async function publishPending(db: Firestore, publisher: EventPublisher, projectId: string, o: PublishOptions = {}): Promise<PublishResult & { publishedIds?: string[]; marked?: Promise<void> }> {
  const limit = o.limit ?? PAGE;
  // A copy taken before the read: an id leaves `o.skip` when its removal is done, which may be
  // after this read saw the entry.
  const skip = new Set(o.skip ?? []);
  const t0 = Date.now();

  // Entries of one commit share createdAt; ordering the page by (sku, version, ordinal) within it
  // keeps a page boundary from splitting a commit's events out of order.
  const snap = await db
    .collection(C.eventOutbox)
    .orderBy('createdAt')
    .orderBy('sku')
    .orderBy('version')
    .orderBy('ordinal')
    .limit(limit + skip.size)
    .get();
  const docs = snap.docs.filter((d) => !skip.has(d.id)).slice(0, limit);
  if (!docs.length) return { published: 0, failed: 0, lagMs: [] };
  const readMs = Date.now() - t0;
  const r = await publishDocs(db, publisher, projectId, docs.map((d) => d.data()), o.detachMarks === true);
  return { ...r, ms: { ...r.ms!, read: readMs } };
}

/**
 * Publishes outbox entries (any set in which each SKU's entries are all there from its oldest
 * unpublished one: they go out sorted by SKU, version and ordinal) and removes them from the
 * outbox; with `detach`, without waiting for the removals (`marked`).
 */
async function publishDocs(db: Firestore, publisher: EventPublisher, projectId: string, entries: DocumentData[], detach = false): Promise<PublishResult & { publishedIds: string[]; marked: Promise<void> }> {
  const t0 = Date.now();
  const docs = [...entries].sort(byLogOrder);
  // Every event is checked against the published schema (docs/events.schema.json is generated
  // from the same zod schema) before it leaves. One that fails is never published: it is set
  // aside (out of the outbox so it does not hold back its SKU's later events, `invalid` with the
  // reason on its log entry, an alert-worthy log), and the rest go out.
  const messages: OutgoingMessage[] = [];
  const invalid: { id: string; reason: string }[] = [];
  // A publish span per event whose commit was traced, a child of the commit's span; the event
  // carries the publish span's context to the consumers (CloudEvents Distributed Tracing).
  const spans = new Map<string, Span>();
  for (const d of docs) {
    const checked = cloudEventSchema.safeParse(toCloudEvent(d, projectId));
    if (!checked.success) {
      invalid.push({ id: d.id as string, reason: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 1000) });
      continue;
    }
    const event = checked.data;
    if (d.trace?.traceparent) {
      const span = tracer().startSpan('events.publish', { kind: SpanKind.PRODUCER, attributes: { 'messaging.destination.name': 'inventory-events', 'messaging.message.id': event.id, 'event.type': event.type, 'event.sku': event.subject } }, contextFrom(d.trace as TraceCarrier));
      spans.set(event.id, span);
      Object.assign(event, carrierOf(trace.setSpan(context.active(), span)));
    }
    messages.push({ orderingKey: d.sku as string, event });
  }
  const t1 = Date.now();
  const { published, failed } = messages.length ? await publisher.publish(messages) : { published: [], failed: [] };
  const t2 = Date.now();
  for (const id of failed) spans.get(id)?.setStatus({ code: SpanStatusCode.ERROR, message: 'not published (the next page retries it)' });
  for (const span of spans.values()) span.end();
  const now = Timestamp.now();
  if (invalid.length) {
    const batch = db.batch();
    for (const i of invalid) {
      logs.eventInvalid(i.id, i.reason);
      batch.update(db.collection(C.events).doc(i.id), { invalid: i.reason, setAsideAt: now });
      batch.delete(db.collection(C.eventOutbox).doc(i.id));
    }
    await batch.commit();
  }
  const created = new Map(docs.map((d) => [d.id as string, (d.createdAt as Timestamp).toMillis()]));
  // Published = out of the outbox (the log entry itself never changes). The removals have no
  // order to keep: the batches go out together.
  const marks: Promise<unknown>[] = [];
  for (let i = 0; i < published.length; i += 500) {
    const batch = db.batch();
    for (const id of published.slice(i, i + 500)) batch.delete(db.collection(C.eventOutbox).doc(id));
    marks.push(batch.commit());
  }
  const marked = Promise.all(marks).then(() => undefined);
  if (!detach) await marked;
  const ms = { read: 0, check: t1 - t0, publish: t2 - t1, mark: Date.now() - t2 };
  return { published: published.length, failed: failed.length, lagMs: published.map((id) => now.toMillis() - (created.get(id) ?? now.toMillis())), publishedIds: [...published, ...invalid.map((x) => x.id)], ms, marked };
}
