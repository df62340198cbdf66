/**
 * The HTTP API's schemas: the request parts the router validates (path, query) and every answer's
 * body. docs/openapi.json is generated from these and from the request schemas the use cases
 * validate with (`npm run openapi`); the API tests check real answers against that document.
 *
 * Schemas with an `id` become `components.schemas` entries. Where a use case has a TypeScript type
 * for its answer, a type-level check below keeps the schema and the type from drifting apart.
 */
import { z } from 'zod';
import { entityId, skuId } from '../../domain/ids';
import { EXPORTS } from '../../ops/exports';
import { PAYMENT_STATES } from '../../domain/payment';
import type { TrailItem } from '../../ops/history';
import type { AcceptAnswer } from '../../ingest/service';
import type { WebhookOutcome } from '../../checkout/payments';
import type { StockStatus } from '../../domain/stock';
import { CONDITIONS, HALT_REASONS } from '../../domain/offer';
import { STALE_FEED_POLICIES, VENDOR_STATUSES, vendorIdSchema } from '../../vendors/schemas';
import type { Vendor } from '../../vendors/schemas';
import type { NewKey } from '../../vendors/vendor-keys';

const count = z.number().int().min(0);
const isoTime = z.iso.datetime({ offset: false }).describe('ISO 8601, UTC');
const isoOrNull = isoTime.nullable();

// ---- request parts ------------------------------------------------------------------------------

export const skuPath = z.object({ sku: skuId.describe('the SKU id: no "/" or whitespace, at most 200 characters') });

/** Ids this system mints: an unknown or malformed one is simply not found (404). */
const minted = (what: string) => z.string().min(1).describe(`the ${what} id (an unknown or malformed id answers 404)`);
export const jobPath = z.object({ jobId: minted('job') });
export const vendorPath = z.object({ vendorId: vendorIdSchema.describe('the vendor id') });
export const vendorJobsQuery = z.object({
  limit: z.coerce.number({ error: 'an integer from 1 to 200' }).int('an integer from 1 to 200').min(1, 'an integer from 1 to 200').max(200, 'an integer from 1 to 200').optional().describe('jobs to answer with, newest first (default 50)'),
});
export const runPath = z.object({ runId: minted('reconciliation run') });
export const alertPath = z.object({ alertId: minted('alert') });
export const adjustmentPath = z.object({ adjustmentId: minted('adjustment') });

const EXPORT_FILES = [...EXPORTS, ...EXPORTS.map((k) => `${k}.csv`)] as const;
export const exportPath = z.object({
  // Checked by the route, which answers 404 for an export that does not exist.
  kind: z.string().meta({ enum: [...EXPORT_FILES], description: 'the export (an unknown one answers 404)' }),
});
export const exportQuery = z.object({ runId: entityId.optional().describe('discrepancies: the run to export (default: the latest run)') });

export const channelQuery = z.object({
  channel: z.string().min(1).max(64).optional().describe("a sales channel: `available` and `status` are then that channel's, the totals in `total`"),
});

export const bulkQuery = z.object({
  skus: z.string({ error: 'is required' }).min(1, 'is required').describe('comma-separated SKU ids, at most 1,000'),
});

const LIMIT = 'an integer from 1 to 500';
export const historyQuery = z.object({
  limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(500, LIMIT).optional().describe('items to answer with (default 100)'),
});

export const pushQuery = z.object({
  source: z.string().optional().describe('CSV: the source (or the x-inventory-source header)'),
  batchId: z.string().optional().describe('CSV: the batch id (or the x-inventory-batch-id header)'),
  dryRun: z.enum(['true', 'false']).optional().describe('true: answer what the batch would do and apply nothing'),
  mode: z.enum(['update', 'replace']).optional().describe("a vendor's batch: replace means it is the vendor's whole stock (its offers missing from it go to 0)"),
});

/** The operator's background reconciliation request (the body is optional). */
export const runInput = z.object({ fix: z.boolean().default(true).describe('apply the WMS count where they differ (default true)') }).strict();

// ---- answers ------------------------------------------------------------------------------------

