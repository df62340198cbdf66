/**
 * Consumers of `inventory-events`. Each is idempotent on the event id: its effect and a receipt
 * (`consumerReceipts/{consumer}:{eventId}`) commit together, so a redelivery changes nothing.
 */
import { FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { alertRef, openAlert, resolveAlert } from '../adapters/alerts';
import { readStocks, writeInTransaction } from '../stock/stock-store';
import { markAcked, readFulfillment, saleLines } from '../stock/fulfillment-store';
import { acknowledgeSale } from '../domain/inventory';
import { StockEvent } from '../domain/events';
import { SalesSink } from '../stock/ports';
import { InventoryCloudEvent, cloudEventSchema } from './schema';
import { DeadLetters, ShopperContacts } from './ports';
import { describe, fieldErrors } from '../zod-errors';
import * as logs from '../logs';
import { expireAt } from '../adapters/retention';
import { instruments } from '../adapters/metrics';

export function parseEvent(json: unknown): InventoryCloudEvent {
  return cloudEventSchema.parse(json);
}

export type ConsumerName = 'backInStock' | 'alerts' | 'sales' | 'holds';


export interface DispatchOptions {
  defaultThreshold: number;
  deadLetters: DeadLetters;
  contacts?: ShopperContacts;
  /** Deliveries of one event before it is dead-lettered (default 8). */
  maxAttempts?: number;
}

/** A failure that no redelivery can fix: the external system refused the request itself (4xx). */
function permanent(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === false;
}

async function countAttempt(db: Firestore, eventId: string): Promise<number> {
  const ref = db.collection(C.deliveryAttempts).doc(eventId);
  return db.runTransaction(async (tx) => {
    const n = (((await tx.get(ref)).data()?.attempts as number | undefined) ?? 0) + 1;
    tx.set(ref, { attempts: n, at: FieldValue.serverTimestamp(), expireAt: expireAt('deliveryAttempts') });
    return n;
  });
}

/**
 * Runs every consumer on one event. All of them run even when one fails (a WMS outage must not
 * hold back a shopper's notification); then the failure is rethrown so Pub/Sub redelivers the
 * message, and the consumers that already succeeded skip it by their receipts. Never forever:
 * a message that is not an event, a failure no retry can fix (a 4xx from the WMS), or an event
 * whose consumers still fail after `maxAttempts` deliveries goes to the dead-letter topic with
 * the reason, and is acknowledged.
 */
export async function dispatch(db: Firestore, sink: SalesSink, json: unknown, o: DispatchOptions): Promise<Record<ConsumerName, 'done' | 'failed' | 'dead_lettered'> | null> {
  const parsed = cloudEventSchema.safeParse(json);
  if (!parsed.success) {
    const reason = `not an inventory event: ${describe(fieldErrors(parsed.error, '(message)'))}`;
    logs.poisonMessage('inventory-events', reason);
    await o.deadLetters.send({ message: json, reason, consumers: [], attempts: 1 });
    return null;
  }
  const e = parsed.data;
  const runs: [ConsumerName, () => Promise<unknown>][] = [
    ['backInStock', () => notifyBackInStock(db, e, o.contacts)],
    ['alerts', () => raiseStockAlerts(db, e)],
    ['sales', () => forwardSale(db, sink, e, o.defaultThreshold)],
    ['holds', () => forwardHold(db, sink, e)],
  ];
  const settled = await Promise.allSettled(runs.map(([, run]) => run()));
  instruments().eventsProcessed.add(1, { type: e.type, outcome: settled.every((s) => s.status === 'fulfilled') ? 'done' : 'failed' });
  const outcome = Object.fromEntries(runs.map(([name], i) => [name, settled[i]!.status === 'fulfilled' ? 'done' : 'failed'])) as Record<ConsumerName, 'done' | 'failed' | 'dead_lettered'>;
  const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [[runs[i]![0], s.reason] as const] : []));
  if (!failed.length) return outcome;
  for (const [name, err] of failed) logs.consumerFailed(name, e.id, err);
  const attempts = await countAttempt(db, e.id);
  const allPermanent = failed.every(([, err]) => permanent(err));
  if (allPermanent || attempts >= (o.maxAttempts ?? 8)) {
    const reason = failed.map(([name, err]) => `${name}: ${err instanceof Error ? err.message : String(err)}`).join('; ');
    await o.deadLetters.send({ message: e, reason: `${allPermanent ? 'permanent failure' : `still failing after ${attempts} deliveries`}: ${reason}`, consumers: failed.map(([n]) => n), attempts });
    logs.deadLettered('inventory-events', e.id, attempts, reason);
    for (const [name] of failed) outcome[name] = 'dead_lettered';
    return outcome;
  }
  throw failed[0]![1];
}

