/** Input schemas of the checkout callables. Every error names the offending field. */
import { z } from 'zod';
import { skuId, tokenId } from '../domain/ids';

export const MAX_LINES = 100;
export const MAX_QUANTITY = 1000;

export const skuSchema = skuId;
const idSchema = tokenId;

export const lineSchema = z.object({
  sku: skuSchema,
  quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
}).strict();

/**
 * Lines of one SKU are summed before they are held, so the per-line maximum is checked on the
 * sums too: two lines of 800 are one request for 1,600.
 */
function summedWithinMax(lines: readonly { sku: string; quantity: number }[], ctx: z.RefinementCtx): void {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.sku, (sums.get(l.sku) ?? 0) + l.quantity);
  for (const [sku, total] of sums) {
    if (total > MAX_QUANTITY) ctx.addIssue({ code: 'custom', message: `${sku} sums to ${total} units over its lines; at most ${MAX_QUANTITY} per SKU`, path: [] });
  }
}

const linesSchema = z
  .array(lineSchema)
  .min(1, 'must have at least one line')
  .max(MAX_LINES, `must have at most ${MAX_LINES} lines`)
  .superRefine(summedWithinMax);

/** Which channel a cart is in, a store to pick it up at, where it ships (the `nearest` strategy). */
const allocationFields = {
  channel: idSchema.optional().describe('the sales channel (default: the configured default channel)'),
  pickupLocationId: idSchema.optional().describe('click & collect: hold the units at this store only'),
  shipTo: z
    .union([
      z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict(),
      z.object({ postcode: z.string().trim().min(1, 'must not be empty').max(16) }).strict(),
    ])
    .optional()
    .describe('the shipping address as coordinates or a postcode the allocation config knows'),
};

export const validateCartInput = z.object({ items: linesSchema, ...allocationFields }).strict();
export const reserveCartInput = z.object({ cartId: idSchema, items: linesSchema, ...allocationFields }).strict();
export const confirmInput = z.object({
  reservationId: idSchema,
  paymentId: idSchema,
  /** Partial fulfilment: confirm these quantities, release the rest. Omitted: confirm everything. */
  lines: z.array(lineSchema).min(1, 'must have at least one line (omit it to confirm everything)').max(MAX_LINES).superRefine(summedWithinMax).optional(),
}).strict();
export const releaseInput = z.object({ reservationId: idSchema, reason: z.string().min(1).max(200) }).strict();
export const extendInput = z.object({ reservationId: idSchema }).strict();
export const cancelLineInput = z.object({
  reservationId: idSchema,
  sku: skuSchema,
  quantity: z.number().int().min(1).max(MAX_QUANTITY),
  reason: z.string().min(1).max(200),
}).strict();

export type CartLineInput = z.infer<typeof lineSchema>;
