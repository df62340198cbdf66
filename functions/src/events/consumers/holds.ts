import { Firestore } from 'firebase-admin/firestore';
import { SalesSink } from '../../stock/ports';
import { InventoryCloudEvent } from '../schema';
import { receiptData, receiptRef } from './receipts';

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

