/**
 * The stock aggregate of one SKU and every operation that changes a stock number. Pure: takes a
 * state, returns the next state and the events; adapters persist both in one commit.
 */
import { StockEvent, EventSource, PrimaryEventType, withTransitions } from './events';
import { LocationChange, compareSeq } from './sequence';
import { Locations, LocationPosition, PendingSales, backOnOf, effectiveOnHand, pruneReflected, totalOnHand, unitStates } from './locations';
import { Allocation, sellableOnHand } from './allocation';
import { StockLevels, levels, snapshot, assertCount } from './stock';
import { HaltReason, Offer, patchOffer, sameOffer } from './offer';

export interface StockState {
  sku: string;
  locations: Locations;
  /** Tombstones: locationId -> seq of its deletion, so an older upsert cannot resurrect it. */
  removed: Record<string, number>;
  /** Sales committed here, per location, that the WMS has not reflected yet. */
  pendingSales: PendingSales;
  reserved: number;
  lowStockThreshold: number;
  /** Epoch millis the WMS last confirmed any location of this SKU. */
  syncedAt: number | null;
  /** Epoch millis stock last went out (a sale here, or a lower WMS count): the age of what is left. */
  lastOutflowAt?: number | null;
  /** A marketplace offer's attributes (absent on a plain SKU). */
  offer?: Offer | null;
  /** Set while the offer must not sell whatever its count: `available` is 0 meanwhile. */
  halt?: HaltReason | null;
}

export function emptyState(sku: string, lowStockThreshold: number): StockState {
  return { sku, locations: {}, removed: {}, pendingSales: {}, reserved: 0, lowStockThreshold, syncedAt: null };
}

export function levelsOf(s: StockState): StockLevels {
  const onHand = totalOnHand(s.locations);
  let sellable = 0;
  for (const p of Object.values(s.locations)) sellable += sellableOnHand(p);
  return levels(onHand, s.reserved, s.lowStockThreshold, !s.halt, onHand - sellable);
}

/** A position without the optional fields that are zero or unset (what the stored document keeps). */
export function tidyPosition(p: LocationPosition): LocationPosition {
  const out: LocationPosition = { onHand: p.onHand, wmsOnHand: p.wmsOnHand, seq: p.seq, syncedAt: p.syncedAt };
  if (p.reserved) out.reserved = p.reserved;
  if (p.damaged) out.damaged = p.damaged;
  if (p.qualityControl) out.qualityControl = p.qualityControl;
  if (p.incoming) {
    out.incoming = p.incoming;
    if (p.incomingAt) out.incomingAt = p.incomingAt;
  }
  if (p.safetyStock !== undefined && p.safetyStock !== null) out.safetyStock = p.safetyStock;
  return out;
}

export interface Outcome {
  state: StockState;
  events: StockEvent[];
}

function event(
  type: PrimaryEventType,
  before: StockState,
  after: StockState,
  delta: number,
  extra: { locationId?: string; reservationId?: string; orderId?: string; paymentId?: string; reason?: string; source: EventSource; actor?: string; channel?: string; storeId?: string; allocations?: Allocation[] },
): StockEvent[] {
  const b = levelsOf(before);
  const a = levelsOf(after);
  return withTransitions(
    { type, data: { sku: after.sku, delta, before: snapshot(b), after: snapshot(a), ...extra, ...offerFields(before, after), ...backOnField(before, after, a.available) } },
    { before: b.status, after: a.status },
  );
}

/**
 * When a SKU that cannot be sold has a (new) date for incoming units, its event says so
 * (`backOn`), and back-in-stock subscribers are told the date: on the change that sets or moves
 * the date, and on the change that sells out a SKU that already had one.
 */
function backOnField(before: StockState, after: StockState, available: number): { backOn?: string } {
  const at = backOnOf(after.locations);
  if (at === null || available > 0) return {};
  const was = backOnOf(before.locations);
  return was !== at || levelsOf(before).available > 0 ? { backOn: new Date(at).toISOString() } : {};
}

/**
 * An offer's fields on its events (schema v3): every event of an offer names its vendor, and the
 * event that created or changed the offer carries its attributes (not every count: measured, the
 * attributes on every event made the sync's write path a third slower in the emulator).
 */
