import { FieldValue, Firestore } from 'firebase-admin/firestore';
import { alertRef, openAlert, resolveAlert } from '../../adapters/alerts';
import { InventoryCloudEvent } from '../schema';
import { receiptData, receiptRef } from './receipts';

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

