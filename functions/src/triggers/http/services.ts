/**
 * What the API's guards and routes act with: built once by the composition root (app.ts
 * `apiServices`) and handed to the router, so a route takes what was built instead of building or
 * reaching for it. Tests hand the router their own.
 */
import type { Firestore } from 'firebase-admin/firestore';
import type { AppConfig } from '../../config';
import type { IngestService } from '../../ingest/service';
import type { DropService } from '../../ingest/drops';
import type { PushAuthenticator } from '../../ingest/push-auth';
import type { VendorService } from '../../vendors/service';
import type { VendorKeyStore } from '../../vendors/vendor-keys';
import type { PaymentService } from '../../checkout/payments';

export interface ApiServices {
  db(): Firestore;
  /** The configuration, read when asked (function params are per invocation). */
  config(): AppConfig;
  ingest(): IngestService;
  drops(): DropService;
  pushAuth(): PushAuthenticator;
  vendors(): VendorService;
  vendorKeys(): VendorKeyStore;
  payments(): PaymentService;
  /** Queues a reconciliation run's background task. */
  enqueueReconciliation(runId: string): Promise<void>;
}
