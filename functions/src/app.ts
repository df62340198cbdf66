/**
 * Composition root: builds use-case dependencies from configuration, once per process. Triggers
 * call these; tests build their own dependencies with the same constructors.
 */
import { randomUUID } from 'node:crypto';
import { readConfig, AppConfig } from './config';
import { firestore } from './adapters/firebase';
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
import { PubSubDeadLetters } from './adapters/dead-letters';
import { IngestService } from './ingest/service';
import * as logs from './logs';
import { AuthContacts } from './adapters/auth-contacts';
import { startMetrics } from './adapters/metrics';

let flags: Promise<FeatureFlags> | undefined;
let applier: CountApplier | undefined;
let connector: WmsHttpConnector | undefined;
let ownership: RolloutOwnership | undefined;
let contacts: AuthContacts | undefined;

export const instanceId = randomUUID();

/** A lease owner per invocation: one process may serve two overlapping invocations. */
export function invocationOwner(): string {
  return `${instanceId}/${randomUUID()}`;
}

export function config(): AppConfig {
  const cfg = readConfig();
  // Every trigger reads its config first: the metrics pipeline starts with it, once per instance.
  startMetrics(firestore(), { cloudMonitoring: process.env.FUNCTIONS_EMULATOR !== 'true' && !!process.env.K_SERVICE });
  return cfg;
}

export function featureFlags(): Promise<FeatureFlags> {
  flags ??= remoteConfigFlags();
  return flags;
}

export function wmsConnector(cfg = config()): WmsHttpConnector {
  connector ??= new WmsHttpConnector({ baseUrl: cfg.wmsBaseUrl, apiKey: cfg.wmsApiKey });
  return connector;
}

/** The staged migration as every count writer (and the dual-run report) sees it. */
export function rolloutOwnership(): RolloutOwnership {
  return (ownership ??= new RolloutOwnership(firestore(), { isEnabled: async (flag) => (await featureFlags()).isEnabled(flag) }));
}

export function countApplier(cfg = config()): CountApplier {
  // Every count writer (poll, push jobs, reconciliation, resync) uses this applier, so the staged
  // migration's flag, share and rollback list hold for all of them.
  applier ??= new CountApplier(firestore(), {
    defaultThreshold: cfg.lowStockThreshold,
    ownership: rolloutOwnership(),
  });
  return applier;
}

export async function syncDeps(): Promise<SyncDeps> {
  const cfg = config();
  return {
    db: firestore(),
    connector: wmsConnector(cfg),
    flags: await featureFlags(),
    applier: countApplier(cfg),
    staleAfterSeconds: cfg.staleAfterSeconds,
    intervalMs: cfg.syncIntervalSeconds * 1000,
    alerts: { lagMs: cfg.alertLagMs, lagForMs: cfg.alertLagForMs, failureRateForMs: cfg.alertFailureRateForMs },
  };
}

let ingest: IngestService | undefined;
let ingestJobs: PubSubIngestQueue | undefined;
let publisher: PubSubEventPublisher | undefined;

export function ingestQueue(): PubSubIngestQueue {
  ingestJobs ??= new PubSubIngestQueue();
  return ingestJobs;
}

export function ingestService(): IngestService {
  ingest ??= new IngestService(firestore(), ingestQueue());
  return ingest;
}

let letters: PubSubDeadLetters | undefined;

export function shopperContacts(): AuthContacts {
  return (contacts ??= new AuthContacts());
}

export function deadLetters(): PubSubDeadLetters {
  letters ??= new PubSubDeadLetters();
  return letters;
}

export function eventPublisher(): PubSubEventPublisher {
  publisher ??= new PubSubEventPublisher();
  return publisher;
}

let checkout: CheckoutService | undefined;
let queue: CommandQueue | undefined;
let payments: PaymentService | undefined;

export function paymentService(): PaymentService {
  if (payments) return payments;
  checkoutService();
  payments = new PaymentService(firestore(), queue!, config(), instanceId);
  return payments;
}

export function checkoutService(): CheckoutService {
  if (checkout) return checkout;
  const cfg = config();
  // The Cloud Tasks emulator dispatches at once, ignoring scheduleTime, so locally a timer would
  // only cost an invocation: the per-minute sweeper expires holds there. Production uses both.
  const scheduler = process.env.FUNCTIONS_EMULATOR === 'true' ? null : new TaskQueueExpiryScheduler();
  queue = new CommandQueue(firestore(), {
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
  checkout = new CheckoutService(firestore(), queue, cfg);
  return checkout;
}
