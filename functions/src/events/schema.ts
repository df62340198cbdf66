/**
 * The event as it travels on the `inventory-events` topic: CloudEvents 1.0, structured JSON.
 * docs/events.schema.json is generated from this schema (`npm run -s gen:schema` in functions/)
 * and a test keeps the two identical.
 */
import { z } from 'zod';
import { EVENT_TYPES } from '../domain/events';
import { CONDITIONS, HALT_REASONS } from '../domain/offer';

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
  orderId: z.string().optional().describe("The shopper's order (their cart id) on holds and sales; never the payment"),
  paymentId: z.string().optional().describe('The payment that confirmed a sale (inventory.committed)'),
  reason: z.string().optional(),
  source: z.string().min(1).describe('Who changed the stock: wms, push source, checkout, operator, ...'),
  actor: z.string().optional().describe('The operator (uid) behind a manual change'),
  batchId: z.string().optional().describe('The push batch the change came in'),
  vendorId: z.string().min(1).optional().describe('The vendor whose offer changed (v3; on every event of an offer)'),
  offer: z
    .object({
      vendorId: z.string().min(1),
      vendorSku: z.string(),
      productId: z.string().min(1),
      condition: z.enum(CONDITIONS),
      language: z.string(),
      foil: z.boolean(),
      signed: z.boolean(),
      price: z.object({ amount: z.number().int().min(0).describe('minor units'), currency: z.string() }),
    })
    .optional()
    .describe("A marketplace offer's attributes, on the event that created or changed them (v3); read the stock document for the current ones"),
  halt: z.enum(HALT_REASONS).optional().describe('Why the offer does not sell while it does not (v3)'),
  channel: z.string().min(1).optional().describe('The sales channel of a hold or sale (with channels configured)'),
  storeId: z.string().min(1).optional().describe("The store (a location of kind store) a hold is picked up at or a change happened at: the ADR's store_id"),
  allocations: z
    .array(z.object({ locationId: z.string().min(1), quantity: z.number().int().min(0) }))
    .optional()
    .describe("Where a hold's units are held, or a sale's were taken from (decided in the hold's transaction)"),
  backOn: z.iso.datetime({ offset: true }).optional().describe('When incoming units are expected, on the change that set or moved the date of a SKU that cannot be sold (back-in-stock subscribers are told)'),
});

/**
 * The version of `data`'s shape, in the event's `dataschema` (a URN: the schema is published as
 * docs/events.schema.json, whose `$id` it is). Bumped when a field changes meaning or goes away;
 * added optional fields keep it. v2: `orderId` is the order (the cart), `paymentId` and `batchId`
 * are new, WMS adjustments (a row with a `reason`) are `inventory.adjusted`. v3: marketplace offers
 * carry `vendorId` (every event of an offer), `offer` (vendor, product, condition, language, flags,
 * price; on the event that created or changed them) and `halt`; all optional, so a v2 consumer
 * reads v3 events unchanged.
 */
export const EVENT_SCHEMA_VERSION = 3;
export const EVENT_DATASCHEMA = `urn:inventory-sync:schema:inventory-event:v${EVENT_SCHEMA_VERSION}`;

export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).describe('The event log entry id; consumers deduplicate on it'),
  source: z.string().min(1),
  type: z.enum(EVENT_TYPES),
  subject: z.string().min(1).describe('The SKU; also the Pub/Sub ordering key'),
  time: z.iso.datetime(),
  datacontenttype: z.literal('application/json'),
  // Optional on the way in: messages published before v2 (still in flight during a deploy) have none.
  dataschema: z.string().optional().describe('The version of data\'s shape (a URN with the version; the $id of this schema)'),
  sequence: z.string().describe('Per-SKU order: stock document version and ordinal, zero-padded'),
  // The CloudEvents Distributed Tracing extension: the W3C trace context of the publish, when the change's trace was sampled.
  traceparent: z.string().regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/).optional().describe('W3C traceparent of the publish (CloudEvents Distributed Tracing extension); consumers continue the trace'),
  tracestate: z.string().max(512).optional().describe('W3C tracestate, with traceparent'),
  data: eventDataSchema,
});

export type InventoryCloudEvent = z.infer<typeof cloudEventSchema>;

export function eventJsonSchema(): object {
  return { $id: EVENT_DATASCHEMA, ...z.toJSONSchema(cloudEventSchema, { target: 'draft-2020-12' }) };
}
