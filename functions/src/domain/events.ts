/**
 * Stock events: what changed, before and after. Every stock change yields one primary event and
 * the availability transitions it caused (out of stock, back in stock, low stock).
 */
import { StockSnapshot, StockStatus } from './stock';
import type { HaltReason, Offer } from './offer';

export const EVENT_TYPES = [
  'inventory.reserved',
  'inventory.released',
  'inventory.committed',
  'inventory.adjusted',
  'inventory.synced',
  'inventory.out_of_stock',
  'inventory.back_in_stock',
  'inventory.low_stock',
] as const;
export type InventoryEventType = (typeof EVENT_TYPES)[number];
export type PrimaryEventType = Extract<
  InventoryEventType,
  'inventory.reserved' | 'inventory.released' | 'inventory.committed' | 'inventory.adjusted' | 'inventory.synced'
>;

export type EventSource = 'wms' | 'push' | 'checkout' | 'operator' | 'reconcile' | 'system' | string;

export interface StockEventData {
  sku: string;
  locationId?: string;
  /**
   * Signed change of the quantity the event is about: `onHand` for synced / adjusted / committed,
   * `reserved` for reserved / released; transition events repeat their cause's delta.
   */
  delta: number;
  before: StockSnapshot;
  after: StockSnapshot;
  reservationId?: string;
  /** The shopper's order (their cart id), on holds and sales. */
  orderId?: string;
  /** The payment that confirmed a sale (inventory.committed). */
  paymentId?: string;
  reason?: string;
  source: EventSource;
  /** The operator (uid) behind a manual change. */
  actor?: string;
  /** The push batch the change came in (`source` is the pushing system). */
  batchId?: string;
  /** The vendor whose offer changed (schema v3; every event of an offer). */
  vendorId?: string;
  /** A marketplace offer's attributes, on the event that created or changed them (schema v3). */
  offer?: Offer;
  /** Why the offer does not sell, while it does not. */
  halt?: HaltReason;
  /** The sales channel a hold or sale was made in (schema v4). */
  channel?: string;
  /** The store (a location of kind `store`) the change happened at or is picked up from: the ADR's `store_id`. */
  storeId?: string;
  /** Where a hold's units are held, or a sale's were taken from: location -> units, in the hold's transaction. */
  allocations?: { locationId: string; quantity: number }[];
  /** When units are expected back (ISO date-time), on the change that set or moved the date of a SKU that cannot be sold. */
  backOn?: string;
}

export interface StockEvent {
  type: InventoryEventType;
  data: StockEventData;
}

export interface StatusPair {
  before: StockStatus;
  after: StockStatus;
}

export function transitionTypes(s: StatusPair): InventoryEventType[] {
  if (s.before === s.after) return [];
  if (s.after === 'out_of_stock') return ['inventory.out_of_stock'];
  const out: InventoryEventType[] = [];
  if (s.before === 'out_of_stock') out.push('inventory.back_in_stock');
  if (s.after === 'low_stock') out.push('inventory.low_stock');
  return out;
}

export function withTransitions(primary: StockEvent, status: StatusPair): StockEvent[] {
  return [primary, ...transitionTypes(status).map((type) => ({ type, data: primary.data }))];
}

/**
 * A log entry's event data. Entries keep it as one JSON string, `dataJson` (0.8.0): nothing queries
 * or indexes its values, and in the Firestore emulator a map of ~15 values per event cost every
 * commit their conversion and validation and every young collection their copy (alternating
 * events bench runs at 1,500/s: the emulator's CPU 36-47% of a core against 42-66%, p99 <= 1 s in
 * 7 of 7 against 3 of 7; docs/benchmarks.md, 2026-12-05). Entries written before keep `data`, a map;
 * so do the entries' outbox copies (stock/outbox.ts). Pure: the vendor panel reads its audit trail with it.
 */
export function logEntryData(entry: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (typeof entry.dataJson === 'string') return JSON.parse(entry.dataJson) as Record<string, unknown>;
  return (entry.data ?? {}) as Record<string, unknown>;
}
