/** Collection names, in one place. Public ones are fixed by CONTRACT.md. */
export const C = {
  inventory: 'inventory',
  /** Server-only bookkeeping of a SKU (pending sales, tombstones, WMS counts, shortfall): see stock-store.ts. */
  stockInternals: 'inventoryInternals',
  products: 'products',
  events: 'inventoryEvents',
  /**
   * The log entries not yet published (a copy of each, created in the entry's commit, deleted once
   * Pub/Sub has it): the relay reads this small collection, never the growing log. Server-only.
   */
  eventOutbox: 'eventOutbox',
  syncStatus: 'syncStatus',
  /** Private per-connector state: cursor, circuit breaker, pause, rollout. */
  syncState: 'syncState',
  /** Private per-connector health (the raw last error, the breaker, the last cycle's figures): operators read it through the API. */
  syncHealth: 'syncHealth',
  syncRejects: 'syncRejects',
  /** The sync's changes that did not apply (duplicate, stale), one compact document per chunk. */
  syncTrail: 'syncTrail',
  leases: 'leases',
  reservations: 'reservations',
  fulfillments: 'fulfillments',
  ingestJobs: 'ingestJobs',
  ingestBatches: 'ingestBatches',
  alerts: 'alerts',
  /** Metrics: one document per minute (the dashboard's charts) and `_total` (GET /v1/metrics). */
  metrics: 'metrics',
  /** One per alert episode and transition posted to the alert webhook (its dedupe). */
  alertDeliveries: 'alertDeliveries',
  stockSubscriptions: 'stockSubscriptions',
  notifications: 'notifications',
  /** Outgoing e-mail in the "Trigger Email from Firestore" extension's format (its default collection). */
  mail: 'mail',
  adjustments: 'adjustments',
  reconciliationRuns: 'reconciliationRuns',
  /** The legacy system's counts during the staged migration (loaded by `npm run legacy-import`). */
  legacyStock: 'legacyStock',
  dualRunReports: 'dualRunReports',
  checkoutCommands: 'checkoutCommands',
  hotSkus: 'hotSkus',
  ingestSources: 'ingestSources',
  rateLimits: 'rateLimits',
  consumerReceipts: 'consumerReceipts',
  paymentIntents: 'paymentIntents',
  paymentEvents: 'paymentEvents',
  shoppers: 'shoppers',
  signatureUses: 'signatureUses',
  deliveryAttempts: 'deliveryAttempts',
  /** Marketplace sellers (CONTRACT.md): name, status, feed cadence, contacts, low-stock default. */
  vendors: 'vendors',
  /** Public: each vendor's feed health (last feed, stale), for the storefront's per-offer banner. */
  vendorFeeds: 'vendorFeeds',
  /** Vendors' push signing keys, sealed under the key-encryption key; server-only. */
  vendorKeys: 'vendorKeys',
  /** Progress of data migrations (`npm run migrate`), one document per migration; server-only. */
  migrations: 'migrations',
  /** The bus ledger (adapters/bus-ledger.ts): per topic and subscription, sharded counters of messages published, acked and dead-lettered; server-only. */
  busCounters: 'busCounters',
  /** The bus ledger: messages published per topic per second (for the oldest unacked message's age); server-only. */
  busSeconds: 'busSeconds',
  /** Trace spans from the local exporter (adapters/tracing.ts; production sends them to Cloud Trace); server-only. */
  traceSpans: 'traceSpans',
  /** Sales channels, locations and allocation rules: one document, `current` (adapters/allocation-config.ts); operators write it through the API. */
  allocationConfig: 'allocationConfig',
  /** Units sold per SKU, channel and day (the cover consumer), for sales velocity and days of cover; server-only. */
  salesDaily: 'salesDaily',
} as const;

