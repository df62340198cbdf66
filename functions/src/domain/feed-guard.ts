/**
 * What a vendor's batch would do to its offers, and the mass-change guard over it. A truncated or
 * wrong export (an empty stock table, a half-written file in replace mode) must not wipe a vendor's
 * stock: a batch that would zero or delete more than a share of the vendor's listed offers, or
 * remove more than that share of its units, is held for a person to confirm. Pure.
 */
import { totalOnHand } from './locations';
import type { StockState } from './inventory';
import type { Offer } from './offer';

export interface FeedDiff {
  /** Offers the batch creates. */
  offersCreated: number;
  /** Existing offers whose attributes (price, condition, ...) change. */
  offersChanged: number;
  /** Offers that had units and would have none (still listed at their locations). */
  offersZeroed: number;
  /** Offers that had locations and would have none left. */
  offersDeleted: number;
  unitsAdded: number;
  unitsRemoved: number;
}

export const NO_DIFF: FeedDiff = { offersCreated: 0, offersChanged: 0, offersZeroed: 0, offersDeleted: 0, unitsAdded: 0, unitsRemoved: 0 };

/** The vendor's stock before the batch: offers listed (with at least one location) and units on hand. */
export interface VendorTotals {
  offers: number;
  units: number;
}

const listed = (s: StockState | null) => !!s && Object.keys(s.locations).length > 0;

function sameOffer(a: Offer | null | undefined, b: Offer | null | undefined): boolean {
  if (!a || !b) return !a === !b;
  return a.productId === b.productId && a.condition === b.condition && a.language === b.language && a.foil === b.foil && a.signed === b.signed && a.price.amount === b.price.amount && a.price.currency === b.price.currency;
}

/** The diff of one batch from each touched offer's state before (null: no such offer yet) and after. */
export function diffOffers(pairs: readonly { before: StockState | null; after: StockState }[]): FeedDiff {
  const d = { ...NO_DIFF };
  for (const { before, after } of pairs) {
    const was = before ? totalOnHand(before.locations) : 0;
    const now = totalOnHand(after.locations);
    if (!before?.offer && after.offer) d.offersCreated++;
    else if (before?.offer && after.offer && !sameOffer(before.offer, after.offer)) d.offersChanged++;
    if (listed(before) && !listed(after)) d.offersDeleted++;
    else if (was > 0 && now === 0) d.offersZeroed++;
    if (now > was) d.unitsAdded += now - was;
    else d.unitsRemoved += was - now;
  }
  return d;
}

export interface GuardVerdict {
  hold: boolean;
  /** Why, in words an operator and a vendor read (empty when the batch passes). */
  reasons: string[];
  /** Shares of the vendor's listed offers zeroed or deleted, and of its units removed (0..1). */
  offerShare: number;
  unitShare: number;
}

/**
 * Below these a batch is a small vendor's ordinary sales, never a wiped listing: a vendor with 3
 * offers that sells one out, or one with 12 units that sells 5, is not held for review.
 */
export const GUARD_FLOOR = { offers: 5, units: 50 } as const;

/**
 * Holds a batch that zeroes or deletes more than `percent` of the vendor's offers (and at least
 * GUARD_FLOOR.offers of them), or removes more than `percent` of its units (and at least
 * GUARD_FLOOR.units). A vendor with nothing listed yet cannot lose anything.
 */
export function massChange(diff: FeedDiff, totals: VendorTotals, percent: number, floor: { offers: number; units: number } = GUARD_FLOOR): GuardVerdict {
  const lost = diff.offersZeroed + diff.offersDeleted;
  const offerShare = totals.offers > 0 ? lost / totals.offers : 0;
  const unitShare = totals.units > 0 ? diff.unitsRemoved / totals.units : 0;
  const limit = percent / 100;
  const reasons: string[] = [];
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  if (offerShare > limit && lost >= floor.offers) reasons.push(`would zero or delete ${lost} of ${totals.offers} listed offers (${pct(offerShare)}, more than ${percent}%)`);
  if (unitShare > limit && diff.unitsRemoved >= floor.units) reasons.push(`would remove ${diff.unitsRemoved} of ${totals.units} units (${pct(unitShare)}, more than ${percent}%)`);
  return { hold: reasons.length > 0, reasons, offerShare, unitShare };
}
