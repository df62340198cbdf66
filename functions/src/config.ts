/**
 * The one place configuration is read. Function params (names fixed by CONTRACT.md) are declared
 * here; `readConfig()` turns their runtime values into a validated, typed object that use cases
 * receive. Triggers bind the secrets they need through `SECRETS`.
 */
import { defineBoolean, defineInt, defineSecret, defineString } from 'firebase-functions/params';
import { setGlobalOptions } from 'firebase-functions/v2';
import { REGION } from './region';

// Every function's region, from one place (a trigger can still override it, none does).
setGlobalOptions({ region: REGION });
import { z } from 'zod';

export const WMS_BASE_URL = defineString('WMS_BASE_URL', {
  description: 'Base URL of the external inventory system (WMS), e.g. https://wms.example.com',
});
export const WMS_API_KEY = defineSecret('WMS_API_KEY');
export const INGEST_SIGNING_SECRET = defineSecret('INGEST_SIGNING_SECRET');
/** The payment provider's webhook signing secret (at least 32 bytes; shorter answers 503). */
export const PAYMENT_WEBHOOK_SECRET = defineSecret('PAYMENT_WEBHOOK_SECRET');
export const PAYMENT_PROVIDER_URL = defineString('PAYMENT_PROVIDER_URL', {
  description: "Base URL of the payment provider's hosted checkout, given to the storefront by startPayment (locally tools/payment-simulator.ts)",
});
export const SYNC_INTERVAL_SECONDS = defineInt('SYNC_INTERVAL_SECONDS', {
  default: 5,
  description: 'Seconds between two polls of the WMS inside the per-minute sync invocation',
});
export const STALE_AFTER_SECONDS = defineInt('STALE_AFTER_SECONDS', {
  default: 30,
  description: 'Seconds without a successful sync after which stock is flagged stale',
});
export const RESERVATION_TTL_SECONDS = defineInt('RESERVATION_TTL_SECONDS', {
  default: 900,
  description: 'Lifetime of a checkout hold before it expires',
});
export const MAX_OPEN_HOLDS_PER_SHOPPER = defineInt('MAX_OPEN_HOLDS_PER_SHOPPER', {
  default: 5,
  description: 'Open checkout holds one signed-in shopper may have at once',
});
export const MAX_UNITS_PER_SKU_PER_SHOPPER = defineInt('MAX_UNITS_PER_SKU_PER_SHOPPER', {
  default: 20,
  description: 'Units of one SKU one shopper may hold at once, over all their holds',
});
export const SHOPPER_REQUESTS_PER_MINUTE = defineInt('SHOPPER_REQUESTS_PER_MINUTE', {
  default: 60,
  description: 'validateCart + reserveCart calls per shopper per minute',
});
export const LOW_STOCK_THRESHOLD = defineInt('LOW_STOCK_THRESHOLD', {
  default: 5,
  description: 'Default available quantity at or below which a SKU is low_stock',
});

/** Alerts leave Firestore through this webhook (Slack-compatible JSON); empty: they stay in Firestore and the logs. */
export const ALERT_WEBHOOK_URL = defineString('ALERT_WEBHOOK_URL', {
  default: '',
  description: 'Incoming-webhook URL (Slack-compatible JSON body) that alerts are posted to when raised and resolved; empty to disable',
});
export const ALERT_LAG_SECONDS = defineInt('ALERT_LAG_SECONDS', {
  default: 600,
  description: 'Sync lag (WMS change to commit) above which the lag alert condition holds (integration spec: 10 minutes)',
});
export const ALERT_LAG_FOR_SECONDS = defineInt('ALERT_LAG_FOR_SECONDS', {
  default: 300,
  description: 'Seconds the lag condition must hold before the alert opens',
});
export const ALERT_FAILURE_RATE_FOR_SECONDS = defineInt('ALERT_FAILURE_RATE_FOR_SECONDS', {
  default: 300,
  description: 'Seconds the WMS failure rate must stay above 1% (over its 15-minute window) before the alert opens',
});
export const ALERT_DISCREPANCY_FOR_SECONDS = defineInt('ALERT_DISCREPANCY_FOR_SECONDS', {
  default: 82_800,
  description: 'Seconds the discrepancy rate must stay above 0.5% before the alert opens (the default needs two daily reconciliations in a row)',
});

/** App Check on the callables: on in production; the emulators' .env turns it off (README). */
export const ENFORCE_APP_CHECK = defineBoolean('ENFORCE_APP_CHECK', {
  default: true,
  description: 'Refuse callable requests without a valid App Check token',
});