export const FieldErrorSchema = z
  .object({ field: z.string(), message: z.string() })
  .meta({ id: 'FieldError', description: 'what is wrong, naming the field (`items[2].quantity`, `line 3, field 2`, `(body)`)' });

export const ErrorSchema = z
  .looseObject({
    error: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'Error', description: 'A refusal. Some carry more detail (for example `retryAfterSeconds` with a 429, or `runId` with a 409).' });

export const RowErrorSchema = z.object({ index: count, field: z.string(), message: z.string() }).meta({ id: 'RowError', description: 'a refused row of a push: its index in `updates` (or CSV record), the field and why' });

export const FeedDiffSchema = z
  .object({
    offersCreated: count,
    offersChanged: count.describe('existing offers whose attributes change'),
    offersZeroed: count.describe('offers that had units and would have none'),
    offersDeleted: count.describe('offers that had locations and would have none'),
    unitsAdded: count,
    unitsRemoved: count,
  })
  .meta({ id: 'FeedDiff', description: 'What a batch does to the stock it names (a vendor: to its offers).' });

export const JOB_STATES = ['queued', 'processing', 'done', 'failed', 'held_for_review', 'discarded'] as const;

export const AcceptedSchema = z
  .object({
    jobId: z.string(),
    accepted: count,
    rejected: z.array(RowErrorSchema),
    state: z.enum(JOB_STATES).describe('`done`: a batch of up to INLINE_PUSH_MAX_ROWS rows (default 50) applied before the answer, visible to listeners already; `queued`: a larger batch, applied by the worker (or a small one whose inline apply failed: the worker applies it); `held_for_review`: the mass-change guard holds it until the vendor or an operator confirms or discards it; `failed`: a file that could not be read (its errors name line and field)'),
    review: z.object({ reasons: z.array(z.string()), diff: FeedDiffSchema }).optional().describe('a held batch: why, and what it would do'),
  })
  .meta({ id: 'Accepted', description: 'The batch is a job (or was already: the same source and batchId, or the same file, answer with the first answer and job, whose state is the state at acceptance).' });

export const DryRunSchema = z
  .object({
    dryRun: z.literal(true),
    accepted: count,
    rejected: z.array(RowErrorSchema),
    diff: FeedDiffSchema,
    guard: z.object({ hold: z.boolean(), reasons: z.array(z.string()) }).describe('whether the mass-change guard would hold the real batch, and why'),
  })
  .meta({ id: 'DryRun', description: 'What the batch would do; nothing was stored, queued or applied.' });

export const ReviewedSchema = z.object({ jobId: z.string(), state: z.enum(['queued', 'discarded']) }).meta({ id: 'Reviewed', description: 'confirmed (queued to apply exactly as it would have) or discarded' });

export const dropQuery = z.object({
  name: z.string({ error: 'the file name is required (?name=stock.csv)' }).describe('the file name: .csv or .json'),
  dryRun: z.enum(['true', 'false']).optional().describe('true: answer what the file would do and apply nothing'),
  mode: z.enum(['update', 'replace']).optional().describe("replace: the file is the vendor's whole stock (its offers missing from it go to 0)"),
});

export const JobSchema = z
  .object({
    jobId: z.string(),
    source: z.string(),
    batchId: z.string(),
    vendorId: z.string().nullable().describe('the vendor whose key signed the push (null: a system source)'),
    state: z.enum(JOB_STATES),
    received: count,
    accepted: count,
    rejected: count,
    applied: count,
    duplicate: count,
    stale: count,
    notOwned: count.describe("rows skipped: their SKU is still the legacy system's (rollout share, rollback list, or the feature flag off)"),
    errors: z.array(RowErrorSchema),
    error: z.string().nullable().describe('the last failure; on a `failed` job: "gave up after 5 attempts: …"'),
    receivedAt: isoOrNull,
    appliedAt: isoOrNull,
    latencyMs: count.nullable(),
    mode: z.enum(['update', 'replace']),
    diff: FeedDiffSchema.nullable().describe('a vendor batch: what it does to the offers it names'),
    review: z
      .object({ reasons: z.array(z.string()), decision: z.enum(['confirm', 'discard']).nullable(), reviewedBy: z.string().nullable(), reviewedAt: isoOrNull })
      .nullable()
      .describe('a batch the mass-change guard held: why, and the decision on it'),
    file: z
      .object({ name: z.string(), bytes: count, sha256: z.string(), origin: z.enum(['upload', 'storage']), object: z.string().optional() })
      .nullable()
      .describe('a file drop: the file as received'),
    traceId: z.string().nullable().describe('the trace of the push that made the job, when it was sampled (GET /v1/traces/{traceId})'),
  })
  .meta({ id: 'Job' });

