/**
 * Mapping between the stock aggregate and `inventory/{sku}` documents, and between domain events
 * and `inventoryEvents` log entries. Every write of a stock document goes through `stockDoc`, so
 * the derived fields (available, status, shortfall) can never disagree with their inputs.
 */
import { DocumentData, DocumentReference, FieldPath, FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { emptyState, levelsOf, StockState } from '../domain/inventory';
import { StockEvent } from '../domain/events';
import { LocationPosition as Position, Locations, PendingSales } from '../domain/locations';
import { C, EVENT_RETENTION_DAYS } from '../adapters/collections';
import { WireBatch } from '../adapters/firestore-wire';

export interface StoredStock {
  state: StockState;
  version: number;
  /** Update time of the document as read; null when it does not exist. */
  updateTime: Timestamp | null;
  /** False when the stored document lacks some field `stockDoc` writes (see `hasAllStockFields`). */
  complete?: boolean;
}

function millis(v: unknown): number | null {
  return v instanceof Timestamp ? v.toMillis() : null;
}

export function stockFromDoc(sku: string, data: DocumentData | undefined, defaultThreshold: number): { state: StockState; version: number } {
  if (!data) return { state: emptyState(sku, defaultThreshold), version: 0 };
  const locations: Locations = {};
  for (const [loc, p] of Object.entries((data.locations ?? {}) as Record<string, DocumentData>)) {
    locations[loc] = {
      onHand: p.onHand,
      wmsOnHand: p.wmsOnHand ?? p.onHand,
      seq: p.seq ?? 0,
      syncedAt: millis(p.syncedAt) ?? 0,
    };
  }
  return {
    state: {
      sku,
      locations,
      removed: (data.removedLocations ?? {}) as Record<string, number>,
      pendingSales: (data.pendingSales ?? {}) as PendingSales,
      reserved: data.reserved ?? 0,
      lowStockThreshold: typeof data.lowStockThreshold === 'number' ? data.lowStockThreshold : defaultThreshold,
      syncedAt: millis(data.syncedAt),
      lastOutflowAt: millis(data.lastOutflowAt),
    },
    version: typeof data.version === 'number' ? data.version : 0,
  };
}

function locationFields(state: StockState): DocumentData {
  const locations: DocumentData = {};
  for (const [loc, p] of Object.entries(state.locations)) locations[loc] = positionField(p);
  return locations;
}

function positionField(p: Position): DocumentData {
  // wmsOnHand is stored only while a sale made here is not yet reflected by the WMS: with 20
  // locations per SKU, the redundant copy made every document a fifth larger (and slower to write).
  const out: DocumentData = { onHand: p.onHand, seq: p.seq, syncedAt: Timestamp.fromMillis(p.syncedAt) };
  if (p.wmsOnHand !== p.onHand) out.wmsOnHand = p.wmsOnHand;
  return out;
}

/** Every field of the document but `locations`. */
function topFields(state: StockState, version: number, now: Timestamp): DocumentData {
  const l = levelsOf(state);
  return {
    sku: state.sku,
    onHand: l.onHand,
    reserved: l.reserved,
    available: l.available,
    status: l.status,
    shortfall: l.shortfall,
    lowStockThreshold: state.lowStockThreshold,
    removedLocations: state.removed,
    pendingSales: state.pendingSales,
    syncedAt: state.syncedAt === null ? null : Timestamp.fromMillis(state.syncedAt),
    lastOutflowAt: state.lastOutflowAt ? Timestamp.fromMillis(state.lastOutflowAt) : null,
    updatedAt: now,
    version,
  };
}

export function stockDoc(state: StockState, version: number, now: Timestamp): DocumentData {
  return { ...topFields(state, version, now), locations: locationFields(state) };
}

const samePosition = (a: Position | undefined, b: Position | undefined) =>
  !!a && !!b && a.onHand === b.onHand && a.wmsOnHand === b.wmsOnHand && a.seq === b.seq && a.syncedAt === b.syncedAt;

/** Deep equality over the values a stock document holds (numbers, strings, null, Timestamps, maps, arrays). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Timestamp || b instanceof Timestamp) return a instanceof Timestamp && b instanceof Timestamp && a.isEqual(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && sameValue((a as DocumentData)[k], (b as DocumentData)[k]));
}

/** The top-level fields every stock document written by `stockDoc` has. */
export const STOCK_FIELDS = Object.freeze(Object.keys(stockDoc(emptyState('-', 0), 0, Timestamp.fromMillis(0))));

/** Whether a stored document has every field `stockDoc` writes (documents from older versions may not). */
export function hasAllStockFields(data: DocumentData | undefined): boolean {
  return !!data && STOCK_FIELDS.every((k) => k in data);
}

/**
 * The update that turns `before`'s document into `after`'s: only the top-level fields and the
 * locations that changed, each named by its path segments. A count for 2 of 20 locations then
 * sends 2 positions, not 20, and not the ten top-level fields a count never touches (on this
 * machine's emulator, 8 changed locations with every top-level field wrote at 2.7k docs/s, with
 * only the changed ones at 4.1k docs/s). Sound only under a precondition on the document's update
 * time: the document is then exactly what `before` was read from. A document missing some field
 * (`complete` false) gets every top-level field.
 */
export function stockUpdate(before: StockState, after: StockState, version: number, now: Timestamp, complete = true): [string[], unknown][] {
  const prev = complete ? topFields(before, version - 1, now) : {};
  const out: [string[], unknown][] = [];
  for (const [k, v] of Object.entries(topFields(after, version, now))) {
    if (!complete || k === 'updatedAt' || k === 'version' || !sameValue(prev[k], v)) out.push([[k], v]);
  }
  for (const [loc, p] of Object.entries(after.locations)) if (!samePosition(before.locations[loc], p)) out.push([['locations', loc], positionField(p)]);
  for (const loc of Object.keys(before.locations)) if (!(loc in after.locations)) out.push([['locations', loc], FieldValue.delete()]);
  return out;
}

export interface EventMeta {
  /** The stock document's version after the change: events of one SKU sort by (version, ordinal). */
  version: number;
  now: Timestamp;
  correlationId?: string;
}

export function eventEntries(db: Firestore, events: readonly StockEvent[], meta: EventMeta): { ref: DocumentReference; data: DocumentData }[] {
  const expireAt = Timestamp.fromMillis(meta.now.toMillis() + EVENT_RETENTION_DAYS * 86_400_000);
  return events.map((e, ordinal) => {
    const ref = db.collection(C.events).doc();
    return {
      ref,
      data: {
        id: ref.id,
        type: e.type,
        sku: e.data.sku,
        source: e.data.source,
        data: stripUndefined(e.data),
        version: meta.version,
        ordinal,
        createdAt: meta.now,
        published: false,
        expireAt,
        ...(meta.correlationId ? { correlationId: meta.correlationId } : {}),
      },
    };
  });
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function stockRef(db: Firestore, sku: string): DocumentReference {
  return db.collection(C.inventory).doc(sku);
}

/** One stored stock document as the aggregate, with the derived levels it stores (to check them). */
export interface StockRecord {
  sku: string;
  state: StockState;
  version: number;
  stored: { onHand: number; reserved: number; available: number };
  data: DocumentData;
}

/**
 * Every stock document, a page at a time in SKU order (bounded memory: a page is released before
 * the next is read). `fields` limits what is read (none: ids only).
 */
export async function* stockPages(db: Firestore, defaultThreshold: number, pageSize = 1000, fields?: string[]): AsyncGenerator<StockRecord[]> {
  let last: string | null = null;
  for (;;) {
    let q = db.collection(C.inventory).orderBy(FieldPath.documentId()).limit(pageSize);
    if (fields) q = q.select(...fields);
    if (last !== null) q = q.startAfter(last);
    const snap = await q.get();
    if (snap.empty) return;
    yield snap.docs.map((d) => {
      const data = d.data();
      const { state, version } = stockFromDoc(d.id, data, defaultThreshold);
      return { sku: d.id, state, version, stored: { onHand: data.onHand, reserved: data.reserved, available: data.available }, data };
    });
    if (snap.size < pageSize) return;
    last = snap.docs[snap.docs.length - 1]!.id;
  }
}

/** What writing a stock document needs from a transaction (or an optimistic batch). */
export interface StockWriter {
  set(ref: DocumentReference, data: DocumentData): unknown;
  create(ref: DocumentReference, data: DocumentData): unknown;
}

/** Writes a changed stock document and its events inside a transaction. */
export function writeInTransaction(
  tx: StockWriter,
  db: Firestore,
  before: { version: number },
  after: StockState,
  events: readonly StockEvent[],
  now: Timestamp,
  correlationId?: string,
): number {
  const version = before.version + 1;
  tx.set(stockRef(db, after.sku), stockDoc(after, version, now));
  for (const e of eventEntries(db, events, { version, now, correlationId })) tx.create(e.ref, e.data);
  return version;
}

export function writeInBatch(
  batch: WireBatch,
  db: Firestore,
  before: StoredStock,
  after: StockState,
  events: readonly StockEvent[],
  now: Timestamp,
): number {
  const version = before.version + 1;
  const ref = stockRef(db, after.sku);
  // Optimistic concurrency: the batch fails if anyone (a checkout transaction) wrote the document
  // after we read it, and the caller re-reads and re-applies. No lock is held while we compute.
  if (before.updateTime) batch.update(ref, stockUpdate(before.state, after, version, now, before.complete !== false), { lastUpdateTime: before.updateTime });
  else batch.create(ref, stockDoc(after, version, now));
  for (const e of eventEntries(db, events, { version, now })) batch.create(e.ref, e.data);
  return version;
}
