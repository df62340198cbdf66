/**
 * The public sync status document (`syncStatus/{connectorId}`): what it says about freshness, read
 * against the reader's clock (domain/staleness.ts). The sync writes it; the read API and checkout
 * read it beside stock, so it lives with stock (stock/ never imports sync/).
 */
import { DocumentData, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { Freshness, freshness } from '../domain/staleness';

export const POLLING_CONNECTOR = 'wms';

/** `lastSuccessAt` of a status document, in epoch millis (null: never succeeded). */
export function lastSuccessMillis(data: DocumentData | undefined): number | null {
  return data?.lastSuccessAt instanceof Timestamp ? data.lastSuccessAt.toMillis() : null;
}

export function statusFreshness(data: DocumentData | undefined, now: number, fallbackStaleAfterSeconds?: number): Freshness {
  return freshness(
    {
      lastSuccessAt: lastSuccessMillis(data),
      staleAfterSeconds: typeof data?.staleAfterSeconds === 'number' ? data.staleAfterSeconds : fallbackStaleAfterSeconds,
    },
    now,
  );
}

export function statusRef(db: Firestore, connectorId = POLLING_CONNECTOR) {
  return db.collection(C.syncStatus).doc(connectorId);
}

/** Freshness as a read API answers it: stale, and when the WMS last confirmed anything. */
export function freshnessFields(data: DocumentData | undefined, now = Date.now()): { stale: boolean; lastSyncSuccessAt: string | null } {
  const at = lastSuccessMillis(data);
  return { stale: statusFreshness(data, now).stale, lastSyncSuccessAt: at === null ? null : new Date(at).toISOString() };
}