function offerFields(before: StockState, after: StockState): { vendorId?: string; offer?: Offer; halt?: HaltReason } {
  const o = after.offer;
  return { ...(o ? { vendorId: o.vendorId } : {}), ...(o && !sameOffer(before.offer, o) ? { offer: o } : {}), ...(after.halt ? { halt: after.halt } : {}) };
}

export type ChangeOutcome = 'applied' | 'duplicate' | 'stale';

export interface CountsResult extends Outcome {
  applied: number;
  duplicate: number;
  stale: number;
  /** Per change given, in order: what became of it. */
  outcomes: ChangeOutcome[];
}

/**
 * Applies WMS counts (one per location, already coalesced) to a SKU. Only changes whose seq is
 * newer than the location's (or its tombstone's) apply. One `inventory.synced` event per call.
 */
export function applyCounts(
  prev: StockState,
  changes: readonly LocationChange[],
  now: number,
  source: EventSource,
): CountsResult {
  const next: StockState = {
    ...prev,
    locations: { ...prev.locations },
    removed: { ...prev.removed },
    pendingSales: { ...prev.pendingSales },
  };
  let applied = 0;
  let duplicate = 0;
  let stale = 0;
  const outcomes: ChangeOutcome[] = [];
  for (const c of changes) {
    if (c.sku !== prev.sku) throw new RangeError(`change for ${c.sku} applied to ${prev.sku}`);
    const current = next.locations[c.locationId]?.seq ?? next.removed[c.locationId];
    const verdict = compareSeq(current, c.seq);
    if (verdict === 'duplicate') duplicate++;
    if (verdict === 'stale') stale++;
    outcomes.push(verdict === 'newer' ? 'applied' : verdict);
    if (verdict !== 'newer') continue;
    applied++;
    const sales = pruneReflected(next.pendingSales[c.locationId], c.seq);
    if (sales.length) next.pendingSales[c.locationId] = sales;
    else delete next.pendingSales[c.locationId];
    if (c.offer) {
      const offer = patchOffer(next.offer, c.offer.vendorId, c.offer.vendorSku, c.offer.patch);
      if (offer) next.offer = offer;
    }
    if (c.deleted) {
      delete next.locations[c.locationId];
      next.removed[c.locationId] = c.seq;
    } else {
      assertCount('onHand', c.onHand);
      delete next.removed[c.locationId];
      const had = next.locations[c.locationId];
      // A count keeps the holds allocated here, and the unit states it does not name.
      next.locations[c.locationId] = tidyPosition({
        ...unitStates(had),
        ...(c.states ?? {}),
        reserved: had?.reserved ?? 0,
        onHand: effectiveOnHand(c.onHand, sales, c.seq),
        wmsOnHand: c.onHand,
        seq: c.seq,
        syncedAt: now,
      });
    }
  }
  if (applied === 0) return { state: prev, events: [], applied, duplicate, stale, outcomes };
  next.syncedAt = now;
  const delta = totalOnHand(next.locations) - totalOnHand(prev.locations);
  if (delta < 0) next.lastOutflowAt = now;
  const single = changes.length === 1 ? changes[0]?.locationId : undefined;
  // A source that says why it changed a count (a WMS adjustment) makes it an adjustment event.
  const reasons = [...new Set(changes.filter((c, i) => outcomes[i] === 'applied' && c.reason).map((c) => c.reason!))];
  if (!sameOffer(prev.offer, next.offer) && !reasons.length && delta === 0) reasons.push(prev.offer ? 'offer_updated' : 'offer_created');
  const events = event(reasons.length ? 'inventory.adjusted' : 'inventory.synced', prev, next, delta, {
    source,
    ...(single ? { locationId: single } : {}),
    ...(reasons.length ? { reason: reasons.join(', ') } : {}),
  });
  return { state: next, events, applied, duplicate, stale, outcomes };
}

export type StockFailure =
  | { code: 'insufficient'; requested: number; available: number }
  | { code: 'invalid_quantity'; quantity: number }
  | { code: 'not_held'; quantity: number; reserved: number }
  | { code: 'unknown_location'; locationId: string };

export type StockResult = ({ ok: true } & Outcome) | { ok: false; failure: StockFailure };

