/** Push-ingestion payloads. Row errors are reported as { index, field, message }. */
import { z } from 'zod';
import { entityId, sourceId, tokenId } from '../domain/ids';
import { conditionSchema, currencySchema, languageSchema, priceSchema } from '../domain/offer';

export const MAX_ROWS = 5000;
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** How a batch reads: `update` changes the rows it names; `replace` is the vendor's whole stock (its offers missing from it go to 0). */
export const BATCH_MODES = ['update', 'replace'] as const;
export type BatchMode = (typeof BATCH_MODES)[number];

/** A batch of at most `maxRows` updates (the API's 5,000; a file drop's more). */
export function envelopeFor(maxRows: number) {
  return z.object({
    source: sourceId,
    batchId: tokenId,
    updates: z.array(z.unknown()).min(1, 'must contain at least one update').max(maxRows, `must contain at most ${maxRows} updates`),
  });
}

export const envelopeSchema = envelopeFor(MAX_ROWS);

/** CSV cells arrive as strings: numbers are coerced, but only from plain integers. */
const intCell = (label: string) =>
  z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v), z.number({ error: `${label} must be an integer` }).int(`${label} must be an integer`));

const unitCell = (label: string) =>
  z.preprocess((v) => (v === '' ? undefined : v), intCell(label).pipe(z.number().int().min(0, 'must be >= 0').max(1_000_000_000, 'must be at most 1000000000')).optional());

const rowShape = z.object({
    op: z.enum(['upsert', 'delete'], { error: 'must be "upsert" or "delete"' }),
    sku: entityId,
    locationId: entityId,
    // An empty CSV cell means absent (a delete needs no count).
    onHand: z.preprocess((v) => (v === '' ? undefined : v), intCell('onHand').pipe(z.number().int().min(0, 'must be >= 0').max(1_000_000_000, 'must be at most 1000000000')).optional()),
    seq: intCell('seq').pipe(z.number().int().min(0, 'must be >= 0')),
    occurredAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
    /** Optional: why the count changed (an adjustment); an empty CSV cell means none. */
    reason: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(64, 'at most 64 characters').optional()),
    // Optional unit states at the location (docs/checkout.md "Units that must not be sold"); absent
    // or an empty cell: unchanged since the last count.
    damaged: unitCell('damaged'),
    qualityControl: unitCell('qualityControl'),
    incoming: unitCell('incoming'),
    incomingAt: z.preprocess((v) => (v === '' ? undefined : v), z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional()),
    safetyStock: unitCell('safetyStock'),
});

const upsertNeedsCount = (r: { op: string; onHand?: number; damaged?: number; qualityControl?: number }, ctx: z.RefinementCtx) => {
  if (r.op === 'upsert' && r.onHand === undefined) ctx.addIssue({ code: 'custom', path: ['onHand'], message: 'is required for upsert' });
  // Damaged and quality-control units are part of the count: they cannot exceed it.
  const blocked = (typeof r.damaged === 'number' ? r.damaged : 0) + (typeof r.qualityControl === 'number' ? r.qualityControl : 0);
  if (typeof r.onHand === 'number' && Number.isSafeInteger(r.onHand) && r.onHand >= 0 && blocked > r.onHand) {
    ctx.addIssue({ code: 'custom', path: [r.damaged ? 'damaged' : 'qualityControl'], message: `damaged + qualityControl (${blocked}) exceed onHand (${r.onHand}): they are part of it` });
  }
};

export const rowSchema = rowShape.superRefine(upsertNeedsCount);

export type IngestRow = z.infer<typeof rowSchema>;

const empty = (v: unknown) => (v === '' ? undefined : v);
const boolCell = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : empty(v)), z.boolean({ error: 'must be true or false' }).optional());

/**
 * A vendor's row: `sku` is its own code for the offer (or the offer id), and the offer's
 * attributes may ride with the count: all of productId, condition, language and price to create
 * an offer, any of them to change one. In CSV the price is two columns, priceAmount and
 * priceCurrency.
 */
export const vendorRowSchema = z.preprocess(
  (v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const r = v as Record<string, unknown>;
    if (r.price !== undefined || (empty(r.priceAmount) === undefined && empty(r.priceCurrency) === undefined)) return r;
    const { priceAmount, priceCurrency, ...rest } = r;
    const amount = typeof priceAmount === 'string' && /^\d+$/.test(priceAmount.trim()) ? Number(priceAmount) : empty(priceAmount);
    return { ...rest, price: { amount, currency: empty(priceCurrency) } };
  },
  rowShape
    .extend({
      productId: z.preprocess(empty, entityId.optional()),
      condition: z.preprocess(empty, conditionSchema.optional()),
      language: z.preprocess(empty, languageSchema.optional()),
      foil: boolCell,
      signed: boolCell,
      price: priceSchema.extend({ currency: currencySchema }).optional(),
    })
    .superRefine(upsertNeedsCount),
);

export type VendorRow = z.infer<typeof vendorRowSchema>;

export interface RowError {
  index: number;
  field: string;
  message: string;
}