export const JobListSchema = z.object({ items: z.array(JobSchema) }).meta({ id: 'JobList', description: "A vendor's jobs, newest first." });

const STATUSES = ['in_stock', 'low_stock', 'out_of_stock'] as const satisfies readonly StockStatus[];

const freshness = {
  stale: z.boolean().describe("Derived at read time: true when no sync cycle has succeeded for the status document's staleAfterSeconds (STALE_AFTER_SECONDS), or none ever did."),
  lastSyncSuccessAt: isoOrNull.describe('When the last sync cycle succeeded (syncStatus/wms.lastSuccessAt).'),
};

const levels = {
  sku: z.string(),
  onHand: count,
  reserved: count,
  available: count,
  status: z.enum(STATUSES),
  syncedAt: isoOrNull,
  updatedAt: isoOrNull,
  version: count,
};

/** A marketplace offer's attributes (only on offers). */
const offerFields = {
  vendorId: z.string().optional().describe('the vendor whose offer this is (offers only)'),
  vendorSku: z.string().optional().describe("the vendor's own code for the offer"),
  productId: z.string().optional().describe('the catalogue product the offer sells'),
  condition: z.enum(CONDITIONS).optional().describe("Cardmarket's scale, best first: MT NM EX GD LP PL PO"),
  language: z.string().optional().describe('ISO 639-1'),
  foil: z.boolean().optional(),
  signed: z.boolean().optional(),
  price: z.object({ amount: count.describe('minor units'), currency: z.string() }).optional(),
  halt: z.enum(HALT_REASONS).nullable().optional().describe('set while the offer does not sell whatever its count (available is 0): its vendor is suspended, or its feed is stale under a stop-selling policy'),
};

const channelFields = {
  channel: z.string().optional().describe('the channel asked for (`?channel=`): `available` and `status` are its own'),
  total: z.object({ available: count, status: z.enum(STATUSES) }).optional().describe('with `?channel=`: the totals over every location'),
  channels: z.record(z.string(), z.object({ available: count, status: z.enum(STATUSES) })).optional().describe('per sales channel (with channels configured): what it can sell, its safety stock kept back'),
  backOn: isoOrNull.optional().describe('when incoming units are expected (the storefront: "back on <date>")'),
};

export const StockLevelsSchema = z
  .object({ ...levels, ...offerFields, ...channelFields, locations: z.record(z.string(), z.object({ onHand: count, seq: count, syncedAt: isoOrNull, incoming: count.optional(), incomingAt: isoOrNull.optional() })) })
  .meta({ id: 'StockLevels', description: 'One SKU as storefronts see it.' });

export const StockSchema = z.object({ ...StockLevelsSchema.shape, ...freshness }).meta({ id: 'Stock', description: "One SKU as storefronts see it, with the sync's freshness as of the answer." });

export const StockListSchema = z.object({ items: z.array(StockLevelsSchema), missing: z.array(z.string()).describe('asked-for SKUs that do not exist'), ...freshness }).meta({ id: 'StockList' });

