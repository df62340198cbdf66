/**
 * Consumers of `inventory-events`. Each is idempotent on the event id: its effect and a receipt
 * (`consumerReceipts/{consumer}:{eventId}`) commit together, so a redelivery changes nothing.
 */
import { FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { stockFromDoc, stockRef, writeInTransaction } from '../adapters/stock-store';
import { acknowledgeSale } from '../domain/inventory';
import { StockEvent } from '../domain/events';
import { SalesSink } from '../sync/ports';
import { InventoryCloudEvent, cloudEventSchema } from './schema';
import * as logs from '../logs';

export function parseEvent(json: unknown): InventoryCloudEvent {
  return cloudEventSchema.parse(json);
}

function receiptRef(db: Firestore, consumer: string, eventId: string) {
  return db.collection(C.consumerReceipts).doc(`${consumer}:${eventId}`);
}

const receiptData = (e: InventoryCloudEvent) => ({
  eventId: e.id,
  type: e.type,
  sku: e.subject,
  at: FieldValue.serverTimestamp(),
  expireAt: Timestamp.fromMillis(Date.now() + 30 * 86_400_000),
});

/** Back-in-stock: notify every shopper subscribed to the SKU, once, and end their subscription. */
export async function notifyBackInStock(db: Firestore, e: InventoryCloudEvent): Promise<{ notified: number; duplicate: boolean }> {
  if (e.type !== 'inventory.back_in_stock') return { notified: 0, duplicate: false };
  return db.runTransaction(async (tx) => {
    const receipt = await tx.get(receiptRef(db, 'backInStock', e.id));
    if (receipt.exists) return { notified: 0, duplicate: true };
    const subs = await tx.get(db.collection(C.stockSubscriptions).where('sku', '==', e.subject).limit(400));
    for (const s of subs.docs) {
      const uid = s.data().uid as string;
      tx.create(db.collection(C.notifications).doc(`${e.id}_${uid}`), {
        uid,
        sku: e.subject,
        kind: 'back_in_stock',
        available: e.data.after.available,
        eventId: e.id,
        createdAt: FieldValue.serverTimestamp(),
        read: false,
      });
      tx.delete(s.ref);
    }
    tx.create(receipt.ref, receiptData(e));
    return { notified: subs.size, duplicate: false };
  });
}

/** Operator alerts for low and out of stock; back in stock resolves the out-of-stock alert. */
export async function raiseStockAlerts(db: Firestore, e: InventoryCloudEvent): Promise<{ changed: boolean }> {
  const kinds: Partial<Record<InventoryCloudEvent['type'], string>> = {
    'inventory.low_stock': 'low_stock',
    'inventory.out_of_stock': 'out_of_stock',
    'inventory.back_in_stock': 'out_of_stock',
  };
  const kind = kinds[e.type];
  if (!kind) return { changed: false };
  return db.runTransaction(async (tx) => {
    const receipt = await tx.get(receiptRef(db, 'alerts', e.id));
    if (receipt.exists) return { changed: false };
    const ref = db.collection(C.alerts).doc(`${kind}-${e.subject}`);
    const resolving = e.type === 'inventory.back_in_stock';
    tx.set(
      ref,
      {
        kind,
        sku: e.subject,
        status: resolving ? 'resolved' : 'open',
        available: e.data.after.available,
        lastEventId: e.id,
        ...(resolving ? { resolvedAt: FieldValue.serverTimestamp() } : { raisedAt: FieldValue.serverTimestamp() }),
      },
      { merge: true },
    );
    tx.create(receipt.ref, receiptData(e));
    if (!resolving) logs.alertRaised(kind, { sku: e.subject, available: e.data.after.available });
    return { changed: true };
  });
}

/**
 * The sales sink: a committed sale is reported to the WMS (idempotent on the sale id there);
 * its acknowledgements tell each SKU from which WMS seq on its counts reflect the sale.
 */
export async function forwardSale(db: Firestore, sink: SalesSink, e: InventoryCloudEvent, defaultThreshold: number): Promise<{ forwarded: boolean }> {
  if (e.type !== 'inventory.committed' || !e.data.reservationId) return { forwarded: false };
  const saleId = e.data.reservationId;
  const fRef = db.collection(C.fulfillments).doc(saleId);
  const f = (await fRef.get()).data();
  if (!f || f.wmsState === 'acked') return { forwarded: false };
  const lines = (f.lines as { sku: string; allocations: { locationId: string; quantity: number }[] }[]).flatMap((l) =>
    l.allocations.map((a) => ({ sku: l.sku, locationId: a.locationId, quantity: a.quantity })),
  );
  const acks = await sink.reportSale(saleId, lines);
  await db.runTransaction(async (tx) => {
    const skus = [...new Set(acks.map((a) => a.sku))];
    const snaps = await tx.getAll(...skus.map((s) => stockRef(db, s)));
    const now = Timestamp.now();
    for (const snap of snaps) {
      if (!snap.exists) continue;
      const { state, version } = stockFromDoc(snap.id, snap.data(), defaultThreshold);
      let next = state;
      const events: StockEvent[] = [];
      for (const a of acks.filter((x) => x.sku === snap.id)) {
        const r = acknowledgeSale(next, `${saleId}:${snap.id}`, a.locationId, a.ackSeq, 'wms');
        next = r.state;
        events.push(...r.events);
      }
      if (next === state) continue;
      writeInTransaction(tx, db, { version }, next, events, now);
    }
    tx.update(fRef, { wmsState: 'acked', wmsAcks: acks, ackedAt: now });
  });
  return { forwarded: true };
}

/** Holds taken and given back go to the external system too (deduplicated there by event id). */
export async function forwardHold(db: Firestore, sink: SalesSink, e: InventoryCloudEvent): Promise<{ forwarded: boolean }> {
  if ((e.type !== 'inventory.reserved' && e.type !== 'inventory.released') || !e.data.reservationId) return { forwarded: false };
  const receipt = receiptRef(db, 'holds', e.id);
  if ((await receipt.get()).exists) return { forwarded: false };
  await sink.reportHold({
    eventId: e.id,
    reservationId: e.data.reservationId,
    sku: e.subject,
    quantity: Math.abs(e.data.delta),
    action: e.type === 'inventory.reserved' ? 'held' : 'released',
    ...(e.data.reason ? { reason: e.data.reason } : {}),
  });
  await receipt.set(receiptData(e));
  return { forwarded: true };
}
