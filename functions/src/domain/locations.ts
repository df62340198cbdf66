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
