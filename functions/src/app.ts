/**
 * Composition root: every long-lived object of an instance is built here, once, in one place, from
 * the configuration and the runtime. Builders only construct (no side effect between them); the one
 * start-up effect, the metrics pipeline, is `startInstance()`, which every trigger's service getter
 * runs first. Triggers and routes take what is built here; tests build their own with the same
 * constructors.
 */
import { randomUUID } from 'node:crypto';
import { readConfig, readRuntime, AppConfig } from './config';
import path from 'node:path';
import { firestore, projectId } from './adapters/firebase';
import { LocalDropFiles, StorageDropFiles } from './adapters/drop-files';
import { DropService } from './ingest/drops';
import { FeedWatch } from './vendors/feed-watch';
import type { DropFiles } from './ingest/ports';
import { FeatureFlags, remoteConfigFlags } from './adapters/feature-flags';
import { WmsHttpConnector } from './adapters/wms-http';
import { CountApplier } from './stock/count-applier';
import { SyncDeps } from './sync/sync-cycle';
import { RolloutOwnership } from './sync/sync-state';
import { CommandQueue } from './checkout/command-queue';
import { CheckoutService } from './checkout/service';
import { PaymentService } from './checkout/payments';
import { TaskQueueExpiryScheduler } from './adapters/expiry-tasks';
import { PubSubIngestQueue } from './adapters/ingest-queue';
import { PubSubEventPublisher } from './adapters/pubsub-publisher';
import { BusLedger } from './adapters/bus-ledger';
import { PubSubDeadLetters } from './adapters/dead-letters';
import { IngestService, StoredRow } from './ingest/service';
import { applyInline, ClaimedJob } from './ingest/processor';
import { PushAuthenticator } from './ingest/push-auth';
import { parseIngestSecrets } from './ingest/credentials';
import { FirestoreOfferCatalog } from './adapters/offer-catalog';
import { firstUse } from './adapters/replay-guard';
import { KeyEncryption, MIN_KEK_BYTES } from './adapters/key-encryption';
import { VendorKeyStore } from './vendors/vendor-keys';
import { VendorService } from './vendors/service';
import { AuthVendorUsers } from './adapters/vendor-users';
import * as logs from './logs';
import { AuthContacts } from './adapters/auth-contacts';
import { startMetrics } from './adapters/metrics';
import { startTracing } from './adapters/tracing';
import { enqueueReconciliation } from './adapters/reconcile-tasks';
import type { ApiServices } from './triggers/http/services';

export const instanceId = randomUUID();

/** A lease owner per invocation: one process may serve two overlapping invocations. */
export function invocationOwner(): string {
  return `${instanceId}/${randomUUID()}`;
}

/** The configuration (function params), read and validated. Only reads. */
export function config(): AppConfig {
  return readConfig();
}

/** The instance's one start-up effect: the metrics pipeline (idempotent). */
export function startInstance(): void {
  const rt = readRuntime();
  startMetrics(firestore(), { cloudMonitoring: rt.deployed });
  // A bad param is reported by the services that read it; tracing alone starts with none sampled.
  let samplePercent = 0;
  try {
    samplePercent = config().traceSamplePercent;
  } catch {
    samplePercent = 0;
  }
  startTracing(firestore(), { cloudTrace: rt.deployed, samplePercent });
}

/** A value built on first use and kept for the instance's life. */
function once<T>(build: () => T): () => T {
  let v: { value: T } | undefined;
  return () => (v ??= { value: build() }).value;
}

interface Built {
  flags: () => Promise<FeatureFlags>;
  connector: () => WmsHttpConnector;
  ownership: () => RolloutOwnership;
  applier: () => CountApplier;
  contacts: () => AuthContacts;
  ingestQueue: () => PubSubIngestQueue;
  ingest: () => IngestService;
  dropFiles: () => DropFiles;
  drops: () => DropService;
  feedWatch: () => FeedWatch;
  kek: () => KeyEncryption | null;
  vendorKeys: () => VendorKeyStore;
  vendors: () => VendorService;
  pushAuth: () => PushAuthenticator;
  publisher: () => PubSubEventPublisher;
  busLedger: () => BusLedger;
  deadLetters: () => PubSubDeadLetters;
  commandQueue: () => CommandQueue;
  checkout: () => CheckoutService;
  payments: () => PaymentService;
}