export const StockDetailSchema = z
  .object({
    ...levels,
    locations: z.record(
      z.string(),
      z.object({
        onHand: count,
        wmsOnHand: count.describe("the WMS's own count, before the sales it has not reflected yet"),
        seq: count,
        syncedAt: isoOrNull,
        pendingSales: z.array(z.object({ id: z.string(), quantity: count, ackSeq: count.optional() })),
      }),
    ),
    removedLocations: z.record(z.string(), count).describe('locations the WMS deleted, with the seq of the deletion'),
    shortfall: count,
    lowStockThreshold: count,
  })
  .meta({ id: 'StockDetail', description: 'One SKU as an operator sees it, with the private bookkeeping.' });

const levelsSnapshot = z.object({ onHand: count, reserved: count, available: count });

export const TrailItemSchema = z
  .object({
    at: isoTime,
    kind: z.string().describe('the event type, `sync.change` (a count the sync or a push received) or `sync.rejected`'),
    count: count.optional(),
    deleted: z.boolean().optional(),
    outcome: z.enum(['applied', 'duplicate', 'stale', 'rejected']),
    source: z.string().optional(),
    locationId: z.string().optional(),
    seq: count.optional(),
    batchId: z.string().optional(),
    eventId: z.string().optional(),
    traceId: z.string().optional().describe('the trace of the change that made this event, when it was sampled (GET /v1/traces/{traceId})'),
    delta: z.number().int().optional(),
    before: levelsSnapshot.optional(),
    after: levelsSnapshot.optional(),
    reservationId: z.string().optional(),
    actor: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'TrailItem' });

export const HistorySchema = z.object({ sku: z.string(), items: z.array(TrailItemSchema).describe('newest first') }).meta({ id: 'History' });

export const AdjustmentSchema = z
  .object({
    adjustmentId: z.string(),
    state: z.enum(['applied', 'pending_approval']),
    delta: z.number().int(),
    unitsToday: count.optional().describe('pending_approval: the units changed on this SKU today, this request included'),
  })
  .meta({ id: 'Adjustment' });

export const ApprovedSchema = z.object({ adjustmentId: z.string(), state: z.literal('applied') }).meta({ id: 'Approved' });

export const AcknowledgedSchema = z.object({ alertId: z.string(), status: z.literal('open'), acknowledgedBy: z.string() }).meta({ id: 'Acknowledged' });

export const RunQueuedSchema = z.object({ runId: z.string(), state: z.literal('queued'), status: z.string().describe('where to follow the run') }).meta({ id: 'RunQueued' });

const discrepancyKinds = z.object({ count_mismatch: count, missing_here: count, extra_here: count, behind: count });

export const RunSchema = z
  .looseObject({
    runId: z.string(),
    state: z.enum(['queued', 'running', 'done', 'failed']),
    phase: z.enum(['snapshot', 'compare', 'done']),
    fix: z.boolean(),
    trigger: z.string().describe('`on_demand` or `schedule`'),
    requestedBy: z.string().nullable(),
    attempts: count,
    error: z.string().optional(),
    createdAt: isoTime,
    updatedAt: isoTime,
    startedAt: isoTime.optional(),
    finishedAt: isoTime.optional(),
    skus: count.optional(),
    positions: count.optional(),
    discrepancies: count.optional(),
    skusWithDiscrepancy: count.optional(),
    rate: z.number().min(0).optional().describe('discrepancies per position compared'),
    fixed: count.optional(),
    byKind: discrepancyKinds.optional(),
    progress: z.looseObject({ skus: count, positions: count, discrepancies: count, lastSku: z.string().nullable() }).describe('where the run is: WMS snapshot pages staged, SKUs compared so far (lastSku), running counts'),
  })
  .meta({ id: 'ReconciliationRun' });

export const TraceSchema = z
  .object({
    traceId: z.string(),
    spans: z.array(
      z.object({
        traceId: z.string(),
        spanId: z.string(),
        parentSpanId: z.string().nullable(),
        name: z.string(),
        kind: z.string(),
        startMs: z.number(),
        endMs: z.number(),
        status: z.enum(['ok', 'error']),
        error: z.string().optional(),
        attributes: z.looseObject({}).describe('the span attributes: strings, numbers and booleans'),
      }),
    ).describe('oldest first'),
  })
  .meta({ id: 'Trace', description: 'One trace as the local exporter stored it (production: Cloud Trace).' });

