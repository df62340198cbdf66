/**
 * The one schema of every id this system accepts, wherever it arrives (callables, HTTP routes,
 * push rows, WMS rows, operator input). An id that Firestore would refuse as a document id or a
 * field name — "/", whitespace, "." and "..", or the reserved "__…__" form — is bad input named
 * by its field, never an error further in.
 */
import { z } from 'zod';

const RESERVED = /^__.*__$/;

const notReserved = (s: string) => s !== '.' && s !== '..' && !RESERVED.test(s);
const RESERVED_MESSAGE = 'is reserved by Firestore ("." , ".." and "__…__" are not allowed)';

/** A catalogue or location id: anything but "/" and whitespace, up to 200 characters. */
export const entityId = z
  .string({ error: 'must be a string' })
  .min(1, 'is required')
  .max(200, 'must be at most 200 characters')
  .regex(/^[^/\s]+$/, 'must not contain "/" or whitespace')
  .refine(notReserved, RESERVED_MESSAGE);

export const skuId = entityId;
export const locationId = entityId;

/** A token we mint or a client names (cart, reservation, payment, batch): a safe character set. */
export const tokenId = z
  .string({ error: 'must be a string' })
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits, "_", "-", ".", ":"')
  .refine(notReserved, RESERVED_MESSAGE);

/** A push source (vendor) name. */
export const sourceId = z
  .string({ error: 'must be a string' })
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'may contain letters, digits, "_", "-", "."')
  .refine(notReserved, RESERVED_MESSAGE);

/** Whether `s` is an acceptable SKU id (for code paths that check without a schema). */
export function isEntityId(s: string): boolean {
  return entityId.safeParse(s).success;
}