/** Seals vendors' signing keys at rest (at least 32 bytes; without it vendor keys fail closed). */
export const VENDOR_KEY_ENCRYPTION_KEY = defineSecret('VENDOR_KEY_ENCRYPTION_KEY');
export const VENDOR_KEY_GRACE_HOURS = defineInt('VENDOR_KEY_GRACE_HOURS', {
  default: 24,
  description: "Hours a vendor's previous signing key stays valid after it rotates to a new one",
});

export const MASS_CHANGE_GUARD_PERCENT = defineInt('MASS_CHANGE_GUARD_PERCENT', {
  default: 30,
  description: "Hold a vendor batch that would zero or delete more than this share (%) of the vendor's offers, or remove more than this share of its units, for review (100: never)",
});
export const STALE_FEED_FACTOR = defineInt('STALE_FEED_FACTOR', {
  default: 3,
  description: "A vendor's feed is stale after this many times its declared cadence without an accepted feed",
});

export const INLINE_PUSH_MAX_ROWS = defineInt('INLINE_PUSH_MAX_ROWS', {
  default: 50,
  description: 'A push of at most this many rows is applied in the request (the answer says done); larger ones are queued (0: always queue)',
});

export const TRACE_SAMPLE_PERCENT = defineInt('TRACE_SAMPLE_PERCENT', {
  default: 10,
  description: 'Share of traces recorded, decided at the root (a push, a poll cycle, a callable) and kept by every hop after it (0: none, 100: all)',
});

export const EVENT_ORDERING_SHARDS = defineInt('EVENT_ORDERING_SHARDS', {
  default: 0,
  description: 'Pub/Sub ordering key of inventory events: 0 = the SKU (CONTRACT.md); N > 0 = one of N stable shards of the SKU, so each SKU stays in order while one key carries many SKUs (docs/events.md; 32 for 1,000+ events/s)',
});

export const SECRETS = { wms: [WMS_API_KEY], ingest: [INGEST_SIGNING_SECRET, VENDOR_KEY_ENCRYPTION_KEY], payments: [PAYMENT_WEBHOOK_SECRET] };

export const FEATURE_SYNC_ENABLED = 'feature_fe_inventory_sync_fl_catalog_enabled';

export const configSchema = z.object({
  wmsBaseUrl: z.string().url(),
  wmsApiKey: z.string(),
  ingestSigningSecret: z.string(),
  paymentWebhookSecret: z.string(),
  paymentProviderUrl: z.string().url(),
  syncIntervalSeconds: z.number().int().min(1).max(60),
  staleAfterSeconds: z.number().int().min(1),
  reservationTtlSeconds: z.number().int().min(30).max(86_400),
  lowStockThreshold: z.number().int().min(0),
  /** Longest a hold can be extended to, counted from its creation. */
  reservationMaxLifetimeSeconds: z.number().int().min(30),
  maxOpenHoldsPerShopper: z.number().int().min(1),
  maxUnitsPerSkuPerShopper: z.number().int().min(1),
  shopperRequestsPerMinute: z.number().int().min(1),
  alertWebhookUrl: z.union([z.literal(''), z.string().url()]),
  alertLagMs: z.number().int().min(1000),
  alertLagForMs: z.number().int().min(0),
  alertFailureRateForMs: z.number().int().min(0),
  alertDiscrepancyForMs: z.number().int().min(0),
  vendorKeyEncryptionKey: z.string(),
  vendorKeyGraceMs: z.number().int().min(0),
  massChangeGuardPercent: z.number().int().min(1).max(100),
  staleFeedFactor: z.number().int().min(1).max(100),
  inlinePushMaxRows: z.number().int().min(0).max(5000),
  traceSamplePercent: z.number().int().min(0).max(100),
  eventOrderingShards: z.number().int().min(0).max(4096),
});
export type AppConfig = z.infer<typeof configSchema>;

/**
 * The relays of scheduled invocations (docs/sync.md). Each relay is two Cloud Scheduler jobs
 * firing every minute; Cloud Scheduler never runs two executions of one job at once, so the second
 * job is what lets the next invocation wait beside the holder. An invocation holds the lease for
 * at least `holdMs`, then hands over to the waiting standby between two units of work; it never
 * starts work after `lifeMs`, which leaves the longest cycle (the sync's 20 s budget) plus margin
 * inside `timeoutSeconds` (which firebase-tools also uses as Cloud Scheduler's attempt deadline).
 */