export const tracePath = z.object({ traceId: z.string().regex(/^[0-9a-f]{32}$/, 'a trace id: 32 lowercase hex digits') });

const sliCount = z.object({ good: count, total: count });

export const SloReportSchema = z
  .object({
    window: z.literal('totals').describe('budgetLeft is counted over the running totals of the stored metrics'),
    at: isoTime,
    slos: z.array(
      z.object({
        id: z.string(),
        displayName: z.string(),
        goal: z.number().min(0).max(1),
        good: count,
        total: count,
        sli: z.number().min(0).max(1).nullable().describe('good / total; null without events'),
        budgetLeft: z.number().describe('share of the error budget not spent: 1 untouched, 0 spent, negative overspent'),
        burnRateLastHour: z.number().min(0).nullable().describe('budget spent over the last hour as a multiple of what the objective allows (14.4 pages)'),
        lastHour: sliCount,
      }),
    ),
  })
  .meta({ id: 'SloReport' });

export const BusHealthSchema = z
  .object({
    source: z.literal('ledger').describe("the bus ledger (adapters/bus-ledger.ts): the system's own count of what it published and handled; Cloud Monitoring has Pub/Sub's"),
    subscriptions: z.array(
      z.object({
        subscription: z.string().describe('the consumer function'),
        topic: z.string(),
        published: count.describe('messages the topic was given'),
        acked: count.describe('messages the consumer handled'),
        deadLettered: count.describe('messages the consumer gave up on (dead-letter topic)'),
        backlog: count.describe('published, not yet handled (num_undelivered_messages)'),
        oldestUnackedAgeSeconds: z.number().min(0).describe('age of the oldest message not yet handled, in publish order (oldest_unacked_message_age)'),
        lastAckAt: isoTime.nullable(),
        lastDeadLetterAt: isoTime.nullable(),
      }),
    ),
  })
  .meta({ id: 'BusHealth' });

export const SyncHealthSchema = z
  .object({
    connectorId: z.string(),
    status: z.looseObject({}).describe('syncStatus/{connector}: what storefronts see'),
    health: z.looseObject({ lastError: z.string().nullable().optional() }).describe('syncHealth/{connector}: the raw error, the breaker, the failure window, the last cycle'),
    state: z.object({
      paused: z.boolean(),
      rolloutPercent: z.number().min(0).max(100),
      rolledBack: z.array(z.string()),
      breaker: z.object({ state: z.enum(['closed', 'open', 'half_open']), failures: count, openUntil: z.number().nullable() }),
      cursor: z.string().nullable(),
    }),
  })
  .meta({ id: 'SyncHealth' });

const OUTCOMES = ['confirmed', 'released', 'restocked', 'ignored', 'hold_gone', 'unknown_payment', 'duplicate'] as const satisfies readonly WebhookOutcome[];

export const PaymentReceivedSchema = z.object({ received: z.literal(true), outcome: z.enum(OUTCOMES), state: z.enum(PAYMENT_STATES).optional() }).meta({ id: 'PaymentReceived' });

export const PaymentBusySchema = z.object({ error: z.string(), outcome: z.literal('busy') }).meta({ id: 'PaymentBusy' });

// ---- the answers' TypeScript types and these schemas agree --------------------------------------

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(): T | undefined => undefined;
agree<Same<z.output<typeof TrailItemSchema>, TrailItem>>();
agree<Same<z.output<typeof AcceptedSchema>, AcceptAnswer>>();

// ---- vendors ------------------------------------------------------------------------------------

const vendorShape = {
  vendorId: z.string(),
  name: z.string(),
  status: z.enum(VENDOR_STATUSES),
  feedCadenceMinutes: count.describe('how often the vendor declared it sends a feed'),
  contactEmails: z.array(z.string()),
  lowStockThreshold: count.describe('the low-stock threshold of its new offers'),
  staleFeedPolicy: z.enum(STALE_FEED_POLICIES),
  createdAt: isoOrNull,
  updatedAt: isoOrNull,
  lastFeedAt: isoOrNull.describe('when its last push was accepted'),
};
export const VendorSchema = z.object(vendorShape).meta({ id: 'Vendor' });