function checkQuantity(quantity: number): StockFailure | null {
  return Number.isSafeInteger(quantity) && quantity > 0 ? null : { code: 'invalid_quantity', quantity };
}

export interface ReservationRef {
  reservationId: string;
  /** The shopper's order (their cart), as the ADR names it; never the payment. */
  orderId?: string;
  /** The payment that confirmed a sale. */
  paymentId?: string;
  source: EventSource;
  reason?: string;
  /** The operator behind a manual change (a cancelled line). */
  actor?: string;
  /** The sales channel of the hold, and the store it is picked up at (events name both). */
  channel?: string;
  storeId?: string;
}

/** Adds `delta` held units at each allocated location (a location the SKU no longer has is skipped). */
function shiftReserved(locations: Locations, allocations: readonly Allocation[], sign: 1 | -1): Locations {
  const out = { ...locations };
  for (const a of allocations) {
    const pos = out[a.locationId];
    if (!pos) continue;
    out[a.locationId] = tidyPosition({ ...pos, reserved: Math.max(0, (pos.reserved ?? 0) + sign * a.quantity) });
  }
  return out;
}

/**
 * Holds `quantity` units. Fails unless that many are available. With `allocations` (where the
 * units come from, summing to `quantity`) each location must have them free: sellable units not
 * already held there. The allocator never asks for more (domain/allocation.ts); this is the check
 * that makes it impossible.
 */
export function reserve(prev: StockState, quantity: number, ref: ReservationRef, allocations?: readonly Allocation[]): StockResult {
  const bad = checkQuantity(quantity);
  if (bad) return { ok: false, failure: bad };
  const { available } = levelsOf(prev);
  if (quantity > available) return { ok: false, failure: { code: 'insufficient', requested: quantity, available } };
  if (!allocations) {
    const next = { ...prev, reserved: prev.reserved + quantity };
    return { ok: true, state: next, events: event('inventory.reserved', prev, next, quantity, ref) };
  }
  let sum = 0;
  for (const a of allocations) {
    const pos = prev.locations[a.locationId];
    if (!pos) return { ok: false, failure: { code: 'unknown_location', locationId: a.locationId } };
    const free = sellableOnHand(pos) - (pos.reserved ?? 0);
    if (!Number.isSafeInteger(a.quantity) || a.quantity <= 0 || a.quantity > free) return { ok: false, failure: { code: 'insufficient', requested: a.quantity, available: Math.max(0, free) } };
    sum += a.quantity;
  }
  if (sum !== quantity) return { ok: false, failure: { code: 'invalid_quantity', quantity: sum } };
  const next = { ...prev, reserved: prev.reserved + quantity, locations: shiftReserved(prev.locations, allocations, 1) };
  return { ok: true, state: next, events: event('inventory.reserved', prev, next, quantity, { ...ref, allocations: [...allocations] }) };
}

/** Returns held units to available (release, expiry, cancellation of a hold), at the locations they were held. */
export function unreserve(prev: StockState, quantity: number, ref: ReservationRef, allocations?: readonly Allocation[]): StockResult {
  const bad = checkQuantity(quantity);
  if (bad) return { ok: false, failure: bad };
  if (quantity > prev.reserved) return { ok: false, failure: { code: 'not_held', quantity, reserved: prev.reserved } };
  const next = { ...prev, reserved: prev.reserved - quantity, ...(allocations ? { locations: shiftReserved(prev.locations, allocations, -1) } : {}) };
  return { ok: true, state: next, events: event('inventory.released', prev, next, -quantity, { ...ref, ...(allocations ? { allocations: [...allocations] } : {}) }) };
}

/** The first `n` units of an allocation, and the rest (a partial confirm sells the first, releases the rest). */
export function splitAllocation(allocations: readonly Allocation[], n: number): [Allocation[], Allocation[]] {
  const first: Allocation[] = [];
  const rest: Allocation[] = [];
  let left = n;
  for (const a of allocations) {
    const take = Math.min(left, a.quantity);
    if (take > 0) first.push({ locationId: a.locationId, quantity: take });
    if (a.quantity - take > 0) rest.push({ locationId: a.locationId, quantity: a.quantity - take });
    left -= take;
  }
  return [first, rest];
}