function receiptRef(db: Firestore, consumer: string, eventId: string) {
  return db.collection(C.consumerReceipts).doc(`${consumer}:${eventId}`);
}

const receiptData = (e: InventoryCloudEvent) => ({
  eventId: e.id,
  type: e.type,
  sku: e.subject,
  at: FieldValue.serverTimestamp(),
  expireAt: expireAt('consumerReceipts'),
});

/**
 * Back-in-stock: notify every shopper subscribed to the SKU, once per subscription per restock
 * (the subscription ends with its notification; the receipt makes a redelivery a no-op). The
 * notification is a document the storefront follows live (owner-only), and, for a shopper with an
 * e-mail address, a `mail/{id}` document in the format of the "Trigger Email from Firestore"
 * extension (`to`, `message: { subject, text, html }`), which delivers it once installed.
 */
export async function notifyBackInStock(db: Firestore, e: InventoryCloudEvent, contacts?: ShopperContacts): Promise<{ notified: number; duplicate: boolean }> {
  if (e.type !== 'inventory.back_in_stock') return { notified: 0, duplicate: false };
  const subsQuery = db.collection(C.stockSubscriptions).where('sku', '==', e.subject).limit(400);
  // Addresses are looked up before the transaction (an outside call must not run inside it).
  const emails = contacts ? await contacts.emails((await subsQuery.get()).docs.map((d) => d.data().uid as string)) : new Map<string, string>();
  return db.runTransaction(async (tx) => {
    const receipt = await tx.get(receiptRef(db, 'backInStock', e.id));
    if (receipt.exists) return { notified: 0, duplicate: true };
    const [subs, product] = await Promise.all([tx.get(subsQuery), tx.get(db.collection(C.products).doc(e.subject))]);
    const name = (product.data()?.name as string | undefined) ?? e.subject;
    for (const s of subs.docs) {
      const uid = s.data().uid as string;
      const id = `${e.id}_${uid}`;
      const email = emails.get(uid);
      if (email) tx.create(db.collection(C.mail).doc(id), backInStockMail(email, name, e.subject, e.data.after.available, uid, id));
      tx.create(db.collection(C.notifications).doc(id), {
        uid,
        sku: e.subject,
        kind: 'back_in_stock',
        available: e.data.after.available,
        eventId: e.id,
        createdAt: FieldValue.serverTimestamp(),
        read: false,
        expireAt: expireAt('notifications'),
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
    const id = `${kind}-${e.subject}`;
    // An offer's alert is also its vendor's (the vendor panel lists it; the rules let that vendor read it).
    const fields = { kind, sku: e.subject, available: e.data.after.available, lastEventId: e.id, ...(e.data.vendorId ? { vendorId: e.data.vendorId } : {}) };
    const resolving = e.type === 'inventory.back_in_stock';
    if (resolving) resolveAlert(tx, db, id, fields, FieldValue.serverTimestamp());
    else openAlert(tx, db, id, fields, FieldValue.serverTimestamp(), (await tx.get(alertRef(db, id))).data()?.status === 'open');
    tx.create(receipt.ref, receiptData(e));
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
  const f = await readFulfillment(db, saleId);
  if (!f || f.wmsState === 'acked') return { forwarded: false };
  const acks = await sink.reportSale(saleId, saleLines(f));
  await db.runTransaction(async (tx) => {
    const skus = [...new Set(acks.map((a) => a.sku))];
    const stocks = await readStocks((...refs) => tx.getAll(...refs), db, skus, defaultThreshold);
    const now = Timestamp.now();
    for (const stock of stocks) {
      if (!stock.exists) continue;
      let next = stock.state;
      const events: StockEvent[] = [];
      for (const a of acks.filter((x) => x.sku === stock.sku)) {
        const r = acknowledgeSale(next, `${saleId}:${stock.sku}`, a.locationId, a.ackSeq, 'wms');
        next = r.state;
        events.push(...r.events);
      }
      if (next === stock.state) continue;
      writeInTransaction(tx, db, stock, next, events, now);
    }
    markAcked(tx, db, saleId, acks, now);
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

/** A "Trigger Email from Firestore" document: `to` and `message` are the extension's fields; the rest is ours. */
export function backInStockMail(to: string, name: string, sku: string, available: number, uid: string, notificationId: string) {
  const subject = `${name} is back in stock`;
  const text = `Good news: ${name} (${sku}) is back in stock, ${available} available right now. You asked us to tell you; we will not write again about it.`;
  const html = `<p>Good news: <strong>${escapeHtml(name)}</strong> (${escapeHtml(sku)}) is back in stock, ${available} available right now.</p><p>You asked us to tell you; we will not write again about it.</p>`;
  return { to: [to], message: { subject, text, html }, uid, sku, notificationId, createdAt: FieldValue.serverTimestamp(), expireAt: expireAt('mail') };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
