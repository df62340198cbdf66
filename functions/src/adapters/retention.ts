/**
 * How long each expiring collection is kept, in one place: writers stamp `expireAt` from it, and
 * `firestore.indexes.json` declares a TTL policy on `expireAt` for each collection group named
 * here (a unit test holds the two together). Audit records not listed (reservations,
 * fulfilments, adjustments, payment intents, stock documents) are kept.
 */
import { Timestamp } from 'firebase-admin/firestore';

const DAY = 86_400_000;

export const RETENTION_DAYS = {
  /** The durable event log: a year, plus a margin for a late audit. */
  inventoryEvents: 400,
  /** Reconciliation runs and their discrepancy lists: a year (they feed the discrepancy rate's history). */
  reconciliationRuns: 400,
  discrepancies: 400,
  dualRunReports: 400,
  /** A run's staged WMS snapshot: only while the run may still resume. */
  wms: 2,
  /** Push jobs and their row chunks: long enough to answer "what happened to my batch". */
  ingestJobs: 30,
  chunks: 30,
  /** Batch dedupe: a repeat within a month gets the first answer. */
  ingestBatches: 30,
  syncRejects: 30,
  syncTrail: 30,
  consumerReceipts: 30,
  deliveryAttempts: 30,
  paymentEvents: 30,
  notifications: 90,
  /** Outgoing e-mail documents (the extension records its delivery on them). */
  mail: 30,
  /** Resolved alerts (an open alert never expires: `expireAt` is set when it resolves). */
  alerts: 90,
  /** Per-minute metrics (the dashboard's charts; the running totals never expire). */
  metrics: 30,
  alertDeliveries: 90,
  checkoutCommands: 7,
  /** Per-minute counters and replay memory: a day after their window is plenty. */
  rateLimits: 1,
  signatureUses: 1,
  /** The bus ledger's per-second publish counts: as long as Pub/Sub keeps a message (7 days). */
  busSeconds: 7,
  /** Local trace spans (production's go to Cloud Trace, which keeps them 30 days). */
  traceSpans: 7,
} as const;

export type ExpiringGroup = keyof typeof RETENTION_DAYS;

export function expireAt(group: ExpiringGroup, fromMillis = Date.now()): Timestamp {
  return Timestamp.fromMillis(fromMillis + RETENTION_DAYS[group] * DAY);
}

/** Files on Cloud Storage, kept by the bucket's lifecycle rule (storage-provision.ts), not by a TTL policy. */
export const FILE_RETENTION_DAYS = {
  /** Vendors' dropped files (`vendor-drops/`) and kept uploads (`vendor-drops-kept/`): as long as their jobs. */
  vendorDrops: RETENTION_DAYS.ingestJobs,
} as const;