export const RELAY = {
  timeoutSeconds: 300,
  holdMs: 50_000,
  lifeMs: 240_000,
  /** The publisher's units are short: it may work closer to the timeout. */
  publisherLifeMs: 270_000,
  syncLeaseTtlMs: 15_000,
  publisherLeaseTtlMs: 10_000,
  publisherIntervalMs: 250,
} as const;

function secretOrEmpty(s: { value(): string }): string {
  try {
    return s.value();
  } catch {
    // A secret not bound to the running function reads as absent; the use case that needs it fails loudly.
    return '';
  }
}

/** Reads the params at runtime (never at deploy/module-load time). */
export function readConfig(): AppConfig {
  const ttl = RESERVATION_TTL_SECONDS.value();
  return configSchema.parse({
    wmsBaseUrl: WMS_BASE_URL.value(),
    wmsApiKey: secretOrEmpty(WMS_API_KEY),
    ingestSigningSecret: secretOrEmpty(INGEST_SIGNING_SECRET),
    paymentWebhookSecret: secretOrEmpty(PAYMENT_WEBHOOK_SECRET),
    paymentProviderUrl: PAYMENT_PROVIDER_URL.value(),
    syncIntervalSeconds: SYNC_INTERVAL_SECONDS.value(),
    staleAfterSeconds: STALE_AFTER_SECONDS.value(),
    reservationTtlSeconds: ttl,
    lowStockThreshold: LOW_STOCK_THRESHOLD.value(),
    reservationMaxLifetimeSeconds: Math.max(ttl * 3, 1800),
    maxOpenHoldsPerShopper: MAX_OPEN_HOLDS_PER_SHOPPER.value(),
    maxUnitsPerSkuPerShopper: MAX_UNITS_PER_SKU_PER_SHOPPER.value(),
    shopperRequestsPerMinute: SHOPPER_REQUESTS_PER_MINUTE.value(),
    alertWebhookUrl: ALERT_WEBHOOK_URL.value(),
    alertLagMs: ALERT_LAG_SECONDS.value() * 1000,
    alertLagForMs: ALERT_LAG_FOR_SECONDS.value() * 1000,
    alertFailureRateForMs: ALERT_FAILURE_RATE_FOR_SECONDS.value() * 1000,
    alertDiscrepancyForMs: ALERT_DISCREPANCY_FOR_SECONDS.value() * 1000,
    vendorKeyEncryptionKey: secretOrEmpty(VENDOR_KEY_ENCRYPTION_KEY),
    vendorKeyGraceMs: VENDOR_KEY_GRACE_HOURS.value() * 3600_000,
    massChangeGuardPercent: MASS_CHANGE_GUARD_PERCENT.value(),
    staleFeedFactor: STALE_FEED_FACTOR.value(),
    inlinePushMaxRows: INLINE_PUSH_MAX_ROWS.value(),
    traceSamplePercent: TRACE_SAMPLE_PERCENT.value(),
    eventOrderingShards: EVENT_ORDERING_SHARDS.value(),
  });
}

/** Where the code runs, read from the environment in this one place. */
export interface Runtime {
  /** Under the Functions emulator (firebase-tools sets FUNCTIONS_EMULATOR). */
  emulator: boolean;
  /** On Cloud Run / Cloud Functions (K_SERVICE is set there). */
  deployed: boolean;
  /** The emulators' Remote Config server template (no Remote Config emulator exists). */
  remoteConfigTemplateFile: string | null;
  /** Locally, the directory standing in for Cloud Storage (`<dir>/<bucket>/<object>`); null: Cloud Storage. */
  dropsDir: string | null;
  /** The project's default bucket, as the platform names it (FIREBASE_CONFIG). */
  defaultBucket: string | null;
}

export function readRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const emulator = env.FUNCTIONS_EMULATOR === 'true';
  let defaultBucket: string | null = null;
  try {
    defaultBucket = (JSON.parse(env.FIREBASE_CONFIG ?? '{}') as { storageBucket?: string }).storageBucket ?? null;
  } catch {
    // FIREBASE_CONFIG may also be a file path; the Admin SDK reads it then.
  }
  return { emulator, deployed: !emulator && !!env.K_SERVICE, remoteConfigTemplateFile: env.REMOTE_CONFIG_TEMPLATE_FILE ?? null, dropsDir: env.DROPS_DIR ?? (emulator ? '../.emulators/drops' : null), defaultBucket };
}
