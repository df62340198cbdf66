import { FieldValue, Firestore, Query, Transaction } from 'firebase-admin/firestore';
import { C } from '../../adapters/collections';
import { expireAt } from '../../adapters/retention';
import { InventoryCloudEvent } from '../schema';
import { ShopperContacts } from '../ports';
import { backInStockMail, backOnMail } from './back-in-stock-mail';
import { receiptData, receiptRef } from './receipts';

/**
 * Back-in-stock: notify every shopper subscribed to the SKU, once per subscription per restock
 * (the subscription ends with its notification; the receipt makes a redelivery a no-op). The
 * notification is a document the storefront follows live (owner-only), and, for a shopper with an
 * e-mail address, a `mail/{id}` document in the format of the "Trigger Email from Firestore"
 * extension (`to`, `message: { subject, text, html }`), which delivers it once installed.
 */
export async function notifyBackInStock(db: Firestore, e: InventoryCloudEvent, contacts?: ShopperContacts): Promise<{ notified: number; duplicate: boolean }> {
  if (e.data.backOn && e.data.after.available <= 0) return notifyBackOn(db, e, e.data.backOn, contacts);
  if (e.type !== 'inventory.back_in_stock') return { notified: 0, duplicate: false };
  const { subsQuery, emails } = await audience(db, e.subject, contacts);
  return db.runTransaction(async (tx) => {
    const receipt = await tx.get(receiptRef(db, 'backInStock', e.id));
    if (receipt.exists) return { notified: 0, duplicate: true };
    const [subs, name] = await Promise.all([tx.get(subsQuery), productName(db, tx, e.subject)]);
    for (const s of subs.docs) {
      const uid = s.data().uid as string;
      const id = `${e.id}_${uid}`;
      const email = emails.get(uid);
      if (email) tx.create(db.collection(C.mail).doc(id), backInStockMail(email, name, e.subject, e.data.after.available, uid, id));
      tx.create(db.collection(C.notifications).doc(id), notification(uid, e, { kind: 'back_in_stock', available: e.data.after.available }));
      tx.delete(s.ref);
    }
    tx.create(receipt.ref, receiptData(e));
    return { notified: subs.size, duplicate: false };
  });
}

/**
 * Incoming units with a date for a SKU that cannot be sold: every subscriber is told when it is
 * expected back, once per date (the notification id is the SKU, the date and the shopper, so a
 * redelivery, or the transition event that repeats its cause's data, writes the same document).
 * The subscription stays: the shopper is still told when the units arrive.
 */
async function notifyBackOn(db: Firestore, e: InventoryCloudEvent, backOn: string, contacts?: ShopperContacts): Promise<{ notified: number; duplicate: boolean }> {
  const { subsQuery, emails } = await audience(db, e.subject, contacts);
  const day = backOn.slice(0, 10);
  return db.runTransaction(async (tx) => {
    const [subs, name] = await Promise.all([tx.get(subsQuery), productName(db, tx, e.subject)]);
    const refs = subs.docs.map((s) => db.collection(C.notifications).doc(`backon_${e.subject}_${day}_${s.data().uid as string}`));
    const existing = refs.length ? await tx.getAll(...refs) : [];
    let notified = 0;
    for (const [i, s] of subs.docs.entries()) {
      if (existing[i]!.exists) continue;
      const uid = s.data().uid as string;
      const id = refs[i]!.id;
      const email = emails.get(uid);
      if (email) tx.create(db.collection(C.mail).doc(id), backOnMail(email, name, e.subject, backOn, uid, id));
      tx.create(refs[i]!, notification(uid, e, { kind: 'back_on', backOn, available: 0 }));
      notified++;
    }
    return { notified, duplicate: notified === 0 && subs.size > 0 };
  });
}

/** A SKU's subscriptions, and their addresses, looked up before the transaction (an outside call must not run inside it). */
async function audience(db: Firestore, sku: string, contacts?: ShopperContacts): Promise<{ subsQuery: Query; emails: Map<string, string> }> {
  const subsQuery = db.collection(C.stockSubscriptions).where('sku', '==', sku).limit(400);
  const emails = contacts ? await contacts.emails((await subsQuery.get()).docs.map((d) => d.data().uid as string)) : new Map<string, string>();
  return { subsQuery, emails };
}

async function productName(db: Firestore, tx: Transaction, sku: string): Promise<string> {
  return ((await tx.get(db.collection(C.products).doc(sku))).data()?.name as string | undefined) ?? sku;
}

function notification(uid: string, e: InventoryCloudEvent, fields: { kind: 'back_in_stock' | 'back_on'; available: number; backOn?: string }) {
  return { uid, sku: e.subject, ...fields, eventId: e.id, createdAt: FieldValue.serverTimestamp(), read: false, expireAt: expireAt('notifications') };
}
