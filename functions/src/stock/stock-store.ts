/**
 * Mapping between the stock aggregate and its two documents, and between domain events and
 * `inventoryEvents` log entries.
 *
 * `inventory/{sku}` is public (storefront listeners read it): the levels, the positions and the
 * freshness, nothing else. The aggregate's bookkeeping (sales committed here that the WMS has not
 * reflected, deletion tombstones, the WMS's own count where a pending sale makes it differ, and the
 * shortfall) lives in `inventoryInternals/{sku}`, which the rules deny to every client. The private
 * document exists only while it has something to say, and the public one carries `internals: true`
 * meanwhile, so the common read (the sync's) is one document per SKU and a reader knows when to
 * read the second. The private document is written only in the same commit as the public one, so a
 * precondition on the public document's update time covers both.
 *
 * Every write of a stock document goes through `stockDoc`/`stockUpdate`/`internalsWrite`, so the
 * derived fields (available, status, shortfall) can never disagree with their inputs.
 */
import { DocumentData, DocumentReference, DocumentSnapshot, FieldPath, FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { pagesById } from '../adapters/firestore-order';
import { emptyState, levelsOf, StockState, tidyPosition } from '../domain/inventory';
import { channelLevels } from './channel-view';
import { HALT_REASONS, HaltReason, Offer } from '../domain/offer';
import { StockEvent } from '../domain/events';
import { LocationPosition as Position, Locations, PendingSales } from '../domain/locations';
import { C } from '../adapters/collections';
import { sampledCarrier } from '../adapters/tracing';
import { expireAt as expiry } from '../adapters/retention';
import { WireBatch } from '../adapters/firestore-wire';
import { OutboxGroup } from './outbox';

export interface StoredStock {
  state: StockState;
  version: number;
  /** Update time of the public document as read; null when it does not exist. */
  updateTime: Timestamp | null;
  /** False when the stored document lacks some field `stockDoc` writes, or still has one it no longer writes. */
  complete?: boolean;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : 0;
}

function millis(v: unknown): number | null {
  return v instanceof Timestamp ? v.toMillis() : null;
}

/** Fields documents written before the split kept in `inventory/{sku}`; read from there until rewritten. */
export const LEGACY_FIELDS = ['pendingSales', 'removedLocations', 'shortfall'] as const;

/** Whether the public document says a private one holds part of the state. */
export function hasInternals(data: DocumentData | undefined): boolean {
  return data?.internals === true;
}

/**
 * The aggregate from its public document and, when that says there is one, its private document
 * (`internal`; documents from before the split carry the same fields themselves).
 */
export function stockFromDoc(sku: string, data: DocumentData | undefined, defaultThreshold: number, internal?: DocumentData): { state: StockState; version: number } {
  if (!data) return { state: emptyState(sku, defaultThreshold), version: 0 };
  const priv: DocumentData = hasInternals(data) ? (internal ?? {}) : data;
  const wms = (priv.wmsOnHand ?? {}) as Record<string, number>;
  const locations: Locations = {};
  for (const [loc, p] of Object.entries((data.locations ?? {}) as Record<string, DocumentData>)) {
    locations[loc] = tidyPosition({
      onHand: p.onHand,
      wmsOnHand: wms[loc] ?? p.wmsOnHand ?? p.onHand,
      seq: p.seq ?? 0,
      syncedAt: millis(p.syncedAt) ?? 0,
      reserved: num(p.reserved),
      damaged: num(p.damaged),
      qualityControl: num(p.qualityControl),
      incoming: num(p.incoming),
      ...(millis(p.incomingAt) !== null ? { incomingAt: millis(p.incomingAt)! } : {}),
      ...(typeof p.safetyStock === 'number' ? { safetyStock: p.safetyStock } : {}),
    });
  }
  return {
    state: {
      sku,
      locations,
      removed: (priv.removedLocations ?? {}) as Record<string, number>,
      pendingSales: (priv.pendingSales ?? {}) as PendingSales,
      reserved: data.reserved ?? 0,
      lowStockThreshold: typeof data.lowStockThreshold === 'number' ? data.lowStockThreshold : defaultThreshold,
      syncedAt: millis(data.syncedAt),
      lastOutflowAt: millis(data.lastOutflowAt),
      // Only on offers (and halted stock): a plain SKU's aggregate has neither key.
      ...offerAndHalt(data),
    },
    version: typeof data.version === 'number' ? data.version : 0,
  };
}

function offerAndHalt(data: DocumentData): Pick<StockState, 'offer' | 'halt'> {
  const offer = offerFromDoc(data);
  const halt = HALT_REASONS.includes(data.halt) ? (data.halt as HaltReason) : null;
  return { ...(offer ? { offer } : {}), ...(halt ? { halt } : {}) };
}

/** The offer a stock document describes, or null for a plain SKU. */
export function offerFromDoc(data: DocumentData): Offer | null {
  if (typeof data.vendorId !== 'string') return null;
  return {
    vendorId: data.vendorId,
    vendorSku: data.vendorSku ?? '',
    productId: data.productId,
    condition: data.condition,
    language: data.language,
    foil: data.foil === true,
    signed: data.signed === true,
    price: data.price,
  };
}

/** The fields an offer adds to its stock document (CONTRACT.md: vendorId, productId, condition, language, price), `halt` last. */
export const OFFER_DOC_FIELDS = ['vendorId', 'vendorSku', 'productId', 'condition', 'language', 'foil', 'signed', 'price', 'halt'] as const;

/** An offer's public fields and whether it sells. */
function offerFields(state: StockState): DocumentData {
  const o = state.offer;
  const out: DocumentData = o
    ? { vendorId: o.vendorId, vendorSku: o.vendorSku, productId: o.productId, condition: o.condition, language: o.language, foil: o.foil, signed: o.signed, price: { amount: o.price.amount, currency: o.price.currency } }
    : {};
  if (o || state.halt) out.halt = state.halt ?? null;
  return out;
}

export function internalsRef(db: Firestore, sku: string): DocumentReference {
  return db.collection(C.stockInternals).doc(sku);
}

type GetAll = (...refs: DocumentReference[]) => Promise<DocumentSnapshot[]>;

export interface LoadedStock extends StoredStock {
  sku: string;
  exists: boolean;
}

/**
 * The aggregates behind public stock snapshots: the private documents of those that have one are
 * read through `getAll` (a transaction's, to read them in it, or the database's).
 */
export async function loadStocks(getAll: GetAll, db: Firestore, snaps: readonly DocumentSnapshot[], defaultThreshold: number): Promise<LoadedStock[]> {
  const flagged = snaps.filter((s) => hasInternals(s.data()));
  const internals = new Map<string, DocumentData | undefined>();
  if (flagged.length) for (const s of await getAll(...flagged.map((f) => internalsRef(db, f.id)))) internals.set(s.id, s.data());
  return snaps.map((snap) => {
    const data = snap.data();
    const { state, version } = stockFromDoc(snap.id, data, defaultThreshold, internals.get(snap.id));
    return { sku: snap.id, exists: snap.exists, state, version, updateTime: snap.exists ? (snap.updateTime ?? null) : null, complete: hasAllStockFields(data) };
  });
}

/** Reads SKUs' aggregates in one go (two reads when some have private documents). */
export async function readStocks(getAll: GetAll, db: Firestore, skus: readonly string[], defaultThreshold: number): Promise<LoadedStock[]> {
  if (!skus.length) return [];
  return loadStocks(getAll, db, await getAll(...skus.map((s) => stockRef(db, s))), defaultThreshold);
}

/** The private document's content for a state; null when there is nothing to keep. */
export function internalsDoc(state: StockState): DocumentData | null {
  const wmsOnHand: Record<string, number> = {};
  for (const [loc, p] of Object.entries(state.locations)) if (p.wmsOnHand !== p.onHand) wmsOnHand[loc] = p.wmsOnHand;
  const shortfall = levelsOf(state).shortfall;
  if (!Object.keys(state.pendingSales).length && !Object.keys(state.removed).length && !Object.keys(wmsOnHand).length && shortfall === 0) return null;
  return { sku: state.sku, pendingSales: state.pendingSales, removedLocations: state.removed, wmsOnHand, shortfall };
}

function locationFields(state: StockState): DocumentData {
  const locations: DocumentData = {};
  for (const [loc, p] of Object.entries(state.locations)) locations[loc] = positionField(p);
  return locations;
}

/** A position as stored: the unit states only where set, so a plain count stays three fields. */
function positionField(p: Position): DocumentData {
  const out: DocumentData = { onHand: p.onHand, seq: p.seq, syncedAt: Timestamp.fromMillis(p.syncedAt) };
  if (p.reserved) out.reserved = p.reserved;
  if (p.damaged) out.damaged = p.damaged;
  if (p.qualityControl) out.qualityControl = p.qualityControl;
  if (p.incoming) out.incoming = p.incoming;
  if (p.incoming && p.incomingAt) out.incomingAt = Timestamp.fromMillis(p.incomingAt);
  if (p.safetyStock !== undefined) out.safetyStock = p.safetyStock;
  return out;
}

/** Every field of the document but `locations`. */
function topFields(state: StockState, version: number, now: Timestamp, withOffer = true): DocumentData {
  const l = levelsOf(state);
  return {
    sku: state.sku,
    onHand: l.onHand,
    reserved: l.reserved,
    available: l.available,
    status: l.status,
    lowStockThreshold: state.lowStockThreshold,
    // The locations as a list, so the dashboard can filter by warehouse, store or vendor (the
    // `locations` map itself is exempt from indexing); it changes only when the set does.
    locationIds: Object.keys(state.locations).sort(),
    internals: internalsDoc(state) !== null,
    syncedAt: state.syncedAt === null ? null : Timestamp.fromMillis(state.syncedAt),
    lastOutflowAt: state.lastOutflowAt ? Timestamp.fromMillis(state.lastOutflowAt) : null,
    updatedAt: now,
    version,
    ...(withOffer ? offerFields(state) : {}),
    // Per sales channel, when channels are configured (stock/channel-view.ts).
    ...channelLevels(state),
  };
}

export function stockDoc(state: StockState, version: number, now: Timestamp): DocumentData {
  return { ...topFields(state, version, now), locations: locationFields(state) };
}

const samePosition = (a: Position | undefined, b: Position | undefined) =>
  !!a &&
  !!b &&
  a.onHand === b.onHand &&
  a.seq === b.seq &&
  a.syncedAt === b.syncedAt &&
  (a.reserved ?? 0) === (b.reserved ?? 0) &&
  (a.damaged ?? 0) === (b.damaged ?? 0) &&
  (a.qualityControl ?? 0) === (b.qualityControl ?? 0) &&
  (a.incoming ?? 0) === (b.incoming ?? 0) &&
  (a.incomingAt ?? 0) === (b.incomingAt ?? 0) &&
  a.safetyStock === b.safetyStock;

/** Deep equality over the values a stock document holds (numbers, strings, null, Timestamps, maps, arrays). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Timestamp || b instanceof Timestamp) return a instanceof Timestamp && b instanceof Timestamp && a.isEqual(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && sameValue((a as DocumentData)[k], (b as DocumentData)[k]));
}

/** Top-level fields present only while they say something. */
const OPTIONAL_TOP_FIELDS = ['channels', 'backOn'] as const;

/** The top-level fields every stock document written by `stockDoc` has. */
export const STOCK_FIELDS = Object.freeze(Object.keys(stockDoc(emptyState('-', 0), 0, Timestamp.fromMillis(0))));

/**
 * Whether a stored document has exactly the top-level fields `stockDoc` writes (documents from
 * older versions may lack some, or still carry the internals in public).
 */
export function hasAllStockFields(data: DocumentData | undefined): boolean {
  return !!data && STOCK_FIELDS.every((k) => k in data) && !LEGACY_FIELDS.some((k) => k in data) && !hasLegacyPositions(data);
}

function hasLegacyPositions(data: DocumentData): boolean {
  return Object.values((data.locations ?? {}) as Record<string, DocumentData>).some((p) => 'wmsOnHand' in p);
}

/**
 * The update that turns `before`'s document into `after`'s: only the top-level fields and the
 * locations that changed, each named by its path segments. A count for 2 of 20 locations then
 * sends 2 positions, not 20, and not the ten top-level fields a count never touches (on this
 * machine's emulator, 8 changed locations with every top-level field wrote at 2.7k docs/s, with
 * only the changed ones at 4.1k docs/s). Sound only under a precondition on the document's update
 * time: the document is then exactly what `before` was read from. A document not `complete` (from
 * an older version) gets every top-level field and position, and loses the fields no longer public.
 */
export function stockUpdate(before: StockState, after: StockState, version: number, now: Timestamp, complete = true): [string[], unknown][] {
  // An offer whose attributes and halt are the same objects as before (a count, a hold) has nothing
  // to compare or send there: most writes of an offer.
  const withOffer = !complete || before.offer !== after.offer || (before.halt ?? null) !== (after.halt ?? null);
  const prev = complete ? topFields(before, version - 1, now, withOffer) : {};
  const out: [string[], unknown][] = [];
  const next = topFields(after, version, now, withOffer);
  for (const [k, v] of Object.entries(next)) {
    if (!complete || k === 'updatedAt' || k === 'version' || !sameValue(prev[k], v)) out.push([[k], v]);
  }
  // A field written only while it has something to say (the channels) goes when it has not.
  for (const k of OPTIONAL_TOP_FIELDS) if (complete && k in prev && !(k in next)) out.push([[k], FieldValue.delete()]);
  if (!complete) for (const k of LEGACY_FIELDS) out.push([[k], FieldValue.delete()]);
  for (const [loc, p] of Object.entries(after.locations)) if (!complete || !samePosition(before.locations[loc], p)) out.push([['locations', loc], positionField(p)]);
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
  const expireAt = expiry('inventoryEvents', meta.now.toMillis());
  // The commit's trace (a sampled one): the relay and the consumers continue it (adapters/tracing.ts).
  const trace = events.length ? sampledCarrier() : null;
  return events.map((e, ordinal) => {
    const ref = db.collection(C.events).doc();
    return {
      ref,
      data: {
        id: ref.id,
        type: e.type,
        sku: e.data.sku,
        source: e.data.source,
        dataJson: JSON.stringify(stripUndefined(e.data)),
        version: meta.version,
        ordinal,
        createdAt: meta.now,
        expireAt,
        ...(meta.correlationId ? { correlationId: meta.correlationId } : {}),
        ...(trace ? { trace } : {}),
        // An offer's entries name its vendor, so the vendor reads its own audit trail and no other.
        ...(e.data.vendorId ? { vendorId: e.data.vendorId } : {}),
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
 * the next is read). `fields` limits what is read (none: ids only); without it, each record is the
 * whole aggregate, private part included. `after`: start after this SKU (a resumed scan).
 */
export async function* stockPages(db: Firestore, defaultThreshold: number, pageSize = 1000, fields?: string[], after: string | null = null): AsyncGenerator<StockRecord[]> {
  const q = fields ? db.collection(C.inventory).select(...fields) : db.collection(C.inventory);
  for await (const docs of pagesById(q, pageSize, after)) {
    const loaded = fields ? null : await loadStocks((...refs) => db.getAll(...refs), db, docs, defaultThreshold);
    yield docs.map((d, i) => {
      const data = d.data();
      const { state, version } = loaded ? loaded[i]! : stockFromDoc(d.id, data, defaultThreshold);
      return { sku: d.id, state, version, stored: { onHand: data.onHand, reserved: data.reserved, available: data.available }, data };
    });
  }
}

/** What writing a stock document needs from a transaction (or an optimistic batch). */
export interface StockWriter {
  set(ref: DocumentReference, data: DocumentData): unknown;
  create(ref: DocumentReference, data: DocumentData): unknown;
  delete(ref: DocumentReference): unknown;
  /** Firestore's field-path form: the named fields only, on a document the writer read. */
  update(ref: DocumentReference, field: FieldPath, value: unknown, ...moreFieldsAndValues: unknown[]): unknown;
}

/**
 * The private document's write for a change of state, only when its content changes (most
 * changes are counts and holds, which never touch it): 0 or 1 write.
 */
export function internalsWrite(w: Pick<StockWriter, 'set' | 'delete'>, db: Firestore, before: StockState | null, after: StockState, complete = true): number {
  const next = internalsDoc(after);
  const prev = before && complete ? internalsDoc(before) : undefined;
  if (prev !== undefined && sameValue(prev, next)) return 0;
  if (next) w.set(internalsRef(db, after.sku), next);
  else if (prev !== null) w.delete(internalsRef(db, after.sku));
  else return 0;
  return 1;
}

/**
 * Writes a changed stock document, its private part and its events inside a transaction. The
 * events' outbox copies go to `outbox` when given (the caller writes the group once for the whole
 * transaction: `outbox.write(tx, db, now)`), else into an outbox document of their own.
 */
export function writeInTransaction(
  tx: StockWriter,
  db: Firestore,
  before: { version: number; state: StockState; complete?: boolean },
  after: StockState,
  events: readonly StockEvent[],
  now: Timestamp,
  correlationId?: string,
  outbox?: OutboxGroup,
): number {
  const version = before.version + 1;
  const ref = stockRef(db, after.sku);
  if (before.version === 0) tx.set(ref, stockDoc(after, version, now));
  else {
    // Only what changed (a hold touches reserved, available, status and the version, not 20 positions
    // or an offer's attributes): the transaction read the document, so it is exactly `before`.
    const [first, ...rest] = stockUpdate(before.state, after, version, now, before.complete !== false).map(([segs, v]) => [new FieldPath(...segs), v] as const);
    tx.update(ref, first![0], first![1], ...rest.flat());
  }
  internalsWrite(tx, db, before.version === 0 ? null : before.state, after, before.complete !== false);
  const entries = eventEntries(db, events, { version, now, correlationId });
  for (const e of entries) tx.create(e.ref, e.data);
  const group = outbox ?? new OutboxGroup();
  group.add(entries.map((e) => e.data));
  if (!outbox) group.write(tx, db, now);
  return version;
}

/**
 * Adds a changed stock document (first, so its update time is the commit result at the returned
 * index), its private part and its events to `batch`, and the events' outbox copies to `outbox`
 * (the caller adds the group to the batch once: `outbox.write(batch, db, now)`). Returns the new
 * version and the writes added.
 */
export function writeInBatch(
  batch: WireBatch,
  db: Firestore,
  before: StoredStock,
  after: StockState,
  events: readonly StockEvent[],
  now: Timestamp,
  outbox: OutboxGroup,
): { version: number; writes: number } {
  const version = before.version + 1;
  const ref = stockRef(db, after.sku);
  const complete = before.complete !== false;
  // Optimistic concurrency: the batch fails if anyone (a checkout transaction) wrote the document
  // after we read it, and the caller re-reads and re-applies. No lock is held while we compute.
  if (before.updateTime) batch.update(ref, stockUpdate(before.state, after, version, now, complete), { lastUpdateTime: before.updateTime });
  else batch.create(ref, stockDoc(after, version, now));
  const writes = 1 + internalsWrite(batch, db, before.updateTime ? before.state : null, after, complete);
  const entries = eventEntries(db, events, { version, now });
  for (const e of entries) batch.create(e.ref, e.data);
  outbox.add(entries.map((e) => e.data));
  return { version, writes: writes + entries.length };
}