export interface SaleRef extends ReservationRef {
  saleId: string;
  at?: number;
  /** Where the hold's units are (it was allocated): they are sold there. */
  allocated?: readonly Allocation[];
  /** Where a location's missing units may be taken instead, in the channel's order. */
  reallocateTo?: readonly string[];
}

export type SaleResult = StockResult & { allocations?: Allocation[]; reallocated?: number; backordered?: number };

/**
 * Turns held units into a sale: reserved and onHand both go down. An allocated hold is sold where
 * it was held; a location that has lost units since is made up from `reallocateTo` (units free
 * there, never ones other holds have), inside the same transaction. An unallocated hold (taken
 * before allocation existed) is taken from the locations with the most stock. Units no location
 * covers (a shortfall) are still sold: the hold was promised; the sale says how many
 * (`backordered`). The units are remembered as pending sales until the WMS reflects them.
 */
export function commitSale(prev: StockState, quantity: number, ref: SaleRef): SaleResult {
  const bad = checkQuantity(quantity);
  if (bad) return { ok: false, failure: bad };
  if (quantity > prev.reserved) return { ok: false, failure: { code: 'not_held', quantity, reserved: prev.reserved } };
  const next: StockState = {
    ...prev,
    reserved: prev.reserved - quantity,
    locations: ref.allocated ? shiftReserved(prev.locations, ref.allocated, -1) : { ...prev.locations },
    pendingSales: { ...prev.pendingSales },
    ...(ref.at !== undefined ? { lastOutflowAt: ref.at } : {}),
  };
  const taken = new Map<string, number>();
  const take = (locationId: string, want: number, free: (p: LocationPosition) => number): number => {
    const pos = next.locations[locationId];
    if (!pos || want <= 0) return 0;
    const n = Math.min(want, Math.max(0, free(pos)));
    if (n === 0) return 0;
    next.locations[locationId] = tidyPosition({ ...pos, onHand: pos.onHand - n });
    next.pendingSales[locationId] = [...(next.pendingSales[locationId] ?? []), { id: ref.saleId, quantity: n }];
    taken.set(locationId, (taken.get(locationId) ?? 0) + n);
    return n;
  };
  let remaining = quantity;
  let reallocated = 0;
  if (ref.allocated) {
    for (const a of ref.allocated) remaining -= take(a.locationId, a.quantity, sellableOnHand);
    for (const id of ref.reallocateTo ?? []) {
      if (remaining === 0) break;
      const n = take(id, remaining, (p) => sellableOnHand(p) - (p.reserved ?? 0));
      remaining -= n;
      reallocated += n;
    }
  } else {
    const byStock = Object.entries(prev.locations).sort((a, b) => b[1].onHand - a[1].onHand || a[0].localeCompare(b[0]));
    for (const [locationId] of byStock) {
      if (remaining === 0) break;
      remaining -= take(locationId, remaining, (p) => p.onHand);
    }
  }
  const allocations = [...taken].map(([locationId, q]) => ({ locationId, quantity: q }));
  const onHandDelta = totalOnHand(next.locations) - totalOnHand(prev.locations);
  const { saleId: _saleId, at: _at, allocated: _allocated, reallocateTo: _to, ...eventRef } = ref;
  // The store / warehouse the sale came from, when it is one (else `allocations` on the fulfilment).
  const at = allocations.length === 1 ? { locationId: allocations[0]!.locationId } : {};
  const events = event('inventory.committed', prev, next, onHandDelta, { ...eventRef, ...at, ...(ref.allocated ? { allocations } : {}) });
  return { ok: true, state: next, events, allocations, reallocated, backordered: remaining };
}

/** Records the WMS's acknowledgement of a sale: counts with seq >= ackSeq already reflect it. */
export function ackSale(prev: StockState, saleId: string, locationId: string, ackSeq: number): StockState {
  const sales = prev.pendingSales[locationId];
  if (!sales?.some((s) => s.id === saleId)) return prev;
  const updated = sales.map((s) => (s.id === saleId ? { ...s, ackSeq } : s));
  const pos = prev.locations[locationId];
  // A count at or after ackSeq may already be applied: then the sale is reflected now.
  const kept = pos ? pruneReflected(updated, pos.seq) : updated;
  const pendingSales = { ...prev.pendingSales };
  if (kept.length) pendingSales[locationId] = kept;
  else delete pendingSales[locationId];
  const locations = { ...prev.locations };
  if (pos) locations[locationId] = { ...pos, onHand: effectiveOnHand(pos.wmsOnHand, kept, pos.seq) };
  return { ...prev, pendingSales, locations };
}

