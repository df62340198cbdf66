/**
 * Per-location positions of one SKU and their aggregation. The WMS reports a count per
 * (sku, location) with a sequence number; sales committed here that the WMS has not reflected
 * yet are subtracted from its counts until it does.
 */
import { assertCount } from './stock';

export interface PendingSale {
  /** The sale's id (reservation id + line). */
  id: string;
  quantity: number;
  /** The WMS sequence at which the WMS reported having applied this sale; absent until it acks. */
  ackSeq?: number;
}

export interface LocationPosition {
  /** What this system counts at the location: the WMS count minus unreflected sales. */
  onHand: number;
  /** The count as the WMS last reported it. */
  wmsOnHand: number;
  seq: number;
  /** Epoch millis of the last WMS confirmation. */
  syncedAt: number;
  /** Units held at this location by reservations allocated to it (domain/allocation.ts). */
  reserved?: number;
  /** Part of onHand that never sells: damaged, and waiting on a quality check. */
  damaged?: number;
  qualityControl?: number;
  /** Units on their way (not in onHand), and when they are expected (epoch millis). */
  incoming?: number;
  incomingAt?: number;
  /** This SKU's safety stock here, where it differs from the location's default. */
  safetyStock?: number;
}

/** The unit states a source (WMS, push, adjustment) may report beside onHand. */
export const UNIT_STATES = ['damaged', 'qualityControl', 'incoming', 'incomingAt', 'safetyStock'] as const;
export type UnitStates = Partial<Pick<LocationPosition, (typeof UNIT_STATES)[number]>>;

/** A position's unit states, only those set (what a new count keeps when it names none). */
export function unitStates(p: LocationPosition | undefined): UnitStates {
  const out: UnitStates = {};
  if (!p) return out;
  for (const k of UNIT_STATES) if (p[k] !== undefined) out[k] = p[k];
  return out;
}

export type Locations = Record<string, LocationPosition>;
export type PendingSales = Record<string, PendingSale[]>;

export function totalOnHand(locations: Locations): number {
  let sum = 0;
  for (const p of Object.values(locations)) sum += p.onHand;
  return sum;
}

/** Units of pending sales at a location that a WMS count with `seq` does not reflect yet. */
export function unreflected(sales: readonly PendingSale[] | undefined, seq: number): number {
  if (!sales) return 0;
  let sum = 0;
  for (const s of sales) if (s.ackSeq === undefined || s.ackSeq > seq) sum += s.quantity;
  return sum;
}

/** Drops the sales that a count at `seq` reflects. */
export function pruneReflected(sales: readonly PendingSale[] | undefined, seq: number): PendingSale[] {
  return (sales ?? []).filter((s) => s.ackSeq === undefined || s.ackSeq > seq);
}

export function effectiveOnHand(wmsOnHand: number, sales: readonly PendingSale[] | undefined, seq: number): number {
  assertCount('wmsOnHand', wmsOnHand);
  return Math.max(0, wmsOnHand - unreflected(sales, seq));
}

/** The unit states a row names (v2), as the count's `states`; none when it names none. */
export function statesOf(r: { damaged?: number; qualityControl?: number; incoming?: number; incomingAt?: string | null; safetyStock?: number }): { states?: UnitStates } {
  const st: UnitStates = {};
  if (r.damaged !== undefined) st.damaged = r.damaged;
  if (r.qualityControl !== undefined) st.qualityControl = r.qualityControl;
  if (r.incoming !== undefined) st.incoming = r.incoming;
  if (r.incomingAt !== undefined) st.incomingAt = r.incomingAt === null ? 0 : Date.parse(r.incomingAt);
  if (r.safetyStock !== undefined) st.safetyStock = r.safetyStock;
  return Object.keys(st).length ? { states: st } : {};
}

/** When the first incoming units are expected (the earliest dated incoming position), or null. */
export function backOnOf(locations: Locations): number | null {
  let first: number | null = null;
  for (const p of Object.values(locations)) if (p.incoming && p.incomingAt && (first === null || p.incomingAt < first)) first = p.incomingAt;
  return first;
}
