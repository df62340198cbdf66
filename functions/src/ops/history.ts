/**
 * The trail of one SKU (operators), newest first: every count the sync or a push received, with
 * its location, source seq, push batch and what became of it (applied, duplicate, stale; from
 * `syncTrail`), every change in the event log (with its source, delta and before/after), and the
 * rows the sync quarantined (`syncRejects`).
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { logEntryData } from '../domain/events';

export interface TrailItem {
  at: string;
  /** The event type, or `sync.change` (a count the sync or a push received), or `sync.rejected`. */
  kind: string;
  /** A received count (`sync.change`), or its deletion. */
  count?: number;
  deleted?: boolean;
  outcome: 'applied' | 'duplicate' | 'stale' | 'rejected';
  source?: string;
  locationId?: string;
  seq?: number;
  batchId?: string;
  traceId?: string;
  eventId?: string;
  delta?: number;
  before?: { onHand: number; reserved: number; available: number };
  after?: { onHand: number; reserved: number; available: number };
  reservationId?: string;
  actor?: string;
  reason?: string;
}

const iso = (v: unknown) => (v instanceof Timestamp ? v.toDate().toISOString() : new Date(0).toISOString());

export async function skuHistory(db: Firestore, sku: string, limit = 100): Promise<{ sku: string; items: TrailItem[] }> {
  const [events, trail, rejects] = await Promise.all([
    db.collection(C.events).where('sku', '==', sku).orderBy('createdAt', 'desc').limit(limit).get(),
    db.collection(C.syncTrail).where('skus', 'array-contains', sku).orderBy('at', 'desc').limit(limit).get(),
    db.collection(C.syncRejects).where('sku', '==', sku).orderBy('receivedAt', 'desc').limit(limit).get(),
  ]);
  const items: TrailItem[] = [];
  for (const d of events.docs) {
    const e = d.data();
    const data = logEntryData(e);
    const base: TrailItem = {
      at: iso(e.createdAt), kind: e.type as string, outcome: 'applied', source: e.source as string, eventId: d.id,
      delta: data.delta as number, before: data.before as TrailItem['before'], after: data.after as TrailItem['after'],
      ...(data.reservationId ? { reservationId: data.reservationId as string } : {}),
      ...(data.actor ? { actor: data.actor as string } : {}),
      ...(data.reason ? { reason: data.reason as string } : {}),
      ...(data.batchId ? { batchId: data.batchId as string } : {}),
      ...(typeof e.trace?.traceId === 'string' ? { traceId: e.trace.traceId as string } : {}),
      ...(data.locationId ? { locationId: data.locationId as string } : {}),
    };
    items.push(base);
  }
  for (const d of trail.docs) {
    const t = d.data();
    for (const line of String(t.entries ?? '').split('\n')) {
      const [s, locationId, seq, count, outcome] = line.split('\t') as [string, string, string, string, TrailItem['outcome']];
      if (s !== sku) continue;
      items.push({
        at: iso(t.at), kind: 'sync.change', outcome, source: t.source as string, locationId, seq: Number(seq),
        ...(count === 'deleted' ? { deleted: true } : { count: Number(count) }),
        ...(t.batchId ? { batchId: t.batchId as string } : {}),
      });
    }
  }
  for (const d of rejects.docs) {
    const r = d.data();
    items.push({ at: iso(r.receivedAt), kind: 'sync.rejected', outcome: 'rejected', source: r.connectorId as string, reason: r.reason as string });
  }
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { sku, items: items.slice(0, limit) };
}