/**
 * Cancels units of a committed sale at a location (a vendor cancellation): the units come back.
 * If the WMS has not acknowledged the sale yet, the pending deduction shrinks; otherwise the
 * location is restocked until the WMS reports its own count.
 */
export function cancelSale(prev: StockState, saleId: string, locationId: string, quantity: number, ref: ReservationRef): StockResult {
  const bad = checkQuantity(quantity);
  if (bad) return { ok: false, failure: bad };
  const pos = prev.locations[locationId];
  if (!pos) return { ok: false, failure: { code: 'unknown_location', locationId } };
  const sales = prev.pendingSales[locationId] ?? [];
  const sale = sales.find((s) => s.id === saleId && s.ackSeq === undefined);
  if (!sale) return restock(prev, locationId, quantity, ref);
  const take = Math.min(quantity, sale.quantity);
  const kept = sales.flatMap((s) => (s === sale ? (s.quantity > take ? [{ ...s, quantity: s.quantity - take }] : []) : [s]));
  const pendingSales = { ...prev.pendingSales };
  if (kept.length) pendingSales[locationId] = kept;
  else delete pendingSales[locationId];
  const mid: StockState = {
    ...prev,
    pendingSales,
    locations: { ...prev.locations, [locationId]: { ...pos, onHand: effectiveOnHand(pos.wmsOnHand, kept, pos.seq) } },
  };
  if (take === quantity) {
    return { ok: true, state: mid, events: event('inventory.adjusted', prev, mid, totalOnHand(mid.locations) - totalOnHand(prev.locations), { ...ref, locationId }) };
  }
  const rest = restock(mid, locationId, quantity - take, ref);
  if (!rest.ok) return rest;
  return { ok: true, state: rest.state, events: event('inventory.adjusted', prev, rest.state, totalOnHand(rest.state.locations) - totalOnHand(prev.locations), { ...ref, locationId }) };
}

/** ackSale as a stock change: when the acknowledgement alters a count, it is an event too. */
export function acknowledgeSale(prev: StockState, saleId: string, locationId: string, ackSeq: number, source: EventSource): Outcome {
  const next = ackSale(prev, saleId, locationId, ackSeq);
  const delta = totalOnHand(next.locations) - totalOnHand(prev.locations);
  if (delta === 0) return { state: next, events: [] };
  return { state: next, events: event('inventory.synced', prev, next, delta, { source, locationId, reason: 'sale_acknowledged' }) };
}

/** Returns units of a committed sale to stock (a vendor cancellation): onHand goes back up. */
export function restock(prev: StockState, locationId: string, quantity: number, ref: ReservationRef): StockResult {
  const bad = checkQuantity(quantity);
  if (bad) return { ok: false, failure: bad };
  const pos = prev.locations[locationId];
  if (!pos) return { ok: false, failure: { code: 'unknown_location', locationId } };
  const next = { ...prev, locations: { ...prev.locations, [locationId]: { ...pos, onHand: pos.onHand + quantity } } };
  return {
    ok: true,
    state: next,
    events: event('inventory.adjusted', prev, next, quantity, { ...ref, locationId }),
  };
}

/** An operator sets a location's count. Reservations are never touched. */
/**
 * The invariant repair: `reserved` becomes the units the held reservations really hold (counted
 * by the caller in the same transaction). No event when it already agrees.
 */
export function recountReserved(prev: StockState, held: number, ref: { source: EventSource; reason: string }): Outcome {
  assertCount('held', held);
  if (held === prev.reserved) return { state: prev, events: [] };
  const next: StockState = { ...prev, reserved: held };
  return { state: next, events: event('inventory.adjusted', prev, next, held - prev.reserved, ref) };
}

