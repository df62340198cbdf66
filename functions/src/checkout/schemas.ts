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

const linesSchema = z.array(lineSchema).min(1, 'must have at least one line').max(MAX_LINES, `must have at most ${MAX_LINES} lines`);

export const validateCartInput = z.object({ items: linesSchema }).strict();
export const reserveCartInput = z.object({ cartId: idSchema, items: linesSchema }).strict();
export const confirmInput = z.object({
  reservationId: idSchema,
  paymentId: idSchema,
  /** Partial fulfilment: confirm these quantities, release the rest. Omitted: confirm everything. */
  lines: z.array(lineSchema).max(MAX_LINES).optional(),
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