export const FeedHealthSchema = z
  .object({ state: z.enum(['on_time', 'late', 'never']), minutesSinceFeed: count.nullable() })
  .meta({ id: 'FeedHealth', description: 'late: no feed for longer than the declared cadence' });

export const VendorListSchema = z.object({ items: z.array(z.object({ ...vendorShape, feed: FeedHealthSchema })) }).meta({ id: 'VendorList' });

export const KeyInfoSchema = z.object({ keyId: z.string(), createdAt: isoOrNull, retiresAt: isoOrNull.describe('null: the current key') }).meta({ id: 'KeyInfo' });

export const VendorSelfSchema = z
  .object({ vendor: VendorSchema, feed: FeedHealthSchema, keys: z.array(KeyInfoSchema) })
  .meta({ id: 'VendorSelf', description: 'The calling vendor: its document, feed health and keys (never their secrets).' });

export const NewKeySchema = z
  .object({
    keyId: z.string(),
    secret: z.string().describe('the signing secret, shown this once: it is stored sealed and never answered again'),
    createdAt: isoTime,
    previousValidUntil: isoOrNull.describe("until when the vendor's previous keys stay valid"),
  })
  .meta({ id: 'NewKey' });

export const VendorUserSchema = z.object({ uid: z.string(), email: z.string(), vendorId: z.string(), created: z.boolean() }).meta({ id: 'VendorUser' });
export const VendorStatusSchema = z.object({ vendorId: z.string(), status: z.enum(VENDOR_STATUSES), offersChanged: count.describe('offers whose selling changed') }).meta({ id: 'VendorStatus' });
export const AdjustmentRequestedSchema = z.object({ adjustmentId: z.string(), state: z.literal('pending_approval'), delta: z.number().int(), unitsToday: count.optional() }).meta({ id: 'AdjustmentRequested' });

agree<Same<z.output<typeof VendorSchema>, Vendor>>();
agree<Same<z.output<typeof NewKeySchema>, NewKey>>();

export const coverQuery = z.object({
  sort: z.enum(['cover', 'velocity']).optional().describe('cover: fewest days of cover first (default); velocity: fastest sellers first'),
  limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(500, LIMIT).optional().describe('items to answer with (default 100)'),
});

const velocityPair = { velocity7: z.number().min(0).describe('units sold per day over the last 7 days'), velocity28: z.number().min(0).describe('units sold per day over the last 28 days') };

export const CoverListSchema = z
  .object({
    items: z.array(
      z.object({
        sku: z.string(),
        vendorId: z.string().nullable(),
        sellable: count.describe('units available now'),
        ...velocityPair,
        channels: z.record(z.string(), z.object(velocityPair)).describe('velocity per sales channel'),
        cover: z.number().nullable().describe('days the sellable units last at the 7-day pace (the 28-day one when nothing sold this week); null: nothing sells'),
        leadTimeDays: count,
        safetyDays: count,
        low: z.boolean().describe('cover below lead time + safety days: the low_cover alert is open'),
      }),
    ),
  })
  .meta({ id: 'CoverList', description: 'SKUs that sold in the last 28 days, with their velocity and days of cover.' });

export const AllocationConfigSchema = z
  .object({ configured: z.boolean().describe('false: nothing configured; the built-in default (one online channel over every location, most stock first) is in force'), config: z.record(z.string(), z.unknown()) })
  .meta({ id: 'AllocationConfig', description: 'Sales channels, locations and allocation rules (docs/checkout.md "Channels and allocation").' });

export const UnitStatesChangedSchema = z
  .object({
    adjustmentId: z.string(),
    state: z.literal('applied'),
    available: z.object({ before: count, after: count }),
    position: z.object({ onHand: count, reserved: count, damaged: count, qualityControl: count, incoming: count, incomingAt: isoOrNull, safetyStock: count.nullable() }),
  })
  .meta({ id: 'UnitStatesChanged', description: "The location's units after the change." });
