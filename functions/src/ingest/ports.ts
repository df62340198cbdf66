import type { TraceCarrier } from '../adapters/tracing';
/** Ports of push ingestion: what the use cases need from the outside, implemented in adapters/ and vendors/. */
import type { Offer } from '../domain/offer';
import type { ClaimedJob } from './processor';
import type { StoredRow } from './service';

/** Where accepted jobs wait for the applier (Pub/Sub in production and locally). */
export interface IngestQueue {
  /** `trace`: the W3C trace context the message carries (default: the active span's). */
  enqueue(jobId: string, trace?: TraceCarrier): Promise<void>;
}

/** Applies a small accepted batch in the request that accepted it (processor.ts `applyInline`). */
export interface InlineApplier {
  /** Batches of at most this many rows (INLINE_PUSH_MAX_ROWS; 0: never). */
  maxRows: number;
  /** Rejects when the batch could not be applied: the job is then queued for the worker. */
  apply(job: ClaimedJob, rows: StoredRow[]): Promise<unknown>;
}

/** A vendor as push authentication sees it: whether it may push, and the keys it signs with. */
export interface VendorCredential {
  vendorId: string;
  status: 'active' | 'suspended';
  /** Plaintext signing secrets valid now: the current key and any still in their grace period. */
  secrets: string[];
}

/** The vendors that push with their own keys. A source that is no vendor signs with the configured secrets. */
export interface VendorCredentials {
  credentialOf(source: string, now: number): Promise<VendorCredential | null>;
}

/** One-use memory of signatures (a replayed request is refused). */
export interface ReplayGuard {
  firstUse(key: string, t: number, windowSeconds: number): Promise<boolean>;
}

/** What push validation reads of stored offers and the catalogue. */
export interface OfferCatalog {
  /** Per stock key asked: whether it exists, and the offer it is (null: a plain SKU). */
  offers(skus: string[]): Promise<Map<string, { exists: boolean; offer: Offer | null }>>;
  /** The ids of `productIds` that are in the catalogue. */
  products(productIds: string[]): Promise<Set<string>>;
}

/** Where dropped files are read from: Cloud Storage in production; locally, a directory standing in for the bucket. */
export interface DropFiles {
  read(bucket: string, name: string): Promise<Buffer>;
  /** Keeps an uploaded file as it was received (the audit trail), under `keptName`. */
  keep(keptName: string, body: Buffer, contentType: string): Promise<void>;
}
