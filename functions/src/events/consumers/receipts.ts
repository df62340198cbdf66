/**
 * Consumer receipts: each consumer's effect and `consumerReceipts/{consumer}:{eventId}` commit
 * together, so a redelivered event changes nothing.
 */
import { FieldValue, Firestore } from 'firebase-admin/firestore';
import { C } from '../../adapters/collections';
import { expireAt } from '../../adapters/retention';
import { InventoryCloudEvent } from '../schema';

export function receiptRef(db: Firestore, consumer: string, eventId: string) {
  return db.collection(C.consumerReceipts).doc(`${consumer}:${eventId}`);
}

export const receiptData = (e: InventoryCloudEvent) => ({
  eventId: e.id,
  type: e.type,
  sku: e.subject,
  at: FieldValue.serverTimestamp(),
  expireAt: expireAt('consumerReceipts'),
});