export function adjustLocation(
  prev: StockState,
  locationId: string,
  onHand: number,
  now: number,
  ref: { source: EventSource; reason: string; actor?: string },
): Outcome {
  assertCount('onHand', onHand);
  const pos = prev.locations[locationId];
  const next: StockState = {
    ...prev,
    locations: {
      ...prev.locations,
      [locationId]: tidyPosition({ ...unitStates(pos), reserved: pos?.reserved ?? 0, onHand, wmsOnHand: onHand, seq: pos?.seq ?? prev.removed[locationId] ?? 0, syncedAt: pos?.syncedAt ?? now }),
    },
  };
  const delta = onHand - (pos?.onHand ?? 0);
  if (delta === 0) return { state: prev, events: [] };
  return { state: next, events: event('inventory.adjusted', prev, next, delta, { ...ref, locationId }) };
}

/**
 * Stops an offer selling (`available` 0, whatever its count) or lets it sell again (`halt` null).
 * Holds already taken stay; only new ones are refused. One `inventory.adjusted` event with the
 * reason, and the availability transitions it causes.
 */
export function setHalt(prev: StockState, halt: HaltReason | null, source: EventSource, actor?: string): Outcome {
  if ((prev.halt ?? null) === halt) return { state: prev, events: [] };
  const next: StockState = { ...prev, halt };
  return { state: next, events: event('inventory.adjusted', prev, next, 0, { source, reason: halt ?? `${prev.halt}_cleared`, ...(actor ? { actor } : {}) }) };
}

/** The states a unit can be moved between by an operator: `sellable` is onHand not in another state. */
export const MOVABLE_STATES = ['sellable', 'damaged', 'qualityControl'] as const;
export type MovableState = (typeof MOVABLE_STATES)[number];

export type MoveFailure = { code: 'unknown_location'; locationId: string } | { code: 'not_enough'; state: MovableState; has: number; quantity: number } | { code: 'invalid_quantity'; quantity: number };

/**
 * Moves units of a location between sellable, damaged and quality control (a damaged delivery, a
 * return checked and put back on the shelf). onHand is unchanged; what is available changes. Only
 * sellable units not held by an allocated hold can leave `sellable`. An `inventory.adjusted` event
 * with the reason and its delta in available units.
 */
export function moveUnits(
  prev: StockState,
  m: { locationId: string; from: MovableState; to: MovableState; quantity: number },
  ref: { source: EventSource; reason: string; actor?: string },
): ({ ok: true } & Outcome) | { ok: false; failure: MoveFailure } {
  if (!Number.isSafeInteger(m.quantity) || m.quantity <= 0 || m.from === m.to) return { ok: false, failure: { code: 'invalid_quantity', quantity: m.quantity } };
  const pos = prev.locations[m.locationId];
  if (!pos) return { ok: false, failure: { code: 'unknown_location', locationId: m.locationId } };
  const has = m.from === 'sellable' ? sellableOnHand(pos) - (pos.reserved ?? 0) : (pos[m.from] ?? 0);
  if (has < m.quantity) return { ok: false, failure: { code: 'not_enough', state: m.from, has: Math.max(0, has), quantity: m.quantity } };
  const moved: LocationPosition = { ...pos };
  if (m.from !== 'sellable') moved[m.from] = (pos[m.from] ?? 0) - m.quantity;
  if (m.to !== 'sellable') moved[m.to] = (pos[m.to] ?? 0) + m.quantity;
  const next: StockState = { ...prev, locations: { ...prev.locations, [m.locationId]: tidyPosition(moved) } };
  const delta = levelsOf(next).available - levelsOf(prev).available;
  return { ok: true, state: next, events: event('inventory.adjusted', prev, next, delta, { ...ref, locationId: m.locationId, reason: `${ref.reason} (${m.quantity} ${m.from} -> ${m.to})` }) };
}

/** Sets a location's incoming units and their expected date, or this SKU's safety stock there. */
export function setUnitStates(prev: StockState, locationId: string, states: Partial<Pick<LocationPosition, 'incoming' | 'incomingAt' | 'safetyStock'>>, ref: { source: EventSource; reason: string; actor?: string }): ({ ok: true } & Outcome) | { ok: false; failure: MoveFailure } {
  const pos = prev.locations[locationId];
  if (!pos) return { ok: false, failure: { code: 'unknown_location', locationId } };
  const next: StockState = { ...prev, locations: { ...prev.locations, [locationId]: tidyPosition({ ...pos, ...states }) } };
  return { ok: true, state: next, events: event('inventory.adjusted', prev, next, 0, { ...ref, locationId }) };
}