/** Every singleton of the instance, each built by exactly one builder below. */
const built: Built = {
  flags: once(() => {
    const rt = readRuntime();
    return remoteConfigFlags({ emulator: rt.emulator, templateFile: rt.remoteConfigTemplateFile });
  }),
  connector: once(() => new WmsHttpConnector({ baseUrl: config().wmsBaseUrl, apiKey: config().wmsApiKey })),
  /** The staged migration as every count writer (and the dual-run report) sees it. */
  ownership: once(() => new RolloutOwnership(firestore(), { isEnabled: async (flag) => (await built.flags()).isEnabled(flag) })),
  // Every count writer (poll, push jobs, reconciliation, resync, vendor suspension) uses this
  // applier, so the staged migration's flag, share and rollback list hold for all of them.
  applier: once(() => new CountApplier(firestore(), { defaultThreshold: config().lowStockThreshold, ownership: built.ownership() })),
  contacts: once(() => new AuthContacts()),
  ingestQueue: once(() => new PubSubIngestQueue(undefined, undefined, built.busLedger())),
  ingest: once(() => {
    const cfg = config();
    const inline = {
      maxRows: cfg.inlinePushMaxRows,
      apply: async (job: ClaimedJob, rows: StoredRow[]) => {
        const r = await applyInline(firestore(), built.applier(), job, rows);
        // As the worker does (triggers/ingest.ts): a vendor's stale feed recovers with its next batch.
        // The batch is applied by now: a failure here is logged, never a reason to queue it again.
        if (r.vendorId) await built.feedWatch().recover(r.vendorId).catch((err) => logs.internalError('feed recovery after an inline push', err, { jobId: job.jobId }));
      },
    };
    return new IngestService(firestore(), built.ingestQueue(), new FirestoreOfferCatalog(firestore()), { requestsPerMinute: 120, guardPercent: cfg.massChangeGuardPercent, defaultThreshold: cfg.lowStockThreshold }, inline);
  }),
  /** Cloud Storage; locally a directory standing in for it (the Storage emulator cannot start here). */
  dropFiles: once(() => {
    const rt = readRuntime();
    return rt.dropsDir ? new LocalDropFiles(path.resolve(rt.dropsDir), rt.defaultBucket ?? `${projectId()}.appspot.com`) : new StorageDropFiles();
  }),
  drops: once(() => new DropService(firestore(), built.ingest(), built.dropFiles())),
  feedWatch: once(() => new FeedWatch(firestore(), built.vendors(), config().staleFeedFactor)),
  kek: once(() => {
    const kek = config().vendorKeyEncryptionKey;
    if (Buffer.byteLength(kek) >= MIN_KEK_BYTES) return new KeyEncryption(kek);
    logs.vendor('kek_unconfigured', { bytes: Buffer.byteLength(kek) });
    return null;
  }),
  vendorKeys: once(() => new VendorKeyStore(firestore(), built.kek, config().vendorKeyGraceMs)),
  vendors: once(() => new VendorService(firestore(), built.applier(), new AuthVendorUsers())),
  pushAuth: once(
    () =>
      new PushAuthenticator({
        secrets: () => parseIngestSecrets(config().ingestSigningSecret),
        vendors: built.vendorKeys(),
        replay: { firstUse: (key, t, window) => firstUse(firestore(), key, t, window) },
      }),
  ),
  publisher: once(() => new PubSubEventPublisher(undefined, undefined, 'page', built.busLedger(), config().eventOrderingShards)),
  busLedger: once(() => new BusLedger(firestore())),
  deadLetters: once(() => new PubSubDeadLetters()),
  commandQueue: once(() => {
    const cfg = config();
    // The Cloud Tasks emulator dispatches at once, ignoring scheduleTime, so locally a timer would
    // only cost an invocation: the per-minute sweeper expires holds there. Production uses both.
    const scheduler = readRuntime().emulator ? null : new TaskQueueExpiryScheduler();
    return new CommandQueue(firestore(), {
      defaultThreshold: cfg.lowStockThreshold,
      owner: instanceId,
      onProcessed: async (processed) => {
        if (!scheduler) return;
        // Best effort: the per-minute sweeper expires anything whose timer could not be set.
        await Promise.all(
          processed.flatMap((p) => (p.scheduleExpiry ? [p.scheduleExpiry] : [])).map((s) =>
            scheduler.schedule(s.reservationId, s.expiresAt).catch((err) => logs.internalError('schedule expiry', err, { reservationId: s.reservationId })),
          ),
        );
      },
    });
  }),
  checkout: once(() => new CheckoutService(firestore(), built.commandQueue(), config())),
  payments: once(() => new PaymentService(firestore(), built.commandQueue(), config(), instanceId)),
};

/** A service getter for triggers: the instance is started before the service is handed out. */
function service<T>(get: () => T): () => T {
  return () => {
    startInstance();
    return get();
  };
}

export const featureFlags = service(built.flags);
export const wmsConnector = service(built.connector);
export const rolloutOwnership = service(built.ownership);
export const countApplier = service(built.applier);
export const shopperContacts = service(built.contacts);
export const ingestQueue = service(built.ingestQueue);
export const ingestService = service(built.ingest);
export const dropService = service(built.drops);
export const feedWatch = service(built.feedWatch);
export const pushAuthenticator = service(built.pushAuth);
export const vendorKeys = service(built.vendorKeys);
export const vendorService = service(built.vendors);
export const eventPublisher = service(built.publisher);
export const deadLetters = service(built.deadLetters);
export const busLedger = service(built.busLedger);
export const checkoutService = service(built.checkout);
export const paymentService = service(built.payments);
export { firestore };

/** What the API's guards and routes act with (triggers/http/services.ts). */
export const apiServices: ApiServices = {
  db: firestore,
  config,
  ingest: ingestService,
  drops: dropService,
  pushAuth: pushAuthenticator,
  vendors: vendorService,
  vendorKeys,
  payments: paymentService,
  enqueueReconciliation: (runId) => enqueueReconciliation(runId),
};

export async function syncDeps(): Promise<SyncDeps> {
  const cfg = config();
  return {
    db: firestore(),
    connector: wmsConnector(),
    flags: await featureFlags(),
    applier: countApplier(),
    staleAfterSeconds: cfg.staleAfterSeconds,
    intervalMs: cfg.syncIntervalSeconds * 1000,
    alerts: { lagMs: cfg.alertLagMs, lagForMs: cfg.alertLagForMs, failureRateForMs: cfg.alertFailureRateForMs },
  };
}
