/** Ports of the stock module: the external inventory system (WMS) as every count writer sees it, and the staged migration's ownership. */
import { LocationChange } from '../domain/sequence';

export interface RejectedRow {
  row: unknown;
  reason: string;
}

export interface ChangesPage {
  changes: LocationChange[];
  rejected: RejectedRow[];
  /** Raw rows received, valid or not. */
  received: number;
  nextCursor: string | null;
  hasMore: boolean;
  /** The version of the external system's contract the page was read in (when it has versions). */
  schemaVersion?: number;
}

export interface SnapshotPage {
  items: LocationChange[];
  rejected: RejectedRow[];
  nextPageToken: string | null;
}

export interface InventoryConnector {
  readonly id: string;
  /** `attempts` bounds the retries of transient failures (a circuit's half-open probe makes one). */
  fetchChanges(cursor: string | null, limit: number, deadline: number, opts?: { attempts?: number }): Promise<ChangesPage>;
  fetchSnapshot(pageToken: string | null, pageSize: number, deadline: number): Promise<SnapshotPage>;
}

/**
 * Which SKUs this system may write now (the staged migration). Every count writer goes through
 * the applier, which asks this before it writes: a SKU outside the share is never touched.
 */
export interface OwnershipSource {
  current(): Promise<(sku: string) => boolean>;
}

export interface SaleLine {
  sku: string;
  locationId: string;
  quantity: number;
}

export interface HoldChange {
  /** The event id: the external system deduplicates on it. */
  eventId: string;
  reservationId: string;
  sku: string;
  quantity: number;
  action: 'held' | 'released';
  reason?: string;
}

export interface SalesSink {
  /** Reports a sale to the external system; answers the seq at which it applied each line. */
  reportSale(saleId: string, lines: SaleLine[]): Promise<{ sku: string; locationId: string; ackSeq: number }[]>;
  /** Reports a hold taken or given back, so the external system can allocate against it. */
  reportHold(change: HoldChange): Promise<void>;
}
