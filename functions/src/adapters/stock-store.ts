/**
 * Mapping between the stock aggregate and `inventory/{sku}` documents, and between domain events
 * and `inventoryEvents` log entries. Every write of a stock document goes through `stockDoc`, so
 * the derived fields (available, status, shortfall) can never disagree with their inputs.
 */
import { DocumentData, DocumentReference, FieldPath, FieldValue, Firestore, Timestamp, WriteBatch } from 'firebase-admin/firestore';
import { emptyState, levelsOf, StockState } from '../domain/inventory';
import { StockEvent } from '../domain/events';
import { LocationPosition as Position, Locations, PendingSales } from '../domain/locations';
import { C, EVENT_RETENTION_DAYS } from './collections';

export interface StoredStock {
  state: StockState;
  version: number;
  /** Update time of the document as read; null when it does not exist. */
  updateTime: Timestamp | null;
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

export function stockDoc(state: StockState, version: number, now: Timestamp): DocumentData {
  const l = levelsOf(state);
  const locations: DocumentData = {};
  for (const [loc, p] of Object.entries(state.locations)) {
    // wmsOnHand is stored only while a sale made here is not yet reflected by the WMS: with 20
    // locations per SKU, the redundant copy made every document a fifth larger (and slower to write).
    locations[loc] = { onHand: p.onHand, seq: p.seq, syncedAt: Timestamp.fromMillis(p.syncedAt) };
    if (p.wmsOnHand !== p.onHand) locations[loc].wmsOnHand = p.wmsOnHand;
  }
  return {
    sku: state.sku,
    onHand: l.onHand,
    reserved: l.reserved,
    available: l.available,
    status: l.status,
    shortfall: l.shortfall,
    lowStockThreshold: state.lowStockThreshold,
    locations,
    removedLocations: state.removed,
    pendingSales: state.pendingSales,
    syncedAt: state.syncedAt === null ? null : Timestamp.fromMillis(state.syncedAt),
    lastOutflowAt: state.lastOutflowAt ? Timestamp.fromMillis(state.lastOutflowAt) : null,
    updatedAt: now,
    version,
  };
}

const samePosition = (a: Position | undefined, b: Position | undefined) =>
  !!a && !!b && a.onHand === b.onHand && a.wmsOnHand === b.wmsOnHand && a.seq === b.seq && a.syncedAt === b.syncedAt;

/**
 * The update that turns `before`'s document into `after`'s: every top-level field, but only the
 * locations that changed. A count for 2 of 20 locations then sends 2 positions, not 20 (the
 * emulator writes such a document 2.2x faster, and production re-indexes only what changed).
 * Sound only under a precondition on the document's update time: the document is then exactly
 * what `before` was read from.
 */
export function stockUpdate(before: StockState, after: StockState, version: number, now: Timestamp): [string | FieldPath, unknown][] {
  const { locations, ...top } = stockDoc(after, version, now);
  const out: [string | FieldPath, unknown][] = Object.entries(top);
  for (const [loc, p] of Object.entries(locations as DocumentData)) {
    if (!samePosition(before.locations[loc], after.locations[loc])) out.push([new FieldPath('locations', loc), p]);
  }
  for (const loc of Object.keys(before.locations)) if (!(loc in after.locations)) out.push([new FieldPath('locations', loc), FieldValue.delete()]);
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
  batch: WriteBatch,
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
  if (before.updateTime) {
    const [first, ...rest] = stockUpdate(before.state, after, version, now);
    batch.update(ref, first![0], first![1], ...rest.flat(), { lastUpdateTime: before.updateTime });
  } else batch.create(ref, stockDoc(after, version, now));
  for (const e of eventEntries(db, events, { version, now })) batch.create(e.ref, e.data);
  return version;
}
