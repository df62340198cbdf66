/**
 * Marketplace offers: a vendor's card in a condition and a language, at a price. An offer is a
 * stock key (`inventory/{sku}` with sku = the offer id), so everything that counts, holds or sells
 * stock works on offers unchanged. Pure: the rules of who owns what and which code names which
 * offer, used by push validation, the applier and the vendor panel alike.
 */
import { z } from 'zod';
import { entityId } from './ids';

/** Cardmarket's condition scale, best first. */
export const CONDITIONS = ['MT', 'NM', 'EX', 'GD', 'LP', 'PL', 'PO'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const conditionSchema = z.enum(CONDITIONS, { error: `must be one of ${CONDITIONS.join(', ')}` });
/** ISO 639-1 language code, lower case (`en`, `de`, `ja`). */
export const languageSchema = z.string({ error: 'must be a string' }).regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 code in lower case (en, de, ja)');
/** ISO 4217 currency code. */
export const currencySchema = z.string({ error: 'must be a string' }).regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code (EUR, USD)');
export const priceSchema = z.object({
  amount: z.number({ error: 'must be an integer (minor units)' }).int('must be an integer (minor units)').min(0, 'must be >= 0').max(100_000_000, 'must be at most 100000000'),
  currency: currencySchema,
});
export type Price = z.infer<typeof priceSchema>;

/** What a vendor says of an offer; every field but the vendor is theirs to change. */
export interface OfferAttributes {
  productId: string;
  condition: Condition;
  language: string;
  foil: boolean;
  signed: boolean;
  price: Price;
}

export interface Offer extends OfferAttributes {
  vendorId: string;
  /** The vendor's own code for the offer (what they push with). */
  vendorSku: string;
}

/** Why an offer does not sell whatever its count: its vendor is suspended, or its feed went stale under a stop-selling policy. */
export const HALT_REASONS = ['vendor_suspended', 'feed_stale'] as const;
export type HaltReason = (typeof HALT_REASONS)[number];

/** Between a vendor id and its code in an offer id; never in a vendor id (`sourceId`). */
export const OFFER_SEPARATOR = '~';

/** The offer id (stock key) of a vendor's code: deterministic, so the mapping needs no lookup and no vendor can mint another's ids. */
export function offerIdFor(vendorId: string, vendorSku: string): string {
  return `${vendorId}${OFFER_SEPARATOR}${vendorSku}`;
}

/** The vendor whose namespace an offer id is in, or null for a plain SKU. */
export function vendorOfOfferId(sku: string): string | null {
  const i = sku.indexOf(OFFER_SEPARATOR);
  return i > 0 ? sku.slice(0, i) : null;
}

export type CodeResolution = { ok: true; offerId: string; vendorSku: string } | { ok: false; message: string };

/**
 * What a vendor's row `sku` names: the full offer id of one of its own offers, or its own code
 * (mapped to `vendorId~code`). An id in another vendor's namespace is refused.
 */
export function resolveVendorSku(vendorId: string, sku: string): CodeResolution {
  const owner = vendorOfOfferId(sku);
  if (owner === null) {
    const offerId = offerIdFor(vendorId, sku);
    if (!entityId.safeParse(offerId).success) return { ok: false, message: `code ${sku} is too long for an offer id (vendor id + "~" + code: at most 200 characters)` };
    return { ok: true, offerId, vendorSku: sku };
  }
  if (owner !== vendorId) return { ok: false, message: `offer ${sku} belongs to another vendor: a vendor writes only its own offers` };
  return { ok: true, offerId: sku, vendorSku: sku.slice(owner.length + 1) };
}

/** What a stored stock key is, seen from one vendor. */
export type OwnershipVerdict = 'own' | 'absent' | 'foreign';

export function ownership(vendorId: string, stored: { exists: boolean; offer?: Offer | null }): OwnershipVerdict {
  if (!stored.exists) return 'absent';
  return stored.offer?.vendorId === vendorId ? 'own' : 'foreign';
}

/** An offer's attributes as a change carries them: all of them to create, any of them to update. */
export type OfferPatch = Partial<OfferAttributes>;

export function isCompleteOffer(p: OfferPatch): p is OfferAttributes {
  return p.productId !== undefined && p.condition !== undefined && p.language !== undefined && p.price !== undefined;
}

/** The offer after a patch (foil and signed default to false on creation). */
export function patchOffer(prev: Offer | null | undefined, vendorId: string, vendorSku: string, patch: OfferPatch): Offer | null {
  if (prev) return { ...prev, ...stripUndefined(patch), vendorId: prev.vendorId, vendorSku: prev.vendorSku };
  if (!isCompleteOffer(patch)) return null;
  return { vendorId, vendorSku, productId: patch.productId, condition: patch.condition, language: patch.language, foil: patch.foil ?? false, signed: patch.signed ?? false, price: patch.price };
}

export function sameOffer(a: Offer | null | undefined, b: Offer | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return (
    a.vendorId === b.vendorId && a.vendorSku === b.vendorSku && a.productId === b.productId && a.condition === b.condition &&
    a.language === b.language && a.foil === b.foil && a.signed === b.signed && a.price.amount === b.price.amount && a.price.currency === b.price.currency
  );
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
