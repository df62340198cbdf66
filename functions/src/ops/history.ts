/**
 * The trail of one SKU (operators): every change from the event log (applied, with its source,
 * WMS seq or push batch, delta and before/after), the sync's changes that did not apply
 * (duplicate or stale, from `syncTrail`) and the rows the sync quarantined (`syncRejects`),
 * newest first.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';

export interface TrailItem {
  at: string;
  /** The event type, or `sync.not_applied`, or `sync.rejected`. */
  kind: string;
  outcome: 'applied' | 'duplicate' | 'stale' | 'rejected';
  source?: string;
  locationId?: string;
  seq?: number;
  batchId?: string;
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
    const data = (e.data ?? {}) as Record<string, unknown>;
    const base: TrailItem = {
      at: iso(e.createdAt), kind: e.type as string, outcome: 'applied', source: e.source as string, eventId: d.id,
      delta: data.delta as number, before: data.before as TrailItem['before'], after: data.after as TrailItem['after'],
      ...(data.reservationId ? { reservationId: data.reservationId as string } : {}),
      ...(data.actor ? { actor: data.actor as string } : {}),
      ...(data.reason ? { reason: data.reason as string } : {}),
      ...(data.batchId ? { batchId: data.batchId as string } : {}),
      ...(data.locationId ? { locationId: data.locationId as string } : {}),
    };
    const changes = (data.changes ?? []) as { locationId: string; seq: number }[];
    // A sync event per applied count (its location and seq), else the event as it is.
    if (changes.length) for (const c of changes) items.push({ ...base, locationId: c.locationId, seq: c.seq });
    else items.push(base);
  }
  for (const d of trail.docs) {
    const t = d.data();
    for (const entry of t.entries as string[]) {
      const [s, locationId, seq, , outcome] = entry.split('\t') as [string, string, string, string, 'duplicate' | 'stale'];
      if (s !== sku) continue;
      items.push({ at: iso(t.at), kind: 'sync.not_applied', outcome, source: t.source as string, locationId, seq: Number(seq), ...(t.batchId ? { batchId: t.batchId as string } : {}) });
    }
  }
  for (const d of rejects.docs) {
    const r = d.data();
    items.push({ at: iso(r.receivedAt), kind: 'sync.rejected', outcome: 'rejected', source: r.connectorId as string, reason: r.reason as string });
  }
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { sku, items: items.slice(0, limit) };
}
