/**
 * Sequence rules and coalescing. `seq` increases per (sku, locationId) in the WMS; an update
 * applies only if its seq is newer than what we hold, including a deletion's tombstone.
 */
import type { OfferPatch } from './offer';
import type { UnitStates } from './locations';

export interface LocationChange {
  sku: string;
  locationId: string;
  onHand: number;
  seq: number;
  /** Epoch millis the source says the change happened. */
  updatedAt: number;
  deleted: boolean;
  /**
   * Why the source changed the count, when it says (a WMS adjustment: `cycle_count`, `damaged`,
   * ...): such a change is an `inventory.adjusted` event with its reason, not a plain sync.
   */
  reason?: string;
  /** A vendor's offer attributes riding with the count (create or update the offer). */
  offer?: { vendorId: string; vendorSku: string; patch: OfferPatch };
  /** Damaged, quality-control, incoming units and safety stock at the location, when the source says. */
  states?: UnitStates;
}

export type SeqVerdict = 'newer' | 'duplicate' | 'stale';

export function compareSeq(currentSeq: number | undefined, incomingSeq: number): SeqVerdict {
  if (currentSeq === undefined || incomingSeq > currentSeq) return 'newer';
  return incomingSeq === currentSeq ? 'duplicate' : 'stale';
}

export interface Coalesced {
  /** One change per (sku, location): the one with the highest seq. Grouped by sku. */
  bySku: Map<string, LocationChange[]>;
  /** Rows dropped because the same batch had the same seq for the same key. */
  duplicates: number;
  /** Rows dropped because the same batch had a higher seq for the same key. */
  superseded: number;
  /** Oldest source time among the kept changes of each sku, for freshness lag. */
  oldestUpdatedAt: Map<string, number>;
}

export function coalesce(changes: Iterable<LocationChange>): Coalesced {
  const byKey = new Map<string, LocationChange>();
  const oldestUpdatedAt = new Map<string, number>();
  let duplicates = 0;
  let superseded = 0;
  for (const c of changes) {
    const key = `${c.sku}\u0000${c.locationId}`;
    const prev = byKey.get(key);
    const prevOldest = oldestUpdatedAt.get(c.sku);
    if (prevOldest === undefined || c.updatedAt < prevOldest) oldestUpdatedAt.set(c.sku, c.updatedAt);
    if (!prev) {
      byKey.set(key, c);
      continue;
    }
    const verdict = compareSeq(prev.seq, c.seq);
    if (verdict === 'newer') {
      byKey.set(key, c);
      superseded++;
    } else if (verdict === 'duplicate') {
      duplicates++;
    } else {
      superseded++;
    }
  }
  const bySku = new Map<string, LocationChange[]>();
  for (const c of byKey.values()) {
    const list = bySku.get(c.sku);
    if (list) list.push(c);
    else bySku.set(c.sku, [c]);
  }
  return { bySku, duplicates, superseded, oldestUpdatedAt };
}

/**
 * The order a cycle writes its SKUs in: the longest-waiting change first (oldest source time), then
 * by id. A cycle's changes have waited from 0 to one interval at the read; writing the oldest first
 * means the change that waited longest does not also wait for the rest of the cycle's writes, so
 * the worst change → page time is about one interval plus one chunk, not plus the whole apply.
 * Without source times (a resync, a reconciliation) the order is by id.
 */
export function writeOrder(skus: Iterable<string>, oldestUpdatedAt?: ReadonlyMap<string, number>): string[] {
  const at = (s: string) => {
    const t = oldestUpdatedAt?.get(s);
    return t !== undefined && Number.isFinite(t) ? t : Infinity;
  };
  return [...skus].sort((a, b) => (at(a) === at(b) ? (a < b ? -1 : a > b ? 1 : 0) : at(a) < at(b) ? -1 : 1));
}
