import { FieldValue, Firestore } from 'firebase-admin/firestore';
import { C } from '../../adapters/collections';
import { expireAt } from '../../adapters/retention';
import { InventoryCloudEvent } from '../schema';
import { ShopperContacts } from '../ports';
import { backInStockMail } from './back-in-stock-mail';
import { receiptData, receiptRef } from './receipts';

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

