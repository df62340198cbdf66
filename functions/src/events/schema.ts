/**
 * The event as it travels on the `inventory-events` topic: CloudEvents 1.0, structured JSON.
 * docs/events.schema.json is generated from this schema (`npm run -s gen:schema` in functions)
 * and a test keeps the two identical.
 */
import { z } from 'zod';
import { EVENT_TYPES } from '../domain/events';

const snapshot = z.object({
  onHand: z.number().int().min(0),
  reserved: z.number().int().min(0),
  available: z.number().int().min(0),
});

export const eventDataSchema = z.object({
  sku: z.string().min(1),
  locationId: z.string().min(1).optional(),
  delta: z.number().int().describe('Signed change: onHand for synced/adjusted/committed, reserved for reserved/released'),
  before: snapshot,
  after: snapshot,
  reservationId: z.string().optional(),
  orderId: z.string().optional().describe('The payment / order id of a committed sale'),
  reason: z.string().optional(),
  source: z.string().min(1).describe('Who changed the stock: wms, push source, checkout, operator, ...'),
  actor: z.string().optional().describe('The operator (uid) behind a manual change'),
  changes: z
    .array(z.object({ locationId: z.string().min(1), seq: z.number().int(), onHand: z.number().int().min(0), deleted: z.boolean().optional() }))
    .optional()
    .describe('inventory.synced: the counts applied, each with its location and the source seq (the trail of one SKU)'),
  batchId: z.string().optional().describe('The push batch the change came in'),
});

export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).describe('The event log entry id; consumers deduplicate on it'),
  source: z.string().min(1),
  type: z.enum(EVENT_TYPES),
  subject: z.string().min(1).describe('The SKU; also the Pub/Sub ordering key'),
  time: z.iso.datetime(),
  datacontenttype: z.literal('application/json'),
  sequence: z.string().describe('Per-SKU order: stock document version and ordinal, zero-padded'),
  data: eventDataSchema,
});

export type InventoryCloudEvent = z.infer<typeof cloudEventSchema>;

export function eventJsonSchema(): object {
  return z.toJSONSchema(cloudEventSchema, { target: 'draft-2020-12' });
}
